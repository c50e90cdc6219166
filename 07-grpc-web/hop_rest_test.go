package grpcweb

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/vanguard/vanguardgrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	invpb "github.com/grpcvsrest/workshop/01-proto/inventory/v1"
)

// The guide's hybrid picture end to end, as cmd/hop runs it: a REST client
// (curl, a browser: no deadline of its own) calls the edge through a REST
// transcoder, and the edge calls the inventory over gRPC. The transcoder
// is vanguard's, built here as NewAPIHandler builds it (without CORS), so
// this test needs your hop only, not the core exercise. The hop's codes
// become HTTP statuses the REST client can act on (vanguard maps them:
// Unavailable 503, DeadlineExceeded 504, Internal 500), and the request id
// it sent reaches the inventory.
func TestHopOverREST(t *testing.T) {
	const secret = "pq: connection to 10.0.3.7:5432 refused (user inventory_rw)"
	hang := func(ctx context.Context, _ *invpb.GetStockRequest) (*invpb.Stock, error) {
		<-ctx.Done() // a hung inventory: only the hop's deadline ends it
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	fail := func(c codes.Code) func(context.Context, *invpb.GetStockRequest) (*invpb.Stock, error) {
		return func(context.Context, *invpb.GetStockRequest) (*invpb.Stock, error) {
			return nil, status.Error(c, secret)
		}
	}
	for _, c := range []struct {
		name   string
		handle func(context.Context, *invpb.GetStockRequest) (*invpb.Stock, error)
		want   int
		why    string
	}{
		{"in stock", stock(7), http.StatusOK, "the product, with the inventory's stock"},
		{"a hung inventory", hang, http.StatusGatewayTimeout, "the REST client set no deadline, so only HopBudget ends the wait: DeadlineExceeded, a 504"},
		{"inventory unavailable", fail(codes.Unavailable), http.StatusServiceUnavailable, "Unavailable stays Unavailable, a 503 the client may retry"},
		{"inventory bug", fail(codes.Internal), http.StatusInternalServerError, "the inventory's failure is the edge's Internal, a 500"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := startHop(t, c.handle)
			rest, err := vanguardgrpc.NewTranscoder(r.edgeServer)
			require.NoError(t, err)
			base := serveHandler(t, rest)

			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second) // the test's own limit; the request sends no deadline
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/products/prod-001", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set(RequestIDHeader, "rest-1")
			resp, err := httpClient(t).Do(req)
			require.NoError(t, err, "GET /v1/products/prod-001 had no answer in 3 s: a REST client sends no deadline, so only the hop's HopBudget ends a hung inventory's wait")
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)

			require.Equal(t, c.want, resp.StatusCode, "%s; the edge answered: %s", c.why, body)
			assert.NotContains(t, string(body), "10.0.3.7", "the inventory's message reached the REST client: give the caller words of your own")
			if c.want == http.StatusOK {
				var p struct {
					StockQuantity int32 `json:"stockQuantity"`
				}
				require.NoError(t, json.Unmarshal(body, &p), "%s", body)
				assert.Equal(t, int32(7), p.StockQuantity, "the product's stockQuantity is the inventory's answer")
			}
			s := r.firstCall(t, nil)
			assert.Equal(t, []string{"rest-1"}, s.md.Get(RequestIDHeader),
				"the REST client's %s header must reach the inventory (it arrives in the edge's metadata; send RequestIDFrom(ctx) on)", RequestIDHeader)
		})
	}
}
