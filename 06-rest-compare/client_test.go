package rest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for StreamProducts in client.go.

const todoClient = "TODO(06): write StreamProducts in 06-rest-compare/client.go -- see 06-rest-compare/README.md#stretch-write-the-client"

func TestStreamProductsClient(t *testing.T) {
	srv, _ := startServer(t)

	got, err := StreamProducts(t.Context(), srv.Client(), srv.URL, testToken, "toys")
	require.NoError(t, err, todoClient)
	require.Len(t, got, 6)
	assert.Equal(t, "prod-031", got[0].GetId())
	assert.NotEmpty(t, got[0].GetName(), "whole products")

	all, err := StreamProducts(t.Context(), srv.Client(), srv.URL, testToken, "")
	require.NoError(t, err)
	assert.Len(t, all, 36)

	none, err := StreamProducts(t.Context(), srv.Client(), srv.URL, testToken, "no-such-category")
	require.NoError(t, err)
	assert.Empty(t, none)
}

// A category with characters that mean something in a URL still arrives as
// itself. (Without escaping, "a&limit=1" would set limit.)
func TestStreamProductsClientEscapesTheCategory(t *testing.T) {
	srv, store := startServer(t)
	p := catalog.Generate("odd", 3)
	for _, x := range p {
		x.Category = "a&limit=1"
	}
	_, err := store.CreateAll(p)
	require.NoError(t, err)

	got, err := StreamProducts(t.Context(), srv.Client(), srv.URL, testToken, "a&limit=1")
	require.NoError(t, err, todoClient)
	assert.Len(t, got, 3)
}

func TestStreamProductsClientReadsTheErrorBody(t *testing.T) {
	srv, _ := startServer(t)

	got, err := StreamProducts(t.Context(), srv.Client(), srv.URL, "wrong-token", "")

	assert.Nil(t, got)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "%s\na non-200 answer is an *APIError", todoClient)
	assert.Equal(t, http.StatusUnauthorized, apiErr.Status)
	assert.Equal(t, "UNAUTHENTICATED", apiErr.Code, "from the JSON error body")
	assert.Contains(t, apiErr.Message, "Bearer")
}

// Servers that break the stream: a line that is not a product, and a body
// cut in the middle of a line. Neither is a complete answer.
func TestStreamProductsClientRefusesABrokenStream(t *testing.T) {
	good, err := protojson.Marshal(catalog.Samples()[0])
	require.NoError(t, err)
	cases := map[string]struct {
		body string
		is   error // errors.Is must hold, or nil
	}{
		"a line that is not JSON": {string(good) + "\nnot json\n", nil},
		"a product cut short":     {string(good) + "\n" + string(good[:20]), ErrBrokenStream},
		"an unknown field":        {string(good) + "\n" + `{"id": "x", "colour": "red"}` + "\n", nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-ndjson")
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()

			got, err := StreamProducts(t.Context(), srv.Client(), srv.URL, testToken, "")

			require.Error(t, err, todoClient)
			assert.Nil(t, got, "half a stream is not an answer")
			assert.Contains(t, err.Error(), "line 2", "say which line")
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
		})
	}
}

func TestStreamProductsClientStopsWithItsContext(t *testing.T) {
	srv, _ := startServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := StreamProducts(ctx, srv.Client(), srv.URL, testToken, "")

	assert.True(t, errors.Is(err, context.Canceled), "%s\nthe request carries ctx (http.NewRequestWithContext): %v", todoClient, err)
}

func TestStreamProductsClientReadsALongLine(t *testing.T) {
	srv, store := startServer(t)
	p := catalog.Generate("big", 1)[0]
	p.Category = "big"
	p.Description = strings.Repeat("d", 100_000) // one line over bufio.Scanner's 64 KB
	_, err := store.Create(p)
	require.NoError(t, err)
	got, err := StreamProducts(t.Context(), srv.Client(), srv.URL, testToken, "big")
	require.NoError(t, err, "%s\na product of 100 KB is one line (a bufio.Scanner stops at 64 KB)", todoClient)
	require.Len(t, got, 1)
	assert.Len(t, got[0].GetDescription(), 100_000)
}
