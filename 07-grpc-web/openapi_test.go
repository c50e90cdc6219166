package grpcweb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// The OpenAPI document at /openapi.json (openapi.go) is generated from the
// contract (go generate ./01-proto/). These tests hold it to the live
// server both ways: every operation it lists, called for its success and
// for each error it documents, answers as documented (the status listed,
// the content type, the body's schema); and every REST route the server
// serves is in it.

const regenerate = "edit 01-proto/openapi.yaml (07-grpc-web/README.md#stretch-document-the-rest-api) or the .proto's google.api.http options, then run go generate ./01-proto/"

// restCase is one request the document must describe.
type restCase struct {
	op     string // the document's operationId
	name   string
	path   string // with the query
	token  string // "" sends none
	status int    // what the server answers
}

// restCases: for every operation, its success and each error it can give.
var restCases = []restCase{
	{"ProductService_GetProduct", "a product", "/v1/products/prod-001", testToken, http.StatusOK},
	{"ProductService_GetProduct", "a malformed id", "/v1/products/bad%20id", testToken, http.StatusBadRequest},
	{"ProductService_GetProduct", "an unknown query parameter", "/v1/products/prod-001?colour=red", testToken, http.StatusBadRequest},
	{"ProductService_GetProduct", "no token", "/v1/products/prod-001", "", http.StatusUnauthorized},
	{"ProductService_GetProduct", "a wrong token", "/v1/products/prod-001", "wrong-token", http.StatusUnauthorized},
	{"ProductService_GetProduct", "an unknown id", "/v1/products/prod-999", testToken, http.StatusNotFound},
	{"ProductService_ListProducts", "a page of books", "/v1/products?category=books&pageSize=2", testToken, http.StatusUnsupportedMediaType},
	{"ProductService_ListProducts", "an unknown query parameter", "/v1/products?colour=red", testToken, http.StatusBadRequest},
}

// notGiven are documented answers this server never gives, and why.
var notGiven = map[string]string{
	"ProductService_ListProducts 200": "the contract's stream: vanguard v0.4 does not stream over REST (415); TestRESTListProducts fails when it learns to",
}

// loadOpenAPI reads the embedded document (the bytes /openapi.json serves),
// converts it to OpenAPI 3 for kin-openapi's validators and validates it.
func loadOpenAPI(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	var v2 openapi2.T
	require.NoError(t, json.Unmarshal(openAPIDoc, &v2), "openapi/product_service.swagger.json is not a Swagger 2.0 document")
	doc, err := openapi2conv.ToV3(&v2)
	require.NoError(t, err, "converting the document to OpenAPI 3")
	// Strict objects: a field the server sends must be in the document,
	// so a renamed field fails (the generator leaves objects open). Those
	// that say otherwise (google.protobuf.Any's details) stay open.
	for _, s := range doc.Components.Schemas {
		if s.Value.Type.Is(openapi3.TypeObject) && len(s.Value.Properties) > 0 &&
			s.Value.AdditionalProperties.Has == nil && s.Value.AdditionalProperties.Schema == nil {
			s.Value.AdditionalProperties.Has = new(false)
		}
	}
	require.NoError(t, doc.Validate(context.Background()), "the OpenAPI document is not valid")
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	return doc, router
}

// The document is public: no token, JSON, exactly the generated file.
func TestOpenAPIServed(t *testing.T) {
	base := startServer(t)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		req, err := http.NewRequestWithContext(testCtx(t), method, base+"/openapi.json", nil)
		require.NoError(t, err)
		resp, err := httpClient(t).Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s /openapi.json without a token: %s", method, body)
		assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), method)
		if method == http.MethodGet {
			assert.True(t, bytes.Equal(openAPIDoc, body), "GET /openapi.json serves other bytes than openapi/product_service.swagger.json")
		}
	}
}

