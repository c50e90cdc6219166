package rest

import (
	"net/http"
	"net/url"
	"strings"
)

// sameURIs makes equivalent URIs route alike. A percent-encoded unreserved
// character (a letter, a digit, "-", ".", "_" or "~") is that character
// (RFC 3986, section 6.2.2.2): /products/prod%2D001 is /products/prod-001.
// chi routes on the raw, still-encoded path when the request has one, so
// without this the handler would see the id "prod%2D001" and answer 400.
// Encoded reserved characters keep their meaning: %2F is not a "/".
func sameURIs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawPath != "" {
			u := *r.URL
			u.RawPath = decodeUnreserved(u.RawPath)
			if u.RawPath == (&url.URL{Path: u.Path}).EscapedPath() {
				u.RawPath = "" // no encoding left that Path does not say
			}
			r = r.WithContext(r.Context())
			r.URL = &u
		}
		next.ServeHTTP(w, r)
	})
}

// decodeUnreserved decodes the %XX of unreserved characters in p.
func decodeUnreserved(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+3 <= len(p) {
			if c, err := url.PathUnescape(p[i : i+3]); err == nil && unreserved(c[0]) {
				b.WriteByte(c[0])
				i += 2
				continue
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0
}
