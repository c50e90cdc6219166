// Package envoy checks envoy.yaml against Envoy's own configuration schema
// (the v3 API types and their validation rules, from go-control-plane). It is
// its own module so the workshop's go.mod does not carry Envoy's API.
package envoy

import (
	"os"
	"strings"
	"testing"
	"time"

	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/cors/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/grpc_web/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"sigs.k8s.io/yaml"
)

func load(t *testing.T) *bootstrapv3.Bootstrap {
	t.Helper()
	y, err := os.ReadFile("envoy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	j, err := yaml.YAMLToJSON(y)
	if err != nil {
		t.Fatal(err)
	}
	var b bootstrapv3.Bootstrap
	// Strict: an unknown or misspelt field is an error, as in Envoy.
	if err := protojson.Unmarshal(j, &b); err != nil {
		t.Fatalf("envoy.yaml is not a valid v3 Bootstrap: %v", err)
	}
	return &b
}

// TestSchema: every field exists with the right type, every typed_config
// names a real extension, and Envoy's validation rules (required fields,
// ranges) hold.
func TestSchema(t *testing.T) {
	if err := load(t).ValidateAll(); err != nil {
		t.Fatalf("Envoy's validation rules: %v", err)
	}
}

func hcm(t *testing.T) *hcmv3.HttpConnectionManager {
	t.Helper()
	b := load(t)
	var m hcmv3.HttpConnectionManager
	if err := b.GetStaticResources().GetListeners()[0].GetFilterChains()[0].GetFilters()[0].GetTypedConfig().UnmarshalTo(&m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestTheGuidesMistakesAreFixed checks what the schema cannot: the meaning.
func TestTheGuidesMistakesAreFixed(t *testing.T) {
	m := hcm(t)

	var order []string
	for _, f := range m.GetHttpFilters() {
		order = append(order, f.GetName())
	}
	want := []string{"envoy.filters.http.cors", "envoy.filters.http.grpc_web", "envoy.filters.http.router"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("http_filters: got %v, want %v (CORS first, router last)", order, want)
	}

	vh := m.GetRouteConfig().GetVirtualHosts()[0]
	var policy corsv3.CorsPolicy
	if err := vh.GetTypedPerFilterConfig()["envoy.filters.http.cors"].UnmarshalTo(&policy); err != nil {
		t.Fatalf("CORS policy: %v", err)
	}
	if len(policy.GetAllowOriginStringMatch()) == 0 {
		t.Error("no allowed origins")
	}
	for _, o := range policy.GetAllowOriginStringMatch() {
		if o.GetExact() == "" || strings.Contains(o.GetExact(), "*") {
			t.Errorf("allowed origin %v: want an exact origin, no wildcard", o)
		}
	}
	for _, h := range []string{"grpc-status", "grpc-message"} {
		if !strings.Contains(policy.GetExposeHeaders(), h) {
			t.Errorf("expose_headers lacks %s: the page could not read errors", h)
		}
	}
	for _, h := range []string{"authorization", "x-grpc-web", "content-type"} {
		if !strings.Contains(policy.GetAllowHeaders(), h) {
			t.Errorf("allow_headers lacks %s", h)
		}
	}

	route := vh.GetRoutes()[0].GetRoute()
	msd := route.GetMaxStreamDuration()
	if msd.GetMaxStreamDuration().AsDuration() <= 0 || msd.GetGrpcTimeoutHeaderMax().AsDuration() <= 0 {
		t.Errorf("streams need a bound: max_stream_duration %v", msd)
	}
	if m.GetStreamIdleTimeout().AsDuration() <= 0 {
		t.Error("stream_idle_timeout must be set")
	}

	c := load(t).GetStaticResources().GetClusters()[0]
	if c.GetConnectTimeout().AsDuration() < 500*time.Millisecond {
		t.Errorf("connect_timeout %v is too eager", c.GetConnectTimeout().AsDuration())
	}
	if c.GetType() != clusterv3.Cluster_STATIC && c.GetType() != clusterv3.Cluster_STRICT_DNS {
		t.Errorf("cluster type %v", c.GetType())
	}
	addr := c.GetLoadAssignment().GetEndpoints()[0].GetLbEndpoints()[0].GetEndpoint().GetAddress().GetSocketAddress()
	if addr.GetAddress() == "host.docker.internal" || addr.GetPortValue() == 0 {
		t.Errorf("upstream %v is not reachable outside Docker Desktop", addr)
	}
	if _, ok := c.GetTypedExtensionProtocolOptions()["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]; !ok {
		t.Error("the upstream must speak HTTP/2 (gRPC)")
	}
}