// Every operation in the document, called for its success and each error
// it lists, answers as documented.
func TestOpenAPIMatchesServer(t *testing.T) {
	doc, router := loadOpenAPI(t)
	base := startServer(t)
	t.Cleanup(func() {
		if t.Failed() && strings.Contains(doc.Info.Description, "TODO(") {
			t.Log("the document is still the stub's: " + doc.Info.Description)
		}
	})

	// Each operation has cases, and each answer it lists has one.
	byOp := map[string][]restCase{}
	for _, c := range restCases {
		byOp[c.op] = append(byOp[c.op], c)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			cases, ok := byOp[op.OperationID]
			if !ok {
				t.Errorf("%s %s (%s) is in the document but no case calls it: add its success and errors to restCases", method, path, op.OperationID)
				continue
			}
			delete(byOp, op.OperationID)
			// Every route wants the token, even one that refuses a request
			// before it checks (ListProducts' 415): the requirement in
			// effect is the operation's own, else the document's.
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			if len(security) == 0 || slices.ContainsFunc(security, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 }) {
				t.Errorf("%s %s asks for no token: no security requirement is in effect for it (or one of its requirements is empty, which makes the token optional), but every route of this API wants one. A requirement at the file's level (openapiOptions.file) covers every route: %s", method, path, regenerate)
			}
			for code := range op.Responses.Map() {
				if code == "default" || notGiven[op.OperationID+" "+code] != "" ||
					slices.ContainsFunc(cases, func(c restCase) bool { return strconv.Itoa(c.status) == code }) {
					continue
				}
				t.Errorf("%s %s documents %s, but none of the requests made there gets it (a success and every error this server gives: a malformed id, an unknown parameter, no token, a wrong one, an unknown id, the 415): document what each route really answers (%s)", method, path, code, regenerate)
			}
		}
	}
	for op := range byOp {
		t.Errorf("the server answers %s (this test calls it), which the document does not list: %s", op, regenerate)
	}

	for _, c := range restCases {
		if byOp[c.op] != nil {
			continue // said above
		}
		t.Run(c.op+"/"+c.name, func(t *testing.T) { checkCase(t, router, base, c) })
	}
}

// checkCase makes one request and checks it, and its answer, against the
// document.
func checkCase(t *testing.T, router routers.Router, base string, c restCase) {
	req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, base+c.path, nil)
	require.NoError(t, err)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	route, params, err := router.FindRoute(req)
	require.NoError(t, err, "GET %s: not in the OpenAPI document: %s", c.path, regenerate)
	require.Equal(t, c.op, route.Operation.OperationID, "GET %s", c.path)

	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerAuth},
	}
	err = openapi3filter.ValidateRequest(req.Context(), in)
	if c.token == "" {
		var secErr *openapi3filter.SecurityRequirementsError
		assert.True(t, errors.As(err, &secErr), "the server refuses GET %s without a token, but the document does not ask for one (its security): %s", c.path, regenerate)
	} else {
		assert.NoError(t, err, "GET %s: the document refuses this request, the server takes it", c.path)
	}

	resp, err := httpClient(t).Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, c.status, resp.StatusCode, "GET %s (%s): %s", c.path, c.name, body)

	documented := route.Operation.Responses.Status(resp.StatusCode)
	if documented == nil {
		t.Errorf("GET %s answers %d, which the document does not list for %s (only its default would cover it): %s\nbody: %s",
			c.path, resp.StatusCode, c.op, regenerate, body)
		return
	}
	if len(body) > 0 && !hasSchema(documented.Value) {
		// The validator would take any body: a response needs a schema.
		t.Errorf("GET %s answers %d with a body, but the document gives that answer no schema (for an error, google.rpc.Status): %s\nbody: %s",
			c.path, resp.StatusCode, regenerate, body)
		return
	}
	ct := resp.Header.Get("Content-Type")
	if documented.Value.Content.Get(ct) == nil {
		t.Errorf("GET %s answers %d as %s, a content type the document does not list for it (Swagger 2.0: produces, on the operation): %s\nbody: %s",
			c.path, resp.StatusCode, ct, regenerate, body)
		return
	}
	err = openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			// The failure names the schema and the field; the body is printed below.
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}},
	})
	assert.NoError(t, err, "GET %s answers %d, and its body does not match the document's schema for it: %s\nbody: %s", c.path, resp.StatusCode, regenerate, body)
}

