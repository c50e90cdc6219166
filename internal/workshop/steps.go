// Package workshop is the engine behind cmd/workshop: the registry of steps,
// running their tests, swapping solutions in, and the maintainer's verify.
package workshop

// Step is one numbered lesson.
type Step struct {
	Num       string   // "02"
	Dir       string   // "02-unary"
	Title     string   // one line for the status list
	Minutes   int      // a fair time for the exercise, reading included
	Exercises []string // files the learner edits, relative to the root; twins live in _solutions/
	Failing   []string // the top-level tests that must fail on the stubs, and only those
	Hints     []string
	Server    string   // the stage's server package for `workshop run`, "" if none
	Codegen   bool     // verify also checks buf lint and that generated code is fresh
	NodeDir   string   // verify also runs `node --test` here against Server built with the solution
	WebDir    string   // verify also checks the generated TypeScript and the bundle here are fresh
	Modules   []string // nested Go modules whose tests verify also runs (kept out of the main go.mod)
	Demos     []Demo   // lessons that must fail the way the README says
}

// Demo is a command whose failure is the lesson, e.g. the guide's data race
// caught by -race. verify checks it still fails, with that message.
type Demo struct {
	Name        string
	GoArgs      []string // arguments to the go command
	MustContain string   // in its output
}

// Steps is the registry, in teaching order. Only steps that exist are listed.
var Steps = []Step{
	{
		Num: "01", Dir: "01-proto", Title: "The contract: .proto, generated code, the wire format", Minutes: 25,
		Exercises: []string{"01-proto/wire.go"},
		Failing: []string{
			"TestWireFields", "TestWireFieldsOfAnEmptyMessage", "TestWireFieldsRejectsBrokenBytes",
			"TestCompareSizes", "TestCompareSizesOfAnEmptyProduct", "TestDescribeUpdate",
		},
		Hints: []string{
			"WireFields: loop while len(b) > 0; protowire.ConsumeTag(b) gives (number, type, n); n < 0 means broken bytes.",
			"After the tag, protowire.ConsumeFieldValue(number, type, b[n:]) says how many bytes the value takes: skip them.",
			"Turn a negative n into an error with protowire.ParseError(n), and return it as codes.InvalidArgument.",
			"CompareSizes: len(proto.Marshal(p)) and len(protojson.Marshal(p)).",
			"DescribeUpdate: switch v := u.GetUpdate().(type) { case *pb.ProductUpdateRequest_NewPrice: ... case nil: ... }. %+d prints the sign.",
		},
		Codegen: true,
	},
	{
		Num: "02", Dir: "02-unary", Title: "Unary GetProduct: status codes, deadlines, interceptors", Minutes: 35,
		Exercises: []string{"02-unary/get_product.go"},
		Failing:   []string{"TestGetProduct", "TestGetProductRejectsBadInput", "TestGetProductHonoursDeadline"},
		Hints: []string{
			"Start with the caller: if err := ctx.Err(); err != nil { return nil, status.FromContextError(err).Err() }.",
			"catalog.ValidateID(id) says whether an id is well-formed; catalog.Status(err) turns any catalog error into the right gRPC status (with a BadRequest detail).",
			"s.store.Get(id) returns a copy, or an error that catalog.Status maps to NotFound.",
		},
		Server: "./02-unary/cmd/server",
	},
	{
		Num: "03", Dir: "03-server-stream", Title: "Server streaming ListProducts: pages, flow control, cancel", Minutes: 35,
		Exercises: []string{"03-server-stream/list_products.go"},
		Failing: []string{
			"TestListProducts", "TestListProductsFiltersByCategory", "TestListProductsPaginates",
			"TestListProductsRejectsBadInput", "TestListProductsStreamsTenThousand",
			"TestSlowReaderDoesNotBlockWriters", "TestListProductsStopsWhenTheClientGoes",
		},
		Hints: []string{
			"s.store.List(catalog.Query{Category: ..., PageSize: int(req.GetPageSize()), PageToken: ...}) does the filtering, the page size rules and the token; map its error with catalog.Status.",
			"Send one &pb.ListProductsResponse{Product: p} per product; only the last one gets NextPageToken: page.NextPageToken.",
			"Inside the loop, return status.FromContextError(err).Err() when stream.Context().Err() != nil.",
			"If stream.Send returns an error, the stream is gone: return that error, do not go on.",
		},
		Server: "./03-server-stream/cmd/server",
	},
	{
		Num: "04", Dir: "04-client-stream", Title: "Client streaming UploadProducts: all or nothing, limits", Minutes: 35,
		Exercises: []string{"04-client-stream/upload_products.go"},
		Failing: []string{
			"TestUploadProducts", "TestUploadNothing", "TestUploadRejectsBadProductsAndStoresNothing",
			"TestUploadOverTheCountLimit", "TestUploadRefusesEarly", "TestUploadOneHundredThousand", "TestUploadMessageOverTheLimit",
			"TestUploadCancelledMidway",
		},
		Hints: []string{
			"Loop on stream.Recv(); errors.Is(err, io.EOF) means the client is done sending: break.",
			"Any other Recv error is already a status (Canceled, ResourceExhausted...): return it as it is, do not wrap it in Internal.",
			"catalog.Validate(p) each product as it arrives; wrap with fmt.Errorf(\"product %d: %w\", i, err) and return catalog.Status(...).",
			"Stop at s.maxUpload products with codes.ResourceExhausted.",
			"At EOF, s.store.CreateAll(upload) stores all or none (it also finds duplicate ids); answer with stream.SendAndClose.",
		},
		Server: "./04-client-stream/cmd/server",
	},
	{
		Num: "05", Dir: "05-bidi", Title: "Bidirectional ProductUpdates: copies, no races; Node client", Minutes: 40,
		Exercises: []string{"05-bidi/product_updates.go"},
		Failing: []string{
			"TestProductUpdates", "TestProductUpdatesReportsRefusals", "TestConcurrentStreamsLoseNoUpdate",
			"TestProductUpdatesHalfClose", "TestProductUpdatesEndsWhenClientCancels",
		},
		Hints: []string{
			"Loop: req, err := stream.Recv(); io.EOF means the client half-closed: return nil. Other errors: return them.",
			"s.store.Update(req) applies the oneof atomically and returns a copy (never the store's pointer).",
			"On an error, answer &pb.ProductUpdateResponse{ProductId: ..., Result: &pb.ProductUpdateResponse_Error{Error: &pb.UpdateError{Code: int32(catalog.Code(err)), Message: err.Error()}}} and go on.",
			"On success, Result: &pb.ProductUpdateResponse_Product{Product: p}. Return Send's error if it fails.",
		},
		Server:  "./05-bidi/cmd/server",
		NodeDir: "05-bidi/node",
		Demos: []Demo{{
			Name:        "the guide's ProductUpdates is a data race",
			GoArgs:      []string{"test", "-race", "-count=1", "-tags", "guidebug", "-run", "TestGuideVersionRaces", "./05-bidi/"},
			MustContain: "WARNING: DATA RACE",
		}},
	},
	{
		Num: "06", Dir: "06-rest-compare", Title: "The same API over REST (chi), streaming in REST, the benchmark", Minutes: 45,
		Exercises: []string{"06-rest-compare/batch.go"},
		Failing:   []string{"TestCreateBatch", "TestCreateEmptyBatch", "TestCreateBatchRejectsBadInput"},
		Hints: []string{
			"Check the Content-Type first (mime.ParseMediaType): not application/json is 415.",
			"Wrap the body in http.MaxBytesReader(w, r.Body, MaxBodyBytes); an *http.MaxBytesError while decoding means 413.",
			"Decode the envelope with a json.Decoder, DisallowUnknownFields, into struct{ Products []json.RawMessage }; then dec.Token() must be io.EOF.",
			"protojson.Unmarshal each raw product into a &pb.Product{} (it rejects unknown fields); errors are 400 \"product i: ...\".",
			"s.store.CreateAll(products) is all or nothing; writeStoreError maps its errors (400, 409); answer 201 with writeProto(w, 201, &pb.UploadProductsResponse{...}).",
		},
		Server: "./06-rest-compare/cmd/server",
	},
	{
		Num: "07", Dir: "07-grpc-web", Title: "gRPC-Web in a real browser, no proxy; CORS; REST too", Minutes: 40,
		Exercises: []string{"07-grpc-web/grpcweb.go"},
		Failing: []string{
			"TestGRPCWebUnary", "TestGRPCWebServerStream", "TestConnectAndGRPCOnTheSamePort",
			"TestRESTThroughTheTranscoder", "TestCORS", "TestBrowserPage", "TestBrowserCrossOrigin",
		},
		Hints: []string{
			"vanguardgrpc.NewTranscoder(srv, vanguard.WithRules(RESTRules...)) gives one http.Handler for gRPC-Web, Connect, gRPC and REST.",
			"Wrap it with cors.New(cors.Options{...}).Handler(transcoder) from github.com/rs/cors.",
			"AllowedOrigins: allowedOrigins. AllowedMethods: connectcors.AllowedMethods() (import connectcors \"connectrpc.com/cors\").",
			"AllowedHeaders: append(connectcors.AllowedHeaders(), \"Authorization\"); ExposedHeaders: connectcors.ExposedHeaders(); a MaxAge.",
		},
		Server:  "./07-grpc-web/cmd/server",
		WebDir:  "07-grpc-web/web",
		Modules: []string{"07-grpc-web/envoy"},
	},
}

// Find returns the step numbered num ("2", "02" and "02-unary" all work).
func Find(num string) (Step, bool) { return findIn(Steps, num) }

func findIn(steps []Step, num string) (Step, bool) {
	for _, s := range steps {
		if num == s.Num || num == s.Dir || "0"+num == s.Num {
			return s, true
		}
	}
	return Step{}, false
}
