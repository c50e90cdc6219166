// Package stock is step 01's stretch exercise "change the contract": add a
// field and an RPC to stock.proto, regenerate, serve the RPC, call it, and
// let buf breaking prove that old clients keep working.
package stock

// buf (pinned in tools/go.mod) lints stock.proto, then writes stock.pb.go and
// stock_grpc.pb.go beside it. This folder is a buf module of its own.
//go:generate go tool -modfile=../../tools/go.mod buf lint
//go:generate go tool -modfile=../../tools/go.mod buf generate