// hasSchema reports whether r says what its body holds. No schema, or an
// empty one (what the generator writes for a response given without one),
// lets any body through.
func hasSchema(r *openapi3.Response) bool {
	for _, mt := range r.Content {
		if s := mt.Schema; s != nil && (s.Ref != "" || (s.Value != nil && !s.Value.IsEmpty())) {
			return true
		}
	}
	return false
}

// bearerAuth is the document's security scheme, applied: the header it
// names holds "Bearer <token>".
func bearerAuth(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	if s.Type != "apiKey" || s.In != "header" {
		return fmt.Errorf("security scheme %s: want an API key in a header (Swagger 2.0's way to say bearer)", in.SecuritySchemeName)
	}
	token, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get(s.Name), "Bearer ")
	if !ok || token == "" {
		return fmt.Errorf("no %q header with Bearer <token>", s.Name)
	}
	return nil
}

// servedRoute is one REST route of the registered descriptors.
type servedRoute struct {
	method, path string
	selector     protoreflect.FullName
}

// descriptorRoutes lists the google.api.http rules of every service
// compiled into this binary: what vanguard serves, for the services
// registered on the server.
func descriptorRoutes() []servedRoute {
	var routes []servedRoute
	protoregistry.GlobalFiles.RangeFiles(func(f protoreflect.FileDescriptor) bool {
		for i := range f.Services().Len() {
			methods := f.Services().Get(i).Methods()
			for j := range methods.Len() {
				md := methods.Get(j)
				rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
				if rule == nil {
					continue
				}
				for _, r := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
					if method, path := ruleRoute(r); path != "" {
						routes = append(routes, servedRoute{method, path, md.FullName()})
					}
				}
			}
		}
		return true
	})
	return routes
}

func ruleRoute(r *annotations.HttpRule) (method, path string) {
	switch p := r.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return http.MethodGet, p.Get
	case *annotations.HttpRule_Post:
		return http.MethodPost, p.Post
	case *annotations.HttpRule_Put:
		return http.MethodPut, p.Put
	case *annotations.HttpRule_Patch:
		return http.MethodPatch, p.Patch
	case *annotations.HttpRule_Delete:
		return http.MethodDelete, p.Delete
	case *annotations.HttpRule_Custom:
		return p.Custom.GetKind(), p.Custom.GetPath()
	}
	return "", ""
}

var pathVar = regexp.MustCompile(`\{[^}]*\}`)

// Every REST route the server serves is in the document: what the server
// has (the google.api.http rules of its descriptors, each probed live) is
// what the document lists, even when the generation and the build disagree.
func TestOpenAPIDocumentsEveryServedRoute(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+pathVar.ReplaceAllString(path, "{}")] = true
		}
	}
	base := startServer(t)
	served := 0
	for _, r := range descriptorRoutes() {
		// A probe: the route's path with its variables filled in. The
		// transcoder's own "no such route" is a text 404 or 405; anything
		// else came from the route (a JSON error, the service's answer,
		// or 415 for a stream).
		req, err := http.NewRequestWithContext(testCtx(t), r.method, base+pathVar.ReplaceAllString(r.path, "openapi-probe"), nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := httpClient(t).Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed) &&
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Logf("%s %s (%s): compiled in, not served here", r.method, r.path, r.selector)
			continue
		}
		served++
		if !documented[r.method+" "+pathVar.ReplaceAllString(r.path, "{}")] {
			t.Errorf("%s %s (%s) is served, but the OpenAPI document does not list it: the document is stale or was generated from another .proto; %s",
				r.method, r.path, r.selector, regenerate)
		}
	}
	require.NotZero(t, served, "no REST route answered: the probe, or the server, is broken")
}
