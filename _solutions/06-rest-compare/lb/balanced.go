package lb

import (
	"errors"

	"google.golang.org/grpc"
	// The client side of health checking: without this import grpc-go
	// ignores healthCheckConfig, silently, and keeps sending to a replica
	// that said NOT_SERVING.
	_ "google.golang.org/grpc/health"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
)

// serviceConfig asks for round_robin (a connection to every address, each
// call on the next ready one) instead of the default pick_first (one
// connection, every call on it), and for the health of ProductService, the
// service this client calls: a server can take it out while its other
// services keep serving.
const serviceConfig = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "healthCheckConfig": {"serviceName": "ecommerce.v1.ProductService"}
}`

// Dial returns one ClientConn that spreads its calls over every address,
// a call to each replica in turn, and leaves out a replica whose health
// service says ProductService is NOT_SERVING, or that has gone away.
// opts are the caller's (credentials, interceptors), added after yours.
//
// EXERCISE (stretch, client side): Dial.
func Dial(addrs []string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	if len(addrs) == 0 {
		return nil, errors.New("lb: no address to dial")
	}
	// A manual resolver answers with the addresses it is given. In
	// production the same list comes from DNS (dns:///products.internal
	// with one A record per replica), or xDS.
	r := manual.NewBuilderWithScheme("replicas")
	var state resolver.State
	for _, a := range addrs {
		state.Endpoints = append(state.Endpoints, resolver.Endpoint{Addresses: []resolver.Address{{Addr: a}}})
	}
	r.InitialState(state)
	opts = append([]grpc.DialOption{grpc.WithResolvers(r), grpc.WithDefaultServiceConfig(serviceConfig)}, opts...)
	return grpc.NewClient(r.Scheme()+":///products", opts...)
}
