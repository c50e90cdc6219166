package unary

import (
	"context"

	"google.golang.org/grpc/credentials"
)

// A stretch exercise, the client's side of auth: the token goes on every
// call of a connection by itself, instead of each caller adding it to its
// context. cmd/client uses it with -tls.

// BearerToken returns credentials that put "authorization: Bearer <token>"
// on every call made on a connection dialled with
// grpc.WithPerRPCCredentials(BearerToken(token)).
func BearerToken(token string) credentials.PerRPCCredentials {
	return bearerToken{token: token}
}

type bearerToken struct{ token string }

// GetRequestMetadata is asked, before every call, for the metadata to add.
func (b bearerToken) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + b.token}, nil
}

// RequireTransportSecurity says whether grpc-go may send this over a
// connection that is not encrypted. A bearer token is a password: whoever
// reads it calls as you, and over plaintext everyone on the path reads it.
// So never: grpc-go then refuses to make the call at all.
func (bearerToken) RequireTransportSecurity() bool {
	return true
}
