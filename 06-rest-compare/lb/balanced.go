package lb

import (
	"errors"

	"google.golang.org/grpc"
)

// Dial returns one ClientConn that spreads its calls over every address,
// a call to each replica in turn, and leaves out a replica whose health
// service says ProductService is NOT_SERVING, or that has gone away.
// opts are the caller's (credentials, interceptors), added after yours.
//
// EXERCISE (stretch, client side): Dial.
func Dial(addrs []string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return nil, errors.New("TODO(06): write Dial in 06-rest-compare/lb/balanced.go -- see 06-rest-compare/README.md#stretch-write-the-balanced-client")
}
