package grpcweb

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests for the stretch exercise in origins.go.

const todoOrigins = "TODO(07): write ParseOrigins in 07-grpc-web/origins.go -- see 07-grpc-web/README.md#stretch-parse-the-allowlist"

func TestParseOrigins(t *testing.T) {
	cases := []struct {
		list string
		want []string
	}{
		{"", nil},
		{"http://localhost:5173", []string{"http://localhost:5173"}},
		{"https://shop.example.com,http://localhost:5173", []string{"https://shop.example.com", "http://localhost:5173"}},
		{" https://a.example , http://b.example ", []string{"https://a.example", "http://b.example"}},
		{"HTTPS://Shop.Example.COM", []string{"https://shop.example.com"}},
		{"http://a.example,http://a.example,HTTP://A.EXAMPLE", []string{"http://a.example"}},
		{"http://a.example,,http://b.example,", []string{"http://a.example", "http://b.example"}},
		{"http://127.0.0.1:8080", []string{"http://127.0.0.1:8080"}},
		{"http://[::1]:8080", []string{"http://[::1]:8080"}},
	}
	for _, tc := range cases {
		t.Run(tc.list, func(t *testing.T) {
			got, err := ParseOrigins(tc.list)
			require.NoError(t, err, todoOrigins)
			assert.Equal(t, tc.want, got, todoOrigins)
		})
	}
}

func TestParseOriginsRefuses(t *testing.T) {
	cases := map[string]string{
		"*":                          "never *",
		"http://a.example,*":         "never *",
		"example.com":                "scheme://host",
		"http://":                    "scheme://host",
		"ftp://example.com":          "scheme://host",
		"http://localhost:5173/":     "path",
		"http://example.com/app":     "path",
		"http://example.com?x=1":     "query",
		"http://user@example.com":    "user",
		"http://example.com#top":     "fragment",
		"http://example.com#":        "fragment",
		"http://example.com?":        "query",
		"http://a.example,b.example": `"b.example"`,
	}
	for list, message := range cases {
		t.Run(list, func(t *testing.T) {
			got, err := ParseOrigins(list)
			require.Error(t, err, "%s\n%q must be refused", todoOrigins, list)
			assert.Contains(t, err.Error(), message, "say which entry and why")
			assert.Nil(t, got)
		})
	}
}

// What a parsed list is for: the list as a person types it on the command
// line lets the browser's preflight in.
func TestParsedOriginsWorkForCORS(t *testing.T) {
	origins, err := ParseOrigins("http://a.example, HTTP://Shop.Example:8443")
	require.NoError(t, err, todoOrigins)
	h, err := NewServer(nil, Config{Token: testToken, AllowedOrigins: origins})
	require.NoError(t, err, "%s\nthe server refuses the parsed list %q", todoOrigins, origins)

	req := httptest.NewRequest(http.MethodOptions, "/ecommerce.v1.ProductService/GetProduct", nil)
	req.Header.Set("Origin", "http://shop.example:8443")
	req.Header.Set("Access-Control-Request-Method", "POST")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	assert.Equal(t, "http://shop.example:8443", rec.Header().Get("Access-Control-Allow-Origin"))
}
