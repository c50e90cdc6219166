// Package contract holds the workshop's contract and the step 01 exercise.
package contract

// buf (pinned in tools/go.mod, kept out of the workshop's own go.mod) lints
// the contract, then writes the Go code next to the .proto file, then the
// OpenAPI document of its REST routes that step 07 serves
// (buf.gen.openapi.yaml: ProductService only, with openapi.yaml's additions).
//go:generate go tool -modfile=../tools/go.mod buf lint
//go:generate go tool -modfile=../tools/go.mod buf generate
//go:generate go tool -modfile=../tools/go.mod buf generate --template buf.gen.openapi.yaml
