#!/usr/bin/env bash
# Regenerates the Python code for 01-proto's ProductService into gen/, with
# Debian's protoc and gRPC's Python plugin (pip's `python -m grpc_tools.protoc`
# does the same, but it is not packaged by Debian):
#
#   sudo apt-get install protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf
#   05-bidi/python/generate.sh          # into 05-bidi/python/gen, then commit
#   05-bidi/python/generate.sh DIR      # into DIR: workshop verify compares it with gen/
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "${1:-$here/gen}" && cd "${1:-$here/gen}" && pwd)"
plugin="$(command -v grpc_python_plugin)" || {
  echo "grpc_python_plugin not found: sudo apt-get install protobuf-compiler-grpc" >&2
  exit 1
}
# A renamed or deleted .proto must not leave its old modules behind.
rm -rf "$out/ecommerce" "$out/google"
# -I 01-proto names the file ecommerce/v1/product_service.proto, so the
# modules land in ecommerce/v1/ and import each other as ecommerce.v1.*;
# google/protobuf/timestamp.proto comes from protoc's own include dir.
cd "$here/../../01-proto"
protoc -I . -I third_party \
  --python_out="$out" \
  --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$plugin" \
  ecommerce/v1/product_service.proto
# The contract imports google/api/annotations.proto (its REST routes), so
# product_service_pb2 imports google.api.annotations_pb2: generate it and
# http.proto, which it imports, from the vendored copies. No services, so no
# _pb2_grpc modules. Debian's python3-protobuf has no google.api; its
# google/ is a namespace package, so gen/google/api joins it on the path.
protoc -I third_party \
  --python_out="$out" \
  google/api/annotations.proto google/api/http.proto
