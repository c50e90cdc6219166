package catalog

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// A page token tells the server where the previous page stopped. Clients get
// it as an opaque string: base64url of a small JSON object, a dot, and a MAC
// of it. Opaque means the server may change what is inside without breaking
// anyone. Binding the category in it means a token cannot be replayed against
// another query; the MAC means a client cannot edit it (readable base64 JSON
// invites "what if I change the id?"), so a token the server did not make is
// refused, as the contract says.
type pageToken struct {
	Category string `json:"c"`
	After    string `json:"a"` // the id of the last product already sent
}

// tokenKey signs this process's tokens. A fresh key per process means a token
// does not outlive its server: after a restart a client starts its walk
// again. (Replicas behind a load balancer would share one key from config.)
var tokenKey = func() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // never fails (crypto/rand: it panics rather than return short)
	return k
}()

func tokenMAC(body []byte) []byte {
	m := hmac.New(sha256.New, tokenKey)
	m.Write(body)
	return m.Sum(nil)[:16] // 128 bits: plenty against forgery, short in a URL
}

// EncodePageToken makes the token for "the products of category after the
// id after".
func EncodePageToken(category, after string) string {
	body, _ := json.Marshal(pageToken{Category: category, After: after}) // two strings: cannot fail
	enc := base64.RawURLEncoding
	return enc.EncodeToString(body) + "." + enc.EncodeToString(tokenMAC(body))
}

// DecodePageToken reads a token made by EncodePageToken (in this process) for
// the same category and returns its id. Anything else is an ErrInvalid naming
// page_token; it never panics, whatever the bytes (FuzzPageToken checks it).
func DecodePageToken(token, category string) (after string, err error) {
	malformed := Invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	b64, mac64, ok := strings.Cut(token, ".")
	enc := base64.RawURLEncoding
	body, err1 := enc.DecodeString(b64)
	mac, err2 := enc.DecodeString(mac64)
	if !ok || err1 != nil || err2 != nil || !hmac.Equal(mac, tokenMAC(body)) {
		return "", malformed // not ours: edited, made up, or from another server
	}
	var t pageToken
	if err := json.Unmarshal(body, &t); err != nil || ValidateID(t.After) != nil {
		return "", malformed
	}
	if t.Category != category {
		return "", Invalid("page_token", "was made for category %q, not %q", t.Category, category)
	}
	return t.After, nil
}
