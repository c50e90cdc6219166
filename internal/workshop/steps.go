// Package workshop is the engine behind cmd/workshop: the registry of steps,
// running their tests, swapping solutions in, and the maintainer's verify.
package workshop

// Step is one numbered lesson.
type Step struct {
	Num       string     // "02"
	Dir       string     // "02-unary"
	Title     string     // one line for the status list
	Exercises []Exercise // core first, then stretch; in the order the README teaches them
	Server    string     // the stage's server package for `workshop run`, "" if none
	Codegen   bool       // verify also checks buf lint and that generated code is fresh
	NodeDir   string     // verify also runs `node --test` here against Server built with the solution
	PythonDir string     // verify also checks the generated Python here is fresh and runs `python3 -m unittest` against Server built with the solution
	WebDir    string     // verify also checks the generated TypeScript and the bundle here are fresh
	Modules   []string   // nested Go modules whose tests verify also runs (kept out of the main go.mod)
	Demos     []Demo     // lessons that must fail the way the README says
	Race      bool       // `workshop test` and `watch` run its tests with -race: the race is the lesson
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
		Num: "01", Dir: "01-proto", Title: "The contract: .proto, generated code, the wire format",
		Exercises: []Exercise{{
			Name: "Wire", Side: "contract", Minutes: 25,
			Diagnoses: wireDiagnoses,
			Files:     []string{"01-proto/wire.go"},
			Failing: []string{
				"TestWireFields", "TestWireFieldsOfAnEmptyMessage", "TestWireFieldsRejectsBrokenBytes",
				"TestCompareSizes", "TestCompareSizesOfAnEmptyProduct", "TestDescribeUpdate", "FuzzWireFields",
			},
			Hints: []string{
				"The idea: on the wire a message is only numbers and bytes. Each field is a tag (its number from the .proto and a wire type that says how its value is laid out) followed by the value. Names never travel: that is why numbers are the contract.",
				"WireFields: read a tag, then skip its value, until no bytes are left; each step tells you how many bytes it used, or a negative number for broken input. CompareSizes: encode the same product both ways and count. DescribeUpdate: which of the oneof's three cases is set?",
				"protowire.ConsumeTag and protowire.ConsumeFieldValue (a negative n: turn it into an error with protowire.ParseError); proto.Marshal and protojson.Marshal; a type switch on u.GetUpdate() with cases *pb.ProductUpdateRequest_NewPrice, ..., and nil.",
				"for len(b) > 0 { num, typ, n := protowire.ConsumeTag(b); if n < 0 { ... }; b = b[n:]; m := protowire.ConsumeFieldValue(num, typ, b); if m < 0 { ... }; b = b[m:]; fields = append(fields, Field{num, typ}) }. %+d prints the sign of a stock adjustment.",
			},
		}, {
			Name: "Breaking", Stretch: true, Side: "contract", Minutes: 15,
			Files:   []string{"01-proto/evolve.go"},
			Failing: []string{"TestBreaking", "TestBreakingSaysWhy", "TestBreakingOnTheRealContract", "TestBreakingSeesAMapBecomeAList"},
			Hints: []string{
				"The idea: a change is safe when every client built from the old .proto still reads and writes the same meaning. On the wire only numbers and types count; in JSON, names count too. A number once used must never mean something else.",
				"Compare the two messages number by number: a number in old but not in new (is it reserved in new?), a number in both (same type? same repeated-ness? same name?), a number new in new (was it reserved in old?).",
				"protoreflect: md.Fields().ByNumber(n) is nil when there is no such field; md.ReservedRanges().Has(n); a field's Kind(), IsList(), IsMap(), Name(). Walk numbers from 1 to the highest in either message to report in order.",
				"for n := protoreflect.FieldNumber(1); n <= top; n++ { was, is := old.Fields().ByNumber(n), new.Fields().ByNumber(n); switch { case was != nil && is == nil && !new.ReservedRanges().Has(n): ...; case was != nil && is != nil && was.Kind() != is.Kind(): ...; ... } }",
			},
		}, {
			// Its own buf module and Go package (01-proto/stock): a half-edited
			// stock.proto stops neither the main contract's go generate nor
			// the rest of 01. The generated files are exercise files too, so
			// solve, reset and verify's overlays carry them with the .proto.
			Name: "ReserveStock", Stretch: true, Side: "contract", Minutes: 25,
			Diagnoses: reserveStockDiagnoses,
			Files: []string{
				"01-proto/stock/stock.proto", "01-proto/stock/stock.pb.go", "01-proto/stock/stock_grpc.pb.go",
				"01-proto/stock/server.go", "01-proto/stock/client.go",
			},
			Failing: []string{"TestContractHasReserveStock", "TestReserveStock", "TestReserveStockRejectsBadInput", "TestReserveStockConcurrently", "TestReserve"},
			Guards:  []string{"TestGeneratedCodeIsFresh", "TestOldClientsKeepWorking", "TestOldClientReadsTheNewServer", "TestBufBreakingCatchesBreakingChanges"},
			Hints: []string{
				"The idea: on the wire a message is numbers, and a service is a list of method names. A client built from the old file knows only what was there: adding a field (with a number never used) or an RPC changes nothing it sends or reads, so adding is safe. Changing or removing anything it uses is not.",
				"Five moves: add the field and the RPC with its two messages to stock.proto; run go generate ./01-proto/stock/ (the interface StockServiceServer grows ReserveStock); write ReserveStock on Server and fill the new field in GetStock; call it from Reserve in client.go; run buf breaking against testdata/baseline (the tests do too).",
				"In the .proto: rpc ReserveStock(ReserveStockRequest) returns (ReserveStockResponse); message ReserveStockRequest { string sku = 1; int32 quantity = 2; }, message ReserveStockResponse { Stock stock = 1; }, and in Stock: int32 reserved = 3. In Go: status.Errorf with codes.InvalidArgument, codes.NotFound, codes.FailedPrecondition; s.mu around the check and the change; NewStockServiceClient(conn).ReserveStock(ctx, &ReserveStockRequest{...}).",
				"func (s *Server) ReserveStock(_ context.Context, req *ReserveStockRequest) (*ReserveStockResponse, error) { if req.GetSku() == \"\" || req.GetQuantity() <= 0 { InvalidArgument }; s.mu.Lock(); defer s.mu.Unlock(); it, ok := s.items[req.GetSku()]; if !ok { NotFound }; if req.GetQuantity() > it.available { FailedPrecondition }; it.available -= q; it.reserved += q; return &ReserveStockResponse{Stock: &Stock{Sku: ..., Available: it.available, Reserved: it.reserved}}, nil }. Check go tool -modfile=../../tools/go.mod buf breaking --against testdata/baseline, from 01-proto/stock.",
			},
		}},
		Codegen: true,
	},
	{
		Num: "02", Dir: "02-unary", Title: "Unary GetProduct: status codes, deadlines, interceptors",
		Exercises: []Exercise{{
			Name: "GetProduct", Side: "server", Minutes: 15,
			Diagnoses: getProductDiagnoses,
			Files:     []string{"02-unary/get_product.go"},
			Failing:   []string{"TestGetProduct", "TestGetProductReturnsACopy", "TestGetProductRejectsBadInput", "TestGetProductHonoursDeadline"},
			Hints: []string{
				"The idea: a status code is part of your API: it tells the client what to do next. Ask of each failure: can any retry of this request succeed? Is the request wrong, or is the thing it names missing? Did the caller leave? The README's table of codes answers each.",
				"Order matters: first the caller (is ctx already done?), then the request (is the id valid?), then the store. Three answers, three different codes: a malformed id can never succeed (InvalidArgument), a well-formed one that matches nothing is NotFound, a caller who left gets its context's status.",
				"ValidateID's error is a *catalog.Error (errors.As gives you Field and Reason); Store.Get's errors.Is catalog.ErrNotFound. status.New(code, msg).WithDetails(&errdetails.BadRequest{FieldViolations: ...}) makes a status with a detail; status.FromContextError(ctx.Err()) the caller's.",
				"if err := ctx.Err(); err != nil { return nil, status.FromContextError(err).Err() }; if err := catalog.ValidateID(id); err != nil { var e *catalog.Error; errors.As(err, &e); st, _ := status.New(codes.InvalidArgument, err.Error()).WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: e.Field, Description: e.Reason}}}); return nil, st.Err() }; p, err := s.store.Get(id); if errors.Is(err, catalog.ErrNotFound) { return nil, status.Errorf(codes.NotFound, \"product %q not found\", id) }.",
			},
		}, {
			Name: "Auth", Side: "server", Minutes: 15,
			Diagnoses: authDiagnoses,
			Files:     []string{"02-unary/auth.go"},
			Failing:   []string{"TestUnaryAuth", "TestUnaryAuthStopsBeforeTheHandler", "TestUnaryAuthComparesInConstantTime"},
			Guards:    []string{"TestHealthNeedsNoToken"},
			Hints: []string{
				"The idea: an interceptor wraps every call, so a check written once guards every method. It runs before the handler and may answer instead of it: a call without the right token gets Unauthenticated and the handler never runs.",
				"Three questions, in order: is the method public (health, reflection)? Is there an authorization value in the incoming metadata? Does it read \"Bearer \" followed by exactly the token? Only then call handler(ctx, req).",
				"The metadata package reads what the client sent: metadata.FromIncomingContext(ctx) and md.Get(\"authorization\") (keys are lower-case). strings.CutPrefix splits off the scheme; crypto/subtle compares secrets in constant time.",
				"md, _ := metadata.FromIncomingContext(ctx); v := md.Get(\"authorization\"); got, ok := strings.CutPrefix(v[0], \"Bearer \") (check len(v) first); refuse unless ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1.",
			},
		}, {
			Name: "FetchProduct", Side: "client", Minutes: 15,
			Diagnoses: fetchProductDiagnoses,
			Files:     []string{"02-unary/client.go"},
			Failing:   []string{"TestFetchProduct", "TestFetchProductErrors", "TestFetchProductGivesUpInTime", "TestFetchProductUsesTimeoutUnderALongerDeadline", "TestFetchProductKeepsTheCallersDeadline"},
			Hints: []string{
				"The idea: every call needs a deadline (without one, a hung server holds your goroutine forever), and every error needs a decision. The caller should not have to know gRPC: it gets ErrNotFound, a *FieldError or ErrTimeout.",
				"A deadline is a context: derive one from ctx with the timeout, so a caller's shorter deadline still wins, and cancel it when done. The error of a call carries a status: its Code says what happened, its Details what a program can read.",
				"status.Convert(err) gives the *status.Status; st.Details() holds the errdetails.BadRequest the server attached; its GetFieldViolations() name the field. Wrap sentinels with fmt.Errorf(\"%w: ...\", ErrNotFound, ...) so errors.Is finds them.",
				"ctx, cancel := context.WithTimeout(ctx, timeout); defer cancel(); then switch status.Convert(err).Code() { case codes.NotFound: ... case codes.DeadlineExceeded: ... case codes.InvalidArgument: loop over st.Details() for a *errdetails.BadRequest }; default: return err as it came.",
			},
		}, {
			Name: "StreamInterceptors", Stretch: true, Side: "server", Minutes: 15,
			Files:   []string{"02-unary/stream_interceptors.go"},
			Failing: []string{"TestStreamAuth", "TestStreamAuthStopsBeforeTheHandler", "TestStreamAuthComparesInConstantTime", "TestStreamLogging"},
			Guards:  []string{"TestReflectionNeedsNoToken"},
			Hints: []string{
				"The idea: streams get interceptors of their own, with another signature: no request and no response, just the stream (grpc.ServerStream). The guide registered a stream logging interceptor it never wrote; write both of yours.",
				"For auth, the metadata came with the stream's headers: ss.Context() has it before any message, so the check is the same as UnaryAuth's (share it). For logging, the line is written when handler returns: that is when the stream ended, and its error is its final status.",
				"Look at UnaryLogging and logCall in interceptors.go, and at your UnaryAuth: the stream versions differ only in where the context comes from and what handler takes.",
				"start := time.Now(); err := handler(srv, ss); logCall(ss.Context(), log, \"stream\", info.FullMethod, start, err); return err. For auth: if !public(info.FullMethod) { check ss.Context() }.",
			},
		}, {
			Name: "RequestID", Stretch: true, Side: "server", Minutes: 15,
			Files:   []string{"02-unary/request_id.go"},
			Failing: []string{"TestRequestID", "TestRequestIDIsNewForEveryCall", "TestRequestIDOnFailedCalls"},
			Uses:    []string{"GetProduct", "Auth"},
			Hints: []string{
				"The idea: metadata is about the call, not the product. A request id names one call across logs and services; the client may bring one, else the server makes one, and either way it goes back in the response's header. What is only known at the end, like how long the call took, goes in a trailer, next to the status.",
				"Read the incoming metadata; keep the client's id only if it passes the rule (length and characters: it will end up in your logs), else make a random one. Queue the header before the handler runs, hand the handler a context that carries the id, and set the trailer after it returns, whatever it returned.",
				"metadata.FromIncomingContext(ctx) and md.Get(RequestIDHeader); grpc.SetHeader(ctx, metadata.Pairs(...)) and grpc.SetTrailer(ctx, ...); WithRequestID(ctx, id) for the handler; crypto/rand.Read and hex.EncodeToString for a new id; time.Since for the timing.",
				"id := first sound value of md.Get(RequestIDHeader), else newID(); _ = grpc.SetHeader(ctx, metadata.Pairs(RequestIDHeader, id)); resp, err := handler(WithRequestID(ctx, id), req); _ = grpc.SetTrailer(ctx, metadata.Pairs(ServerTimingHeader, fmt.Sprintf(\"app;dur=%.3f\", ms))); return resp, err.",
			},
		}, {
			Name: "GetWithInfo", Stretch: true, Side: "client", Minutes: 10,
			Files:   []string{"02-unary/call_info.go"},
			Failing: []string{"TestGetWithInfo", "TestGetWithInfoWhenTheCallFails", "TestGetWithInfoKeepsItsDeadline"},
			Uses:    []string{"RequestID", "GetProduct", "Auth"},
			Hints: []string{
				"The idea: a client sends metadata with its request and can read two sets back: the header (before the answer) and the trailer (with the status). Both come back when the call fails too, and that is when the request id matters most.",
				"Add your request id to the metadata already in the context (the token is there), not in place of it. Ask the call to fill in the header and the trailer for you; read them after the call returns, error or not.",
				"metadata.AppendToOutgoingContext(ctx, key, value); the call options grpc.Header(&md) and grpc.Trailer(&md) on client.GetProduct; md.Get(key) returns the values; context.WithTimeout for the deadline.",
				"ctx, cancel := context.WithTimeout(ctx, timeout); defer cancel(); if requestID != \"\" { ctx = metadata.AppendToOutgoingContext(ctx, RequestIDHeader, requestID) }; var header, trailer metadata.MD; p, err := client.GetProduct(ctx, req, grpc.Header(&header), grpc.Trailer(&trailer)); return p, CallInfo{...from header and trailer...}, err.",
			},
		}, {
			Name: "TLS", Stretch: true, Side: "server", Minutes: 20, // both sides: ServerCredentials and ClientCredentials
			Diagnoses: tlsDiagnoses,
			Files:     []string{"02-unary/tls.go"},
			Failing: []string{
				"TestTLS", "TestTLSOverTCPChecksTheAddressDialled", "TestMutualTLS",
				"TestTLSRefusesAnUnknownAuthority", "TestTLSRefusesAnExpiredCertificate", "TestTLSChecksTheServersName",
				"TestMutualTLSRefusesAClientWithoutACertificate", "TestMutualTLSRefusesACertificateOfAnotherCA",
				"TestTLSRefusesPlaintext", "TestTLSRefusesVersionsBelow12",
			},
			Hints: []string{
				"The idea: TLS proves who the server is and hides the traffic; mutual TLS makes the client prove who it is too. Each side says what it shows (its certificate), whom it trusts (a pool of CAs) and what it demands of the other. Everything is checked in the handshake, before any call: a refusal is a connection that never opens.",
				"The server shows its certificate to everyone; with clientCAs it must also demand and check a client certificate, not merely ask for one. The client trusts rootCAs and checks the certificate against serverName, because an address says nothing about who answers. Both refuse anything older than TLS 1.2.",
				"A crypto/tls.Config holds it all: Certificates, ClientCAs and ClientAuth (tls.RequireAndVerifyClientCert) on the server; RootCAs, ServerName and Certificates on the client; MinVersion (tls.VersionTLS12) on both. credentials.NewTLS(cfg) makes the gRPC credentials of it.",
				"Server: cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}; if clientCAs != nil { cfg.ClientCAs = clientCAs; cfg.ClientAuth = tls.RequireAndVerifyClientCert }; return credentials.NewTLS(cfg). Client: &tls.Config{RootCAs: rootCAs, ServerName: serverName, MinVersion: tls.VersionTLS12}, plus Certificates: []tls.Certificate{*cert} when cert != nil.",
			},
		}, {
			Name: "BearerToken", Stretch: true, Side: "client", Minutes: 15,
			Diagnoses: bearerTokenDiagnoses,
			Files:     []string{"02-unary/token.go"},
			Failing:   []string{"TestBearerTokenRidesEveryCall", "TestBearerTokenNeedsTLS"},
			Hints: []string{
				"The idea: a connection can carry credentials of its own, asked before every call for the metadata to add. The token then rides every call by itself, and the credentials also say whether they may travel over a connection anyone can read.",
				"Two methods: the metadata to add (one key, authorization, the value the server's interceptor parses), and whether transport security is required. A bearer token is a password: who reads it calls as you. What does that make the answer?",
				"credentials.PerRPCCredentials: GetRequestMetadata returns a map[string]string; RequireTransportSecurity a bool. grpc.WithPerRPCCredentials dials with them; grpc-go refuses to call over insecure credentials when the second says true.",
				"return map[string]string{\"authorization\": \"Bearer \" + b.token}, nil; and RequireTransportSecurity returns true.",
			},
		}, {
			Name: "Metrics", Stretch: true, Side: "server", Minutes: 20,
			Files: []string{"02-unary/metrics.go"},
			Failing: []string{
				"TestObserveCountsCalls", "TestObserveCountsStreams", "TestObserveCountsRefusedCalls",
				"TestObserveCountsCallsNoInterceptorSees", "TestObserveTraces", "TestObserveKeepsToItsRegistry",
				"TestObserveLabelsStayBounded",
			},
			Diagnoses: metricsDiagnoses,
			Uses:      []string{"GetProduct", "Auth"}, // its tests count GetProduct's codes and the refusals of auth
			Hints: []string{
				"The idea: measure every call from outside everything else. A stats handler is told about each RPC by gRPC itself, from the moment its headers arrive to the moment its status leaves: streams, refusals of the interceptors and messages too big to read included. OpenTelemetry's otelgrpc is such a handler; a meter provider with the Prometheus exporter turns what it records into what /metrics serves.",
				"Three pieces, joined by what you pass: an exporter registered on reg (the registry MetricsHandler serves, not the default one), a meter provider that reads from the exporter, and the handler, given that meter provider and tp. Pass both providers: without them otelgrpc takes the global ones, which record nothing, and setting the globals would mix two servers' numbers.",
				"go.opentelemetry.io/otel/exporters/prometheus: New and WithRegisterer. go.opentelemetry.io/otel/sdk/metric: NewMeterProvider and WithReader (the exporter is a reader). otelgrpc: NewServerHandler, WithMeterProvider, WithTracerProvider. grpc.StatsHandler makes the server option.",
				"Labels: each distinct set of label values is a series, kept for as long as the database keeps data. A request id, a product id, a peer address or a user agent is new with every call or caller: a series each. Those belong in logs and traces. x-client is whatever the caller sends: only a value from KnownClients may become a label value.",
				"exporter, err := otelprom.New(otelprom.WithRegisterer(reg)); if err != nil { return nil, err }; mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)); return grpc.StatsHandler(otelgrpc.NewServerHandler(otelgrpc.WithMeterProvider(mp), otelgrpc.WithTracerProvider(tp), otelgrpc.WithMetricAttributesFn(CallLabels))), nil. CallLabels: client := \"other\"; if v := metadata.ValueFromIncomingContext(ctx, ClientHeader); len(v) == 1 && slices.Contains(KnownClients, v[0]) { client = v[0] }; return []attribute.KeyValue{attribute.String(\"client\", client)}",
			},
		}},
		Server: "./02-unary/cmd/server",
	},
	{
		Num: "03", Dir: "03-server-stream", Title: "Server streaming ListProducts: pages, flow control, cancel",
		Exercises: []Exercise{{
			Name: "ListProducts", Side: "server", Minutes: 25,
			Diagnoses: listProductsDiagnoses,
			Files:     []string{"03-server-stream/list_products.go"},
			Failing: []string{
				"TestListProducts", "TestListProductsFiltersByCategory", "TestListProductsPaginates",
				"TestListProductsPageSizes", "TestListProductsFullLastPage", "TestListProductsChecksTheContextBeforeEachSend",
				"TestListProductsReturnsTheSendError", "TestListProductsChecksTheContextBeforeTheFirstSend",
				"TestListProductsRejectsBadInput", "TestListProductsStreamsTenThousand",
				"TestSlowReaderDoesNotBlockWriters", "TestListProductsStopsWhenTheClientGoes",
			},
			Hints: []string{
				"The idea: one call streams one page. Three questions decide a page: where it starts (after the last product of the page before), where it ends (page_size products, or fewer when the catalogue ends), and whether another page follows. Only the page's last message carries the token to it.",
				"How do you know another page follows without sending an empty one? Ask the store for one product more than the page holds. And while you send, hold nothing: Send waits for as long as a slow client likes, so check the stream's context before each message.",
				"internal/catalog has what you need: DefaultPageSize and MaxPageSize, Store.Scan (copies, in id order, after an id), EncodePageToken and DecodePageToken (a bad token is an error for catalog.Status). The stream's context is stream.Context().",
				"size := int(req.GetPageSize()) and a switch for < 0, == 0, > MaxPageSize; after from DecodePageToken when a token came; products := s.store.Scan(category, after, size+1); if len(products) > size, cut to size and next = EncodePageToken(category, products[size-1].GetId()); then a Send loop with ctx.Err() checked first and NextPageToken on the last message.",
			},
		}, {
			Name: "ListAll", Side: "client", Minutes: 15,
			Diagnoses: listAllDiagnoses,
			Files:     []string{"03-server-stream/client.go"},
			Failing:   []string{"TestListAll", "TestListAllFailsWhenAPageFails"},
			Uses:      []string{"ListProducts"}, // its tests call your server
			Hints: []string{
				"The idea: a stream ends in one of two ways: with OK, which the client sees as io.EOF from Recv, or with a status, which Recv returns as the error. And a catalogue is many pages: the client keeps calling, passing back the token the last message carried, until a page ends without one.",
				"Two loops: the outer one makes a ListProducts call per page, the inner one reads that page's stream until io.EOF. Remember the token of the last message you read. Any other error ends everything: return it, and no products.",
				"client.ListProducts(ctx, req) opens the stream; stream.Recv() reads one message; errors.Is(err, io.EOF) is the end; msg.GetNextPageToken() is empty except on a page's last message.",
				"for { stream, err := client.ListProducts(ctx, &pb.ListProductsRequest{Category: category, PageSize: pageSize, PageToken: token}); token = \"\"; for { msg, err := stream.Recv(); if errors.Is(err, io.EOF) { break }; if err != nil { return nil, err }; all = append(all, msg.GetProduct()); token = msg.GetNextPageToken() }; if token == \"\" { return all, nil } }",
			},
		}, {
			Name: "FindFirst", Stretch: true, Side: "client", Minutes: 10,
			Files:   []string{"03-server-stream/find.go"},
			Failing: []string{"TestFindFirstStopsTheStream", "TestFindFirstWithoutAMatch", "TestFindFirstReportsTheStreamsError", "TestFindFirstReportsAStreamThatFails", "TestFindFirstReadsTheWholePage"},
			Uses:    []string{"ListProducts"},
			Hints: []string{
				"The idea: a client that has its answer should tell the server to stop. Simply returning does not: the stream stays open and the server stays blocked in Send (flow control) until the connection closes. Cancelling the call's context does: gRPC resets the stream and the server's context ends.",
				"Give the stream a context of its own that you cancel when you return, whatever the reason. A stream that ends with OK before a match is \"no match\"; one that ends with an error is that error.",
				"context.WithCancel(ctx) and defer cancel(); client.ListProducts with PageSize catalog.MaxPageSize; Recv until match(p), io.EOF (ErrNoMatch) or an error.",
				"ctx, cancel := context.WithCancel(ctx); defer cancel(); stream, err := client.ListProducts(ctx, &pb.ListProductsRequest{PageSize: catalog.MaxPageSize}); then loop on Recv and return the first msg.GetProduct() that matches.",
			},
		}, {
			Name: "Compression", Stretch: true, Side: "client", Minutes: 15,
			Files:   []string{"03-server-stream/compress.go"},
			Failing: []string{"TestWireCounterCountsTheMessagesReceived", "TestGzipCompressesTheStream", "TestGzipOnSmallMessagesSavesNothing"},
			Uses:    []string{"ListProducts"},
			Hints: []string{
				"The idea: gRPC compresses message by message, when the client asks for it, and the server answers in kind. To know whether it pays, count: what each message weighed on the wire, and what it weighs decoded. A stats handler sees every message of every call, with both numbers.",
				"HandleRPC gets every event of a call; only one kind is a message received. It carries the length decoded and the length as it travelled (without the frame header). For Gzip: compression is a call option, and a connection can give every call a default set of call options.",
				"*stats.InPayload has Length and CompressedLength (WireLength adds the 5-byte frame header). grpc.UseCompressor(gzip.Name) is the call option; grpc.WithDefaultCallOptions makes it the connection's; google.golang.org/grpc/encoding/gzip registers gzip when imported.",
				"if in, ok := s.(*stats.InPayload); ok { c.wire.Add(int64(in.CompressedLength)); c.decoded.Add(int64(in.Length)) }; and return []grpc.DialOption{grpc.WithDefaultCallOptions(grpc.UseCompressor(gzip.Name))}.",
			},
		}},
		Server: "./03-server-stream/cmd/server",
	},
	{
		Num: "04", Dir: "04-client-stream", Title: "Client streaming UploadProducts: all or nothing, limits",
		Exercises: []Exercise{{
			Name: "UploadProducts", Side: "server", Minutes: 25,
			Diagnoses: uploadProductsDiagnoses,
			Files:     []string{"04-client-stream/upload_products.go"},
			Failing: []string{
				"TestUploadProducts", "TestUploadNothing", "TestUploadRejectsBadProductsAndStoresNothing",
				"TestUploadOverTheCountLimit", "TestUploadOverTheCountLimitRefusesEarly", "TestUploadRefusesEarly", "TestUploadOneHundredThousand", "TestUploadMessageOverTheLimit",
				"TestUploadCancelledMidway",
			},
			Hints: []string{
				"The idea: the client sends many messages and the server answers once, at the end. All or nothing means nothing is stored until the last product has arrived and every one is good; and a bad product should end the upload the moment it arrives, not after the client has sent 100,000 more.",
				"Loop on Recv until the client says it is done. Judge each product as it comes (and count them against s.maxUpload); the first bad one ends the call with its status, naming its position. Only after the loop, store them all in one go and send the one answer. An error from Recv is already a status: return it as it is.",
				"stream.Recv() returns io.EOF when the client half-closed; catalog.Validate judges a product; fmt.Errorf(\"product %d: %w\", i, err) keeps the catalog error for catalog.Status; codes.ResourceExhausted is for too many; s.store.CreateAll stores all or none (and finds duplicate ids); stream.SendAndClose answers.",
				"for { p, err := stream.Recv(); if errors.Is(err, io.EOF) { break }; if err != nil { return err }; if err := catalog.Validate(p); err != nil { return catalog.Status(fmt.Errorf(\"product %d: %w\", len(upload), err)) }; if len(upload) == s.maxUpload { return status.Errorf(codes.ResourceExhausted, ...) }; upload = append(upload, p) }; ids, err := s.store.CreateAll(upload); ...; return stream.SendAndClose(&pb.UploadProductsResponse{...})",
			},
		}, {
			Name: "Upload", Side: "client", Minutes: 10,
			Diagnoses: uploadDiagnoses,
			Files:     []string{"04-client-stream/client.go"},
			Failing:   []string{"TestUpload", "TestUploadNothingWithTheClient", "TestUploadNothingStillAsksTheServer", "TestUploadStopsAndReportsTheRefusal"},
			Uses:      []string{"UploadProducts"},
			Hints: []string{
				"The idea: a client stream ends with one answer, which the client asks for by saying it is done sending. If the server refuses early, the client learns it in two steps: Send fails with io.EOF, which says only that the stream is over, and the real reason comes with the answer.",
				"Send each product; when a Send fails, stop sending (there is nobody listening) and go straight to asking for the answer. The answer, or its status error, is what you return.",
				"stream.Send(p) and stream.CloseAndRecv() (half-close and read the answer in one call) on grpc.ClientStreamingClient; errors.Is(err, io.EOF) recognises the end of the stream.",
				"stream, err := client.UploadProducts(ctx); for _, p := range products { if err := stream.Send(p); err != nil { break } }; return stream.CloseAndRecv()",
			},
		}, {
			Name: "UploadBudget", Stretch: true, Side: "server", Minutes: 15,
			Files:   []string{"04-client-stream/budget.go"},
			Failing: []string{"TestUploadBudget"},
			Guards:  []string{"TestUploadBudgetLetsUploadsWithinItThrough", "TestUploadBudgetLeavesOtherCallsAlone", "TestUploadBudgetExactlyFits"},
			Uses:    []string{"UploadProducts"},
			Hints: []string{
				"The idea: counting products does not bound memory: 200,000 products of 64 KiB are 13 GB. Count bytes too. A stream interceptor can do it for any handler, by handing the handler a stream of its own whose Recv counts what passes through.",
				"Wrap the grpc.ServerStream in a type that embeds it and overrides RecvMsg: call the real one, add the message's size, and once the total is over the budget return ResourceExhausted instead of the message. The handler returns that error, so nothing is stored. Only UploadProducts gets the wrapper.",
				"proto.Size(m.(proto.Message)) is a message's size on the wire; info.FullMethod against pb.ProductService_UploadProducts_FullMethodName picks the method; embedding grpc.ServerStream in a struct gives you every other method for free.",
				"type budgetStream struct { grpc.ServerStream; left int }; func (b *budgetStream) RecvMsg(m any) error { if err := b.ServerStream.RecvMsg(m); err != nil { return err }; b.left -= proto.Size(m.(proto.Message)); if b.left < 0 { return status.Errorf(codes.ResourceExhausted, ...) }; return nil }; and handler(srv, &budgetStream{ss, maxBytes}).",
			},
		}},
		Server: "./04-client-stream/cmd/server",
	},
	{
		Num: "05", Dir: "05-bidi", Title: "Bidirectional ProductUpdates: copies, no races; Node client",
		Race: true,
		Exercises: []Exercise{{
			Name: "Apply", Side: "server", Minutes: 15,
			Diagnoses: applyDiagnoses,
			Files:     []string{"05-bidi/apply.go"},
			Failing:   []string{"TestApplyUpdate", "TestApplyUpdateReturnsACopy", "TestApplyUpdateRefusesAndChangesNothing", "TestApplyUpdateJudgesBeforeTheLock", "TestConcurrentApplyLosesNothing"},
			Hints: []string{
				"The idea: a read-modify-write must be atomic. Two streams that both read stock 10 and both write 11 lose an update. And what you hand out must not be what you keep: the caller reads it with no lock held (Send marshals it), while the next update writes the stored one.",
				"Judge what needs no lock first (is the id valid, is an update set, is the price a price), then hold the store's lock for exactly read, change, copy. Everything that leaves the function is a copy taken before the unlock.",
				"Store.Lock and Store.Unlock, Store.Stored (the stored product itself, only under the lock), catalog.Clone, catalog.AdjustStock for the stock rules; catalog.ValidateID, ValidatePrice, ValidateStatus and catalog.Invalid for the rest. A type switch on req.GetUpdate() tells the three kinds of update apart.",
				"s.store.Lock(); defer s.store.Unlock(); p, err := s.store.Stored(id); switch u := req.GetUpdate().(type) { case *pb.ProductUpdateRequest_NewPrice: p.Price = u.NewPrice ... }; return catalog.Clone(p), nil. Run go test -race ./05-bidi/... to see what returning p instead does.",
			},
		}, {
			Name: "ProductUpdates", Side: "server", Minutes: 10,
			Diagnoses: productUpdatesDiagnoses,
			Files:     []string{"05-bidi/product_updates.go"},
			Failing:   []string{"TestProductUpdates", "TestProductUpdatesReportsRefusals", "TestConcurrentStreamsLoseNoUpdate", "TestProductUpdatesHalfClose", "TestProductUpdatesEndsWhenClientCancels"},
			Uses:      []string{"Apply"},
			Hints: []string{
				"The idea: in a bidirectional stream each side reads and writes on its own. The server answers every update, in order, and ends the stream only when the client has said it is done sending (half-close). One refused update is an answer on the stream, not the end of it.",
				"Loop: receive one update; if the client half-closed, return OK; if the stream broke, return that; otherwise apply it and send one answer, a product or an error. What does Recv return after the client's CloseSend?",
				"stream.Recv() returns io.EOF after a half-close; s.applyUpdate does the work; pb.ProductUpdateResponse has a oneof result: ProductUpdateResponse_Product or ProductUpdateResponse_Error (with pb.UpdateError{Code: int32(catalog.Code(err)), Message: err.Error()}).",
				"for { req, err := stream.Recv(); if errors.Is(err, io.EOF) { return nil }; if err != nil { return err }; resp := &pb.ProductUpdateResponse{ProductId: req.GetProductId()}; set resp.Result from s.applyUpdate(req); if err := stream.Send(resp); err != nil { return err } }",
			},
		}, {
			Name: "UpdateAll", Side: "client", Minutes: 15,
			Diagnoses: updateAllDiagnoses,
			Files:     []string{"05-bidi/client.go"},
			Failing:   []string{"TestUpdateAll", "TestUpdateAllHalfCloses", "TestUpdateAllSendsAndReceivesAtOnce", "TestUpdateAllReportsTheStreamsError", "TestUpdateAllStopsSendingWhenTheStreamFails"},
			Uses:      []string{"Apply", "ProductUpdates"},
			Hints: []string{
				"The idea: the two directions of a bidirectional stream are independent, and both have flow control. A client that sends everything before reading fills the server's window while the server, blocked on answers nobody reads, stops reading: a deadlock. Send and receive at the same time, and tell the server when you are done sending.",
				"One goroutine sends every update and then half-closes; the calling goroutine receives until the stream ends. Make sure the sending goroutine always ends, even when the stream fails early (goleak checks), and that you wait for it before returning.",
				"stream.Send, stream.CloseSend (the half-close), stream.Recv (io.EOF: ended with OK). A Send error means the stream is over: stop sending and let Recv tell why. context.WithCancel lets you stop the stream when Recv fails.",
				"ctx, cancel := context.WithCancel(ctx); defer cancel(); stream, err := client.ProductUpdates(ctx); sent := make(chan struct{}); go func() { defer close(sent); for _, u := range updates { if stream.Send(u) != nil { return } }; _ = stream.CloseSend() }(); then Recv into answers until io.EOF (<-sent; return) or an error (cancel(); <-sent; return).",
			},
		}, {
			Name: "UpdateWindowed", Stretch: true, Side: "client", Minutes: 15,
			Files:   []string{"05-bidi/window.go"},
			Failing: []string{"TestUpdateWindowed", "TestUpdateWindowedReportsTheStreamsError", "TestUpdateWindowedStopsWhenTheStreamFails"},
			Uses:    []string{"Apply", "ProductUpdates"},
			Hints: []string{
				"The idea: HTTP/2 flow control counts bytes; your application may want to count messages. At most window updates out and unanswered means the sender waits for answers before it sends more: back-pressure you choose.",
				"Start from your UpdateAll. The sender needs permission before each Send; the receiver gives one back per answer. What Go value counts permissions and blocks when none are left?",
				"A buffered channel of capacity window is a counting semaphore: a send into it takes a permit (blocking when window are out), a receive from it gives one back. Let the sender also stop waiting when the context ends.",
				"inFlight := make(chan struct{}, window); sender: select { case inFlight <- struct{}{}: case <-ctx.Done(): return }, then Send; receiver: after each answer, <-inFlight.",
			},
		}, {
			Name: "Retry", Stretch: true, Side: "client", Minutes: 15,
			Files:   []string{"05-bidi/retry.go"},
			Failing: []string{"TestRetryWaitsForTheServer", "TestRetryRetriesUnavailable"},
			Guards:  []string{"TestRetryLeavesOtherCodesAlone", "TestRetryLeavesUploadsAlone"},
			Hints: []string{
				"The idea: a server that restarts is gone for a second or two. A call made then can wait for a connection instead of failing at once (wait-for-ready), and a call the server answers with UNAVAILABLE can be tried again after a short pause (a retry policy). Only calls that are safe to repeat: reading a product, not creating one.",
				"Both are settings of the client for named methods, written as a service config in JSON and given to the client when it is dialled. Which method, which status codes, how many attempts in all (grpc-go allows up to 5) and how long between them? A name that matches no method is ignored silently.",
				"grpc.WithDefaultServiceConfig takes the JSON. Its methodConfig is a list of entries with name (a list of service and method; the service with its package, ecommerce.v1.ProductService), waitForReady, and retryPolicy with maxAttempts, initialBackoff, maxBackoff, backoffMultiplier and retryableStatusCodes. Durations are strings like \"0.1s\".",
				"return []grpc.DialOption{grpc.WithDefaultServiceConfig(`{\"methodConfig\": [{\"name\": [{\"service\": \"ecommerce.v1.ProductService\", \"method\": \"GetProduct\"}], \"waitForReady\": true, \"retryPolicy\": {\"maxAttempts\": 4, \"initialBackoff\": \"0.1s\", \"maxBackoff\": \"1s\", \"backoffMultiplier\": 2, \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}`)}",
			},
		}, {
			Name: "Keepalive", Stretch: true, Side: "server", Minutes: 10,
			Files:   []string{"05-bidi/keepalive.go"},
			Failing: []string{"TestKeepaliveClientPingsInTime", "TestKeepaliveClientAndServerAgree"},
			Guards:  []string{"TestKeepaliveServerRefusesTooManyPings"},
			Hints: []string{
				"The idea: a quiet connection is pinged so that load balancers keep it and a dead one is noticed soon. The server decides how often it lets clients ping; a client that pings more often, or with no call open when that is not allowed, is cut off with GOAWAY too_many_pings. Both sides must agree.",
				"Two sets of numbers. The client: how long without anything received before it pings (not under 10 s, which is grpc-go's floor; under a minute, which idle load balancers allow), how long it waits for the answer, and whether it pings with no call open. The server: the shortest gap it accepts (not under 5 s, not over the client's gap), and whether it lets pings come with no call open.",
				"keepalive.ClientParameters has Time, Timeout and PermitWithoutStream; keepalive.EnforcementPolicy has MinTime and PermitWithoutStream. A zero MinTime means grpc-go's default, 5 minutes. The tests read both functions and compare them.",
				"return keepalive.EnforcementPolicy{MinTime: 20 * time.Second, PermitWithoutStream: true} and keepalive.ClientParameters{Time: 30 * time.Second, Timeout: 5 * time.Second, PermitWithoutStream: true}",
			},
		}, {
			Name: "NodeClient", Stretch: true, Side: "client", Minutes: 20,
			Diagnoses: nodeClientDiagnoses,
			Files:     []string{"05-bidi/node/streams.js"},
			Failing:   []string{"TestNodeStreams"},
			Uses:      []string{"Apply", "ProductUpdates"},
			Hints: []string{
				"The idea: in Node a gRPC stream is an event emitter. Messages come as 'data' events; the call ends with 'end' (status OK) or 'error' (any other status, with its code). A promise on a stream settles at its end, never on a count of messages. Writing has flow control of its own: write() tells you when to stop, and the server knows you are done only when you end your side.",
				"Wrap each call in a new Promise: collect messages on 'data', resolve on 'end', reject on 'error'. For ProductUpdates listen first, then write in an async loop that waits for 'drain' whenever write() returns false, and end() after the last update, even when there was none. Every call carries the token as metadata and a deadline in its options.",
				"client.ListProducts(request, metadata, options) and client.ProductUpdates(metadata, options) return the call. new grpc.Metadata() with metadata.set('authorization', `Bearer ${token}`); options { deadline: Date.now() + timeoutMs }. call.on('data' | 'end' | 'error'); call.write(msg) returns false when the buffer is full; once(call, 'drain') from node:events waits for room; call.end() half-closes. See https://nodejs.org/api/stream.html#writablewritechunk-encoding-callback",
				"return new Promise((resolve, reject) => { const call = client.ProductUpdates(metadata, { deadline: Date.now() + timeoutMs }); const answers = []; call.on('data', (a) => answers.push(a)); call.on('error', reject); call.on('end', () => resolve(answers)); (async () => { for (const u of updates) { if (!call.write(u)) await once(call, 'drain').catch(() => {}); } call.end(); })(); });",
			},
		}},
		Server:    "./05-bidi/cmd/server",
		NodeDir:   "05-bidi/node",
		PythonDir: "05-bidi/python",
		Demos: []Demo{{
			Name:        "the guide's ProductUpdates is a data race",
			GoArgs:      []string{"test", "-race", "-count=1", "-tags", "guidebug", "-run", "TestGuideVersionRaces", "./05-bidi/"},
			MustContain: "WARNING: DATA RACE",
		}},
	},
	{
		Num: "06", Dir: "06-rest-compare", Title: "The same API over REST (chi), streaming in REST, the benchmark",
		Exercises: []Exercise{{
			Name: "Batch", Side: "server", Minutes: 20,
			Diagnoses: batchDiagnoses,
			Files:     []string{"06-rest-compare/batch.go"},
			Failing:   []string{"TestCreateBatch", "TestCreateEmptyBatch", "TestCreateBatchRejectsBadInput", "TestCreateBatchReadsNoFurtherThanTheLimit", "TestCreateBatchTakesABodyOfExactlyTheLimit", "FuzzCreateBatch"},
			Hints: []string{
				"The idea: REST gives you none of what gRPC's generated code did. You decide what a body may be (its type, its size, its shape), and every mistake of the client is a 4xx with the one JSON error shape, never a 500. And the batch is all or nothing, like UploadProducts.",
				"Check in the order a request fails: the Content-Type (415), the size while reading (413), the envelope's JSON (400), each product (400 naming its position), then the store (400, 409). The README's table lists each status and message the tests expect.",
				"mime.ParseMediaType for the Content-Type; http.MaxBytesReader and *http.MaxBytesError for the size; json.Decoder read token by token (Token for the '{' and each key, More to loop, Decode for the value into []json.RawMessage: a struct would take \"Products\" and a second \"products\"), and dec.Token() == io.EOF for trailing data; protojson.Unmarshal for each product; s.store.CreateAll; writeError, writeStoreError and writeProto in json.go.",
				"r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes); dec := json.NewDecoder(r.Body); tok, err := dec.Token() /* json.Delim('{') */; for dec.More() { key, _ := dec.Token(); /* \"products\", once */ dec.Decode(&listed) }; dec.Token() /* '}' */; ... for i, raw := range listed { p := &pb.Product{}; if err := protojson.Unmarshal(raw, p); err != nil { writeError(w, 400, \"INVALID_ARGUMENT\", fmt.Sprintf(\"product %d: %v\", i, err)) } }; ids, err := h.store.CreateAll(products); writeProto(w, http.StatusCreated, &pb.UploadProductsResponse{...})",
			},
		}, {
			Name: "Stream", Side: "server", Minutes: 10,
			Diagnoses: streamDiagnoses,
			Files:     []string{"06-rest-compare/stream.go"},
			Failing: []string{"TestStreamProductsAsNDJSON", "TestStreamProductsLimit", "TestStreamProductsTenThousand", "TestStreamProductsFlushesEachProduct", "TestStreamProductsStopsWhenTheClientGoes",
				"TestStreamProductsChecksTheContextBeforeTheFirstProduct"},
			Hints: []string{
				"The idea: REST's answer to a server stream is one long response: a line of JSON per product (NDJSON), each sent as soon as it is written. Two things gRPC did for you are now yours: pushing each line out (net/http buffers), and stopping when the client goes.",
				"Refuse a bad limit before the first byte (after the 200 is out, an error can only cut the body short). Then walk the store in batches with Scan, write one line per product, flush after each, and check the request's context before each one.",
				"strconv.Atoi for limit; w.Header().Set(\"Content-Type\", \"application/x-ndjson\"); http.NewResponseController(w).Flush(); h.store.Scan(category, after, n) returns up to n products after the id after; marshal.Marshal(p) (json.go) is a product's JSON; r.Context().Err().",
				"after := \"\"; for { products := h.store.Scan(category, after, 1000); for _, p := range products { if sent == limit || r.Context().Err() != nil { return }; b, _ := marshal.Marshal(p); w.Write(append(b, '\\n')); flush(); sent++ }; if len(products) < 1000 { return }; after = products[len(products)-1].GetId() }",
			},
		}, {
			Name: "StreamClient", Stretch: true, Side: "client", Minutes: 15,
			Files:   []string{"06-rest-compare/client.go"},
			Failing: []string{"TestStreamProductsClient", "TestStreamProductsClientEscapesTheCategory", "TestStreamProductsClientReadsTheErrorBody", "TestStreamProductsClientRefusesABrokenStream", "TestStreamProductsClientStopsWithItsContext", "TestStreamProductsClientReadsALongLine"},
			Uses:    []string{"Stream"},
			Hints: []string{
				"The idea: the REST client does by hand what a gRPC stub did: build the URL, send the token, check the status, read the error body, split the stream into messages, and tell a complete stream from one cut short. Each is a place where a hand-written client goes wrong.",
				"Build the request with the context (so cancelling it stops the read); a non-200 answer is decoded from the JSON error body into an *APIError; a 200 body is read line by line, each line one product; a last line without its newline means the stream was cut.",
				"http.NewRequestWithContext, url.QueryEscape, req.Header.Set(\"Authorization\", ...), c.Do; json.NewDecoder for {\"error\": {...}}; bufio.Reader.ReadBytes('\\n') (a bufio.Scanner has a 64 KB line limit) and protojson.Unmarshal per line; fmt.Errorf(\"line %d: %w\", ...).",
				"req, _ := http.NewRequestWithContext(ctx, \"GET\", baseURL+\"/products/stream?category=\"+url.QueryEscape(category), nil); ...; if resp.StatusCode != 200 { var body struct{ Error APIError }; json.NewDecoder(resp.Body).Decode(&body); ... }; r := bufio.NewReader(resp.Body); for line := 1; ; line++ { b, err := r.ReadBytes('\\n'); if errors.Is(err, io.EOF) { if len(b) > 0 { return nil, ErrBrokenStream... }; return products, nil }; ... }",
			},
		}, {
			Name: "Cache", Stretch: true, Side: "server", Minutes: 20,
			Diagnoses: cacheDiagnoses,
			Files:     []string{"06-rest-compare/cache.go"},
			Failing:   []string{"TestCacheHeaders", "TestETagNamesTheVersion", "TestIfNoneMatch", "TestCacheNeverKeepsAMistake", "TestCacheInFrontOfTheAPI"},
			Hints: []string{
				"The idea: REST's own win. A GET that says how long its answer stays fresh (Cache-Control) and names its version (ETag) can be answered by any cache on the way, the browser's, nginx or a CDN, without reaching your server; and a client that holds the current version gets a 304 with no body. No standard cache can do that for a gRPC call (a POST whose status comes in trailers).",
				"Three headers and one question. The version: a hash of the bytes you send, so it changes exactly when the product does, and is the same on every replica. How long, and for whom: public, because the request carried a token, plus max-age. Then: does the client's If-None-Match name the current version? 304, no body. And a mistake (400, 404) says no-store.",
				"crypto/sha256.Sum256 over marshal.Marshal(p), hex.EncodeToString of a few of its bytes, in quotes; w.Header().Set(\"ETag\", ...) and (\"Cache-Control\", ...); http.ServeContent(w, r, \"\", time.Time{}, bytes.NewReader(body)) answers If-None-Match for you (a list, W/, *) once the ETag header is set.",
				"body, _ := marshal.Marshal(p); sum := sha256.Sum256(body); w.Header().Set(\"ETag\", `\"`+hex.EncodeToString(sum[:8])+`\"`); w.Header().Set(\"Cache-Control\", fmt.Sprintf(\"public, max-age=%d\", int(CacheMaxAge/time.Second))); w.Header().Set(\"Content-Type\", \"application/json\"); http.ServeContent(w, r, \"\", time.Time{}, bytes.NewReader(body)). Before each writeStoreError: w.Header().Set(\"Cache-Control\", \"no-store\").",
			},
		}, {
			Name: "Dial", Stretch: true, Side: "client", Minutes: 15,
			Files:   []string{"06-rest-compare/lb/balanced.go"},
			Failing: []string{"TestRoundRobinSpreadsEachCall", "TestRoundRobinLeavesOutANotServingReplica", "TestRoundRobinLeavesOutAReplicaThatStops"},
			Hints: []string{
				"The idea: one gRPC ClientConn keeps one HTTP/2 connection and puts every call on it, so a balancer that only sees connections (L4) sends them all to one replica. The client can balance itself: it learns every replica's address, keeps a connection to each, and sends each call to the next one, skipping a replica that says it is not serving.",
				"Two pieces: a resolver that answers with the three addresses (in production DNS or xDS does; here a manual one you fill in), and a service config that replaces the default pick_first policy with round_robin and turns on health checking for the service you call. Health checking on the client needs one more import, or grpc-go ignores it without a word.",
				"google.golang.org/grpc/resolver/manual: manual.NewBuilderWithScheme, r.InitialState(resolver.State{Endpoints: ...}); grpc.WithResolvers(r) and a target of r.Scheme()+\":///anything\"; grpc.WithDefaultServiceConfig with loadBalancingConfig and healthCheckConfig.serviceName (the full name, ecommerce.v1.ProductService); import _ \"google.golang.org/grpc/health\".",
				"r := manual.NewBuilderWithScheme(\"replicas\"); for _, a := range addrs { state.Endpoints = append(state.Endpoints, resolver.Endpoint{Addresses: []resolver.Address{{Addr: a}}}) }; r.InitialState(state); return grpc.NewClient(r.Scheme()+\":///products\", append([]grpc.DialOption{grpc.WithResolvers(r), grpc.WithDefaultServiceConfig(`{\"loadBalancingConfig\": [{\"round_robin\": {}}], \"healthCheckConfig\": {\"serviceName\": \"ecommerce.v1.ProductService\"}}`)}, opts...)...)",
			},
		}},
		Server: "./06-rest-compare/cmd/server",
	},
	{
		Num: "07", Dir: "07-grpc-web", Title: "gRPC-Web in a real browser, no proxy; CORS; REST too",
		Exercises: []Exercise{{
			Name: "NewAPIHandler", Side: "server", Minutes: 25,
			Diagnoses: apiHandlerDiagnoses,
			Files:     []string{"07-grpc-web/grpcweb.go"},
			Failing: []string{
				"TestGRPCWebUnary", "TestGRPCWebServerStream", "TestConnectAndGRPCOnTheSamePort",
				"TestRESTThroughTheTranscoder", "TestCORS", "TestCORSAllowsTheMethodsPagesUse", "TestBrowserCrossOrigin", "TestClientMistakesAreNever5xx",
				"TestRESTListProducts", "TestRESTHead", "TestRESTEquivalentPaths",
				// precheck's (given), through your handler: they pass once it does.
				"TestGzipBombsAreRefused", "TestGzippedRequestsAreServed",
			},
			Hints: []string{
				"The idea: a browser cannot speak gRPC (it cannot read HTTP/2 trailers or choose its frames), so something must translate. Here it is a Go handler in front of the very same *grpc.Server, not a proxy: one port that answers gRPC-Web, Connect, native gRPC and REST. And a browser on another origin may call it only if CORS says so, for the origins you list, never *.",
				"Two layers: a transcoder that turns every protocol into calls on the gRPC server (its REST routes are the google.api.http options in the contract, which it reads from the registered services: nothing to pass), and around it a CORS handler that knows which methods and headers gRPC-Web and Connect use, plus the Authorization header this API needs. The README lists what the tests expect of each.",
				"connectrpc.com/vanguard/vanguardgrpc.NewTranscoder (no vanguard.WithRules: the routes are in the .proto); github.com/rs/cors with cors.Options; connectrpc.com/cors has AllowedMethods, AllowedHeaders and ExposedHeaders for these protocols.",
				"transcoder, err := vanguardgrpc.NewTranscoder(srv); return cors.New(cors.Options{AllowedOrigins: allowedOrigins, AllowedMethods: connectcors.AllowedMethods(), AllowedHeaders: append(connectcors.AllowedHeaders(), \"Authorization\"), ExposedHeaders: connectcors.ExposedHeaders(), MaxAge: 7200}).Handler(transcoder), nil",
			},
		}, {
			Name: "StreamProducts", Side: "client", Minutes: 15,
			Diagnoses: streamProductsDiagnoses,
			Files:     []string{"07-grpc-web/web/src/stream.ts", "07-grpc-web/web/dist/app.js"},
			Failing:   []string{"TestBrowserPage", "TestBrowserStreamsPageByPage"},
			Uses:      []string{"NewAPIHandler"},
			Hints: []string{
				"The idea: a server stream works in the browser over gRPC-Web (the server's messages arrive one by one in a fetch body), and in TypeScript it reads like a Go loop over Recv: an async iterator that ends when the stream ends with OK and throws when it ends with an error. The page shows each product as it arrives.",
				"Two loops, as in step 03's ListAll: one call per page, and for each call a loop over its messages, remembering the last next_page_token. Let errors reject the promise (the page shows their code). After each change run npm run build in 07-grpc-web/web: the server serves the bundle, not your .ts.",
				"client.listProducts({ category, pageSize, pageToken }) returns an AsyncIterable of ListProductsResponse: for await (const msg of ...) reads it; msg.product and msg.nextPageToken are its fields. connect-es's docs: https://connectrpc.com/docs/web/using-clients",
				"let n = 0, pageToken = \"\"; do { const stream = client.listProducts({ category, pageSize, pageToken }); pageToken = \"\"; for await (const msg of stream) { if (msg.product) { onProduct(msg.product); n++; } pageToken = msg.nextPageToken; } } while (pageToken !== \"\"); return n;",
			},
		}, {
			Name: "ParseOrigins", Stretch: true, Side: "server", Minutes: 10,
			Files:   []string{"07-grpc-web/origins.go"},
			Failing: []string{"TestParseOrigins", "TestParseOriginsRefuses", "TestParsedOriginsWorkForCORS"},
			Uses:    []string{"NewAPIHandler"},
			Hints: []string{
				"The idea: CORS compares the browser's Origin header with your list as exact strings. A browser sends scheme://host[:port] in lower case, with no path and no trailing slash, so an entry written any other way never matches, silently. Read the list the way the browser writes origins, and refuse what can never match.",
				"For each comma-separated entry: trim it, skip empty ones, refuse * (with a token in play, any site could call your API as your users), parse it as a URL, refuse anything but http or https with a host and nothing after it, then write it back in lower case, once.",
				"strings.Split and strings.TrimSpace; url.Parse gives Scheme, Host, Path, RawQuery, Fragment and User; strings.ToLower; slices.Contains to drop duplicates. Name the entry in each error: fmt.Errorf(\"allowed origin %q: ...\", o).",
				"for _, e := range strings.Split(list, \",\") { o := strings.TrimSpace(e); if o == \"\" { continue }; if o == \"*\" { return nil, ... }; u, err := url.Parse(o); if err != nil || (u.Scheme != \"http\" && u.Scheme != \"https\") || u.Host == \"\" { ... }; if u.Path != \"\" || u.RawQuery != \"\" || u.User != nil { ... }; add strings.ToLower(u.Scheme + \"://\" + u.Host) once }",
			},
		}, {
			Name: "StockFor", Stretch: true, Side: "client", Minutes: 25, // the edge as the inventory's client
			Diagnoses: stockForDiagnoses,
			Files:     []string{"07-grpc-web/hop.go"},
			Failing: []string{
				"TestHopStock", "TestHopDeadlineIsTheBudget", "TestHopDeadlineNeverOutlivesTheCaller", "TestHopCancelReachesTheDownstream",
				"TestHopMetadata", "TestHopErrorCodes", "TestHopOneTrace", "TestStockForReleasesItsContext", "TestHopOverREST",
			},
			Hints: []string{
				"The idea: the hop is a call made on someone else's behalf. What the caller's call carries goes on with it: its time (never more), its hang-up, its trace, which request it is, who made it. What must not: the caller's secrets. And what comes back is the inventory's story: tell your caller only what it can act on, in your own words.",
				"Start from ctx, never context.Background(): a context derived from it keeps the caller's deadline (the earlier one wins), its cancel and its span; give the hop its budget on top and release it when you return. Add to the outgoing metadata only the request id and the caller's name the edge put in ctx. After the call, decide by the status code (the README's table). For the trace, the connection needs the client half of TraceServer in edge.go.",
				"context.WithTimeout and its cancel; metadata.AppendToOutgoingContext with RequestIDFrom(ctx) and CallerFrom(ctx); status.Code(err) and status.Error(code, msg); otelgrpc.NewClientHandler with otelgrpc.WithTracerProvider(tp) and otelgrpc.WithPropagators(propagation.TraceContext{}), given to grpc.NewClient with grpc.WithStatsHandler.",
				"ctx, cancel := context.WithTimeout(ctx, HopBudget); defer cancel(); ctx = metadata.AppendToOutgoingContext(ctx, RequestIDHeader, RequestIDFrom(ctx), CallerHeader, CallerFrom(ctx)); s, err := inv.GetStock(ctx, &invpb.GetStockRequest{ProductId: productID}); if err == nil { return s.GetQuantity(), nil }; switch status.Code(err) { case codes.Unavailable: return 0, status.Error(codes.Unavailable, \"inventory unavailable, try again\"); case codes.DeadlineExceeded: ...; case codes.Canceled: ...; default: return 0, status.Error(codes.Internal, \"inventory lookup failed\") }.",
			},
		}, {
			Name: "OpenAPI", Stretch: true, Side: "contract", Minutes: 20,
			Diagnoses: openAPIDiagnoses,
			// The learner writes the YAML; go generate writes the JSON the
			// server embeds. Both are swapped, as stream.ts and its bundle are.
			Files:   []string{"01-proto/openapi.yaml", "07-grpc-web/openapi/product_service.swagger.json"},
			Failing: []string{"TestOpenAPIMatchesServer"},
			Guards:  []string{"TestOpenAPIDocumentIsFresh"}, // the YAML edited after go generate
			Uses:    []string{"NewAPIHandler"},
			Hints: []string{
				"The idea: REST's tools (Swagger UI, client generators, Postman) learn an API from an OpenAPI document, not from the server as gRPC clients do with reflection. Generated from the .proto it knows the routes and the messages, but not what the server adds: the token it wants, the errors each route answers, and their shape. A document that leaves those out is not wrong-looking, it is wrong: the test calls every route and compares.",
				"Run the test and read what it calls: each route's success and errors, with the status and body the server really sends. Then say in 01-proto/openapi.yaml, for the file, that every route needs a bearer token (a security scheme and a security requirement), and for each method, each status it answers with its body's schema. Run go generate ./01-proto/ after each edit: the server embeds the generated JSON.",
				"openapiOptions.file[0].option takes Swagger 2.0's fields as protoc-gen-openapiv2's options.proto names them: securityDefinitions.security.<name> {type: TYPE_API_KEY, in: IN_HEADER, name: Authorization} (2.0 has no bearer type) and security: [{securityRequirement: {<name>: {}}}]. openapiOptions.method: [{method: ecommerce.v1.ProductService.GetProduct, option: {responses: {\"404\": {description: ..., schema: {jsonSchema: {ref: .google.rpc.Status}}}}}}]. A text/plain answer needs produces on its operation.",
				"method GetProduct: responses 400, 401, 404, each schema: {jsonSchema: {ref: .google.rpc.Status}}. method ListProducts: responses 400 (the same schema) and 415 (schema: {jsonSchema: {type: [STRING]}}), and produces: [application/json, text/plain]. No 401 on ListProducts: the server answers 415 before it checks the token.",
			},
		}},
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
