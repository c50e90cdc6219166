package bidi

import (
	"context"
	"errors"
	"io"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of ProductUpdates: sending and receiving at the same time.

// UpdateAll sends every update on one ProductUpdates stream while it reads
// the answers, says when it has sent the last one, and returns the answers
// in order once the server has ended the stream with OK. If the stream
// fails, it returns the stream's status error (and the answers so far).
func UpdateAll(ctx context.Context, client pb.ProductServiceClient, updates []*pb.ProductUpdateRequest) ([]*pb.ProductUpdateResponse, error) {
	// Cancelled on return: if Recv fails first, the sender's Send unblocks
	// and its goroutine ends instead of leaking.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.ProductUpdates(ctx)
	if err != nil {
		return nil, err
	}

	// The two directions are independent. Sending everything before reading
	// would stall once the server, blocked on answers nobody reads, stops
	// reading too: both flow-control windows full, nobody moves.
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for _, u := range updates {
			if err := stream.Send(u); err != nil {
				return // io.EOF: the stream ended; Recv below says why
			}
		}
		_ = stream.CloseSend() // half-close: "no more updates"
	}()

	var answers []*pb.ProductUpdateResponse
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			<-sent
			return answers, nil // the server drained and ended with OK
		}
		if err != nil {
			cancel()
			<-sent
			return answers, err
		}
		answers = append(answers, resp)
	}
}
