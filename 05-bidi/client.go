package bidi

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of ProductUpdates: sending and receiving at the same time.

// UpdateAll sends every update on one ProductUpdates stream while it reads
// the answers, says when it has sent the last one, and returns the answers
// in order once the server has ended the stream with OK. If the stream
// fails, it returns the stream's status error (and the answers so far).
//
// TODO(05): write it. See 05-bidi/README.md#write-the-client
func UpdateAll(ctx context.Context, client pb.ProductServiceClient, updates []*pb.ProductUpdateRequest) ([]*pb.ProductUpdateResponse, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(05): write UpdateAll in 05-bidi/client.go -- see 05-bidi/README.md#write-the-client")
}
