package catalog

import (
	"encoding/base64"
	"encoding/json"
)

// A page token tells the server where the previous page stopped. Clients get
// it as an opaque string: base64url of a small JSON object. Opaque means the
// server may change what is inside without breaking anyone. Binding the
// category in it means a token cannot be replayed against another query.
type pageToken struct {
	Category string `json:"c"`
	After    string `json:"a"` // the id of the last product already sent
}

// EncodePageToken makes the token for "the products of category after the
// id after".
func EncodePageToken(category, after string) string {
	b, _ := json.Marshal(pageToken{Category: category, After: after}) // two strings: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodePageToken reads a token made by EncodePageToken for the same
// category and returns its id. Anything else is an ErrInvalid naming
// page_token; it never panics, whatever the bytes (FuzzPageToken checks it).
func DecodePageToken(token, category string) (after string, err error) {
	var t pageToken
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return "", invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	}
	if t.Category != category {
		return "", invalid("page_token", "was made for category %q, not %q", t.Category, category)
	}
	if err := ValidateID(t.After); err != nil {
		return "", invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	}
	return t.After, nil
}
