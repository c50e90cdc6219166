package bidi

import (
	"context"
	"errors"
	"io"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// A stretch exercise: flow control you choose, on top of HTTP/2's.

// UpdateWindowed is UpdateAll with at most window updates sent and not yet
// answered at any moment: the client waits for answers before it sends
// more, so a slow server is never handed more than window updates to queue.
func UpdateWindowed(ctx context.Context, client pb.ProductServiceClient, updates []*pb.ProductUpdateRequest, window int) ([]*pb.ProductUpdateResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.ProductUpdates(ctx)
	if err != nil {
		return nil, err
	}

	// A buffered channel is a counting semaphore: the sender puts a token in
	// before each Send (and blocks when window are out), the receiver takes
	// one out per answer.
	inFlight := make(chan struct{}, window)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for _, u := range updates {
			select {
			case inFlight <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if err := stream.Send(u); err != nil {
				return
			}
		}
		_ = stream.CloseSend()
	}()

	var answers []*pb.ProductUpdateResponse
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			<-sent
			return answers, nil
		}
		if err != nil {
			cancel()
			<-sent
			return answers, err
		}
		answers = append(answers, resp)
		<-inFlight
	}
}
