package bidi

import (
	"google.golang.org/grpc"
)

// A stretch exercise: unary calls that live through a server restart.

// serviceConfig names GetProduct only: reading a product twice is harmless.
// UploadProducts is left out on purpose: a retry after the server stored the
// products but lost its answer would be told they already exist.
//
// waitForReady: a call made while no connection is ready waits for one (up to
// its deadline) instead of failing at once.
//
// retryPolicy: UNAVAILABLE only, the code a server (or grpc-go itself) gives
// when it could not take the call; 4 attempts in all (grpc-go allows at most
// 5), 0.1 s, 0.2 s, 0.4 s apart (each +-20%).
const serviceConfig = `{
  "methodConfig": [{
    "name": [{"service": "ecommerce.v1.ProductService", "method": "GetProduct"}],
    "waitForReady": true,
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
}`

// RetryOptions returns the dial options of a client whose GetProduct calls
// ride out a server that is briefly gone. A call made while no connection
// is ready waits for one (wait-for-ready) instead of failing at once with
// UNAVAILABLE; a call the server answers with UNAVAILABLE is tried again, a
// few times, with a short backoff; no other code is retried, and no other
// method. Both are a service config, JSON, that the client is dialled with.
func RetryOptions() []grpc.DialOption {
	return []grpc.DialOption{grpc.WithDefaultServiceConfig(serviceConfig)}
}
