package catalog

import (
	"encoding/base64"
	"encoding/json"
)

// A page token tells the store where the previous page stopped. Clients get it
// as an opaque string: base64url of a small JSON object. Opaque means we may
// change what is inside without breaking anyone. Binding the category in it
// means a token cannot be replayed against a different query.
type pageToken struct {
	Category string `json:"c"`
	After    string `json:"a"` // the id of the last product already sent
}

func encodePageToken(t pageToken) string {
	b, _ := json.Marshal(t) // two strings: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodePageToken never panics, whatever the bytes: a bad token is an
// ErrInvalid, not a crash (FuzzPageToken checks this).
func decodePageToken(s, category string) (pageToken, error) {
	var t pageToken
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return t, invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return t, invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	}
	if t.Category != category {
		return t, invalid("page_token", "was made for category %q, not %q", t.Category, category)
	}
	if err := ValidateID(t.After); err != nil {
		return t, invalid("page_token", "is malformed: pass back a next_page_token unchanged")
	}
	return t, nil
}
