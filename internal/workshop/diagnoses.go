package workshop

// The diagnoses of the exercises (Exercise.Diagnoses), written from wrong
// solutions that were planted and run: Match is a piece of the failure each
// one produced. The first that fits a failing test is shown, so the more
// specific come first. TestTheRegistrysDiagnosesAreReal holds each to a real
// test, words the code prints, and a README section.

const (
	readme01Wire   = "01-proto/README.md#exercise-1-read-the-wire"
	readme01Sizes  = "01-proto/README.md#exercise-2-proto-vs-json-size"
	readme01Oneof  = "01-proto/README.md#exercise-3-read-a-oneof"
	readme02Get    = "02-unary/README.md#write-getproduct"
	readme02Codes  = "02-unary/README.md#status-codes-are-the-api"
	readme02Auth   = "02-unary/README.md#write-the-auth-interceptor"
	readme02Client = "02-unary/README.md#write-the-client"
)

var wireDiagnoses = []Diagnosis{
	{Test: "TestWireFieldsRejectsBrokenBytes", Match: `actual  : "Unknown"`, See: readme01Wire,
		Says: "A plain Go error reaches a gRPC client as Unknown: the client cannot tell whose mistake it was. Broken bytes are the caller's: wrap protowire's error in a status with codes.InvalidArgument."},
	{Test: "TestWireFieldsRejectsBrokenBytes", Match: `actual  : "DataLoss"`, See: readme01Wire,
		Says: "DataLoss says your own stored data is damaged, the server's fault. Bytes a caller sent that do not parse are the caller's mistake: InvalidArgument."},
	{Test: "TestWireFieldsRejectsBrokenBytes/field_number_zero", Match: `actual  : "OK"`, See: readme01Wire,
		Says: "Field number 0 is never valid. protowire.ConsumeTag checks it; reading the varint yourself and splitting it with DecodeTag does not."},
	{Test: "TestWireFieldsRejectsBrokenBytes", Match: "slice bounds out of range", See: readme01Wire,
		Says: "ConsumeFieldValue, like ConsumeTag, returns a negative length for a broken value: check it before you slice past it."},
	{Test: "TestWireFields", Match: "bad value of field", See: readme01Wire,
		Says: "Not every value is a length and bytes: the wire type says how a value is laid out (varint, 64-bit, length-delimited, 32-bit). ConsumeFieldValue skips any of them."},
	{Test: "TestDescribeUpdate", Match: `actual  : "Unimplemented"`, See: readme01Oneof,
		Says: "An update with no case set is the caller's mistake (InvalidArgument), not an unknown case: give the type switch a case nil before its default."},
	{Test: "TestDescribeUpdate", Match: "adjust stock of", See: readme01Oneof,
		Says: "A stock adjustment is always signed: `by +5`, `by -3` (fmt's %+d)."},
	{Test: "TestCompareSizes", See: readme01Sizes,
		Says: "The JSON size is protojson's, the proto JSON mapping REST clients get (lowerCamelCase names, enums by name). encoding/json on a generated struct writes another format."},
}

var getProductDiagnoses = []Diagnosis{
	{Test: "TestGetProductReturnsACopy", Match: "return a copy", See: readme02Get,
		Says: "The store's own pointer is shared with every other caller and writer: return the copy Store.Get makes, so nothing outside the store can change the catalogue."},
	{Test: "TestGetProductRejectsBadInput", Match: `actual  : "Unknown"`, See: readme02Codes,
		Says: "The store's error is a plain Go error, which a gRPC client sees as Unknown: the client cannot tell a missing product from a broken server. Return a status with the code that says what happened (NotFound, naming the id)."},
	{Test: "TestGetProductRejectsBadInput/empty_id", Match: `actual  : "NotFound"`, See: readme02Codes,
		Says: "A malformed id (empty, a space, a slash, too long) cannot name a product: that is the caller's mistake, InvalidArgument, before the store is asked. NotFound is for a well-formed id that is not there."},
	{Test: "TestGetProductRejectsBadInput", Match: "errdetails.BadRequest", See: readme02Get,
		Says: "InvalidArgument carries an errdetails.BadRequest with one field violation (field product_id, description the rule), so a program can tell which input was wrong: status.New(...).WithDetails(...)."},
	{Test: "TestGetProductRejectsBadInput", Match: `does not contain "product \"prod-999\" not found"`, See: readme02Get,
		Says: "A NotFound names what was not found: the id, as the caller sent it."},
	{Test: "TestGetProductHonoursDeadline", Match: `actual  : "Unknown"`, See: readme02Get,
		Says: "ctx.Err() is a plain context error, which reaches the client as Unknown: status.FromContextError turns it into Canceled or DeadlineExceeded."},
	{Test: "TestGetProductHonoursDeadline", Match: `actual  : "OK"`, See: readme02Get,
		Says: "The handler answered a caller that had already gone: check ctx.Err() first, and return its status, so no work is done for nobody."},
}

var authDiagnoses = []Diagnosis{
	{Test: "TestUnaryAuthComparesInConstantTime", See: readme02Auth,
		Says: "== on a secret stops at the first byte that differs, so its time tells an attacker how much of a guess was right. subtle.ConstantTimeCompare takes the same time either way."},
	{Test: "TestUnaryAuth", Match: `should not contain "test-token"`, See: readme02Auth,
		Says: "An error message travels back to the caller and into logs: never put the token (or what was sent as one) in it."},
	{Test: "TestUnaryAuth", Match: `actual  : "PermissionDenied"`, See: readme02Codes,
		Says: "A missing or wrong token is Unauthenticated (we do not know who you are). PermissionDenied is for a known caller who may not do this."},
	{Test: "TestUnaryAuth/right_token", Match: "refused a good token", See: readme02Auth,
		Says: "gRPC metadata keys are lower case: look up \"authorization\" (metadata lower-cases every key it is given)."},
	{Test: "TestUnaryAuth/token_without_scheme", See: readme02Auth,
		Says: "The value must start with \"Bearer \": TrimPrefix leaves a value without it unchanged, so a bare token gets in. strings.CutPrefix says whether the prefix was there."},
	{Test: "TestUnaryAuth/two_spaces_after_Bearer", See: readme02Auth,
		Says: "The token is exactly what follows \"Bearer \": splitting on whitespace (strings.Fields) or trimming accepts values the rule refuses."},
	{Test: "TestUnaryAuth/a_space_after_the_token", See: readme02Auth,
		Says: "The token is exactly what follows \"Bearer \": trimming spaces accepts a value the rule refuses."},
	{Test: "TestUnaryAuthStopsBeforeTheHandler", See: readme02Auth,
		Says: "An interceptor that calls the handler before it checks has already run the work (and its side effects) for a caller it then refuses: check first."},
	{Test: "TestHealthNeedsNoToken", See: readme02Auth,
		Says: "Health checks come from load balancers and orchestrators that hold no token: the methods in public (interceptors.go) pass without one."},
}

var fetchProductDiagnoses = []Diagnosis{
	{Test: "TestFetchProduct", Match: "without a deadline", See: readme02Client,
		Says: "A call without a deadline can wait forever on a hung server: FetchProduct sets its own with context.WithTimeout."},
	{Test: "TestFetchProductGivesUpInTime", Match: "Target error should be in err chain", See: readme02Client,
		Says: "A gRPC call that runs out of time returns a status error with codes.DeadlineExceeded, not context.DeadlineExceeded: ask status.Code(err)."},
	{Test: "TestFetchProductGivesUpInTime", See: readme02Client,
		Says: "A call without a deadline can wait forever on a hung server: FetchProduct sets its own with context.WithTimeout."},
	{Test: "TestFetchProductUsesTimeoutUnderALongerDeadline", See: readme02Client,
		Says: "The call must end within timeout even when the caller's deadline is later: derive the context with context.WithTimeout(ctx, timeout)."},
	{Test: "TestFetchProductKeepsTheCallersDeadline", See: readme02Client,
		Says: "Start the timeout from the caller's ctx, not context.Background(): a derived context keeps the earlier of the two deadlines, and the caller's cancel."},
	{Test: "TestFetchProductErrors/not_found", Match: "Target error should be in err chain", See: readme02Client,
		Says: "errors.Is finds ErrNotFound only if it is wrapped with %w (fmt.Errorf's %v turns it into text)."},
	{Test: "TestFetchProductErrors/malformed_id", Match: "the violation's description", See: readme02Client,
		Says: "The FieldError's field and description both come from the errdetails.BadRequest detail's violation, not from the status message."},
	{Test: "TestFetchProductErrors/any_other_code_comes_as_it_is", See: readme02Client,
		Says: "Codes FetchProduct does not translate come back as the status error itself, unwrapped, so the caller can still read status.Code."},
	{Test: "TestFetchProductErrors/InvalidArgument_without_a_detail", See: readme02Client,
		Says: "Only an InvalidArgument that carries a BadRequest detail becomes a FieldError; without one (and for any other code), return the status error as it came, unwrapped."},
	{Test: "TestFetchProductErrors/Canceled_is_not_a_timeout", See: readme02Client,
		Says: "Canceled is the caller giving up, not the server being slow: only DeadlineExceeded is ErrTimeout."},
}

const (
	readme03List   = "03-server-stream/README.md#write-listproducts"
	readme03Rules  = "03-server-stream/README.md#the-page-rules-from-the-contract"
	readme03Flow   = "03-server-stream/README.md#flow-control-in-one-paragraph"
	readme03Client = "03-server-stream/README.md#write-the-client"
	readme04Upload = "04-client-stream/README.md#write-uploadproducts"
	readme04All    = "04-client-stream/README.md#all-or-nothing-or-one-result-per-product"
	readme04Client = "04-client-stream/README.md#write-the-client"
	readme05Apply  = "05-bidi/README.md#write-applyupdate"
	readme05Report = "05-bidi/README.md#reporting-a-refused-update-without-ending-the-stream"
	readme05Stream = "05-bidi/README.md#write-productupdates"
	readme05Client = "05-bidi/README.md#write-the-client"
)

var listProductsDiagnoses = []Diagnosis{
	{Test: "TestListProductsPaginates", Match: "only the last message carries the token", See: readme03List,
		Says: "next_page_token goes on a page's last message only: it says where the next page starts, which is known once the page is sent."},
	{Test: "TestListProductsFullLastPage", See: readme03List,
		Says: "A full page is not proof of another: ask the store for one product more than the page holds, and give a token only if that extra one exists."},
	{Test: "TestListProductsPaginates", Match: "every product of the category, once", See: readme03List,
		Says: "The token names the last product sent, and the next page starts after it: naming the looked-ahead product skips or repeats one at every page break."},
	{Test: "TestListProductsRejectsBadInput/negative_page_size", See: readme03Rules,
		Says: "A negative page_size is the caller's mistake: InvalidArgument, before anything is sent. Only 0 means the default."},
	{Test: "TestListProductsRejectsBadInput/token_of_another_category", See: readme03Rules,
		Says: "A token binds its category: one made for books and used for toys is InvalidArgument (DecodePageToken checks it when given the request's category)."},
	{Test: "TestListProductsPageSizes", Match: "lowered, not refused", See: readme03Rules,
		Says: "A page_size above the maximum is lowered to it, as Google's API guide advises, not refused."},
	{Test: "TestListProductsChecksTheContextBeforeEachSend", Match: "context canceled", See: readme03List,
		Says: "ctx.Err() is a plain context error, which reaches the client as Unknown: return status.FromContextError(err).Err()."},
	{Test: "TestListProductsChecksTheContextBeforeEachSend", See: readme03List,
		Says: "Check stream.Context() before every Send (not once before the loop) and return its status, never nil: Send alone notices a gone client only once the transport does."},
	{Test: "TestListProductsChecksTheContextBeforeTheFirstSend", See: readme03List,
		Says: "A caller whose context has already ended gets its status (Canceled, DeadlineExceeded) and no products: check before the first Send too."},
	{Test: "TestListProductsReturnsTheSendError", Match: "code = Internal", See: readme03List,
		Says: "A failed Send already carries the stream's status (Canceled, Unavailable): return it as it is; wrapping it in Internal blames the server for the client leaving."},
	{Test: "TestListProductsReturnsTheSendError", See: readme03List,
		Says: "If Send fails the stream is gone: stop, and return Send's error (not nil)."},
	{Test: "TestSlowReaderDoesNotBlockWriters", See: readme03Flow,
		Says: "Send blocks for as long as a slow client likes (flow control): hold no lock while sending. Store.Scan copies the page under its lock and lets go."},
}

var listAllDiagnoses = []Diagnosis{
	{Test: "TestListAll", Match: "one ListProducts call per page, and no call after the last", See: readme03Client,
		Says: "Pass the page size you are given, and stop after the page whose last message carried no token: no extra call for an empty page."},
	{Test: "TestListAll/pages_of_4:_the_last_one_is_full", See: readme03Client,
		Says: "A short page is not the only sign of the end, and a full one is not a sign of more: the token is. Take the token from each page's last message, and reset it for every page."},
	{Test: "TestListAll/a_category", See: readme03Client,
		Says: "Every call of the walk is a whole request: the category goes with each page, beside the token."},
	{Test: "TestListAllFailsWhenAPageFails", Match: "no half catalogue", See: readme03Client,
		Says: "If any page fails, return its error and no products: half a catalogue is not an answer."},
	{Test: "TestListAllFailsWhenAPageFails", See: readme03Client,
		Says: "Recv returns io.EOF when a stream ended with OK, and the stream's status otherwise: only io.EOF ends a page; any other error is returned as it came."},
}

var uploadProductsDiagnoses = []Diagnosis{
	{Test: "TestUploadRejectsBadProductsAndStoresNothing", Match: "does not contain \"product 1:", See: readme04Upload,
		Says: "A refusal names the product by its position, counted from 0 as the store counts them: `product 3: price must be >= 0` is the fourth."},
	{Test: "TestUploadRejectsBadProductsAndStoresNothing", Match: "stored nothing", See: readme04All,
		Says: "All or nothing: store nothing until the whole upload has arrived and passed, then store it at once (Store.CreateAll)."},
	{Test: "TestUploadRefusesEarly", Match: "before refusing its first product", See: readme04Upload,
		Says: "Validate each product as it arrives and refuse at the first bad one: the client should not stream 100,000 products to hear about product 2."},
	{Test: "TestUploadOverTheCountLimitRefusesEarly", See: readme04Upload,
		Says: "Count as you receive: refuse as soon as the upload passes the limit, not after buffering all of it."},
	{Test: "TestUploadOverTheCountLimit", Match: "one over the limit", See: readme04Upload,
		Says: "The limit is how many products an upload may hold: refuse the one past it as it arrives, and use the server's s.maxUpload (the tests set it), not the MaxUpload constant."},
	{Test: "TestUploadMessageOverTheLimit", Match: "code = Internal", See: readme04Upload,
		Says: "Recv's error already has the right status (ResourceExhausted, Canceled): return it as it is; the guide wrapped it in Internal."},
	{Test: "TestUploadCancelledMidway", See: readme04Upload,
		Says: "Recv's error already has the right status (Canceled when the client leaves): return it as it is."},
	{Test: "TestUploadProducts", Match: "EOF", See: readme04Upload,
		Says: "Recv returns io.EOF when the client has half-closed: that is the end of the upload, not an error. Store and answer then."},
}

var uploadDiagnoses = []Diagnosis{
	{Test: "TestUploadStopsAndReportsTheRefusal", Match: "kept sending after Send failed", See: readme04Client,
		Says: "When Send returns io.EOF the server has ended the stream: stop sending at once; CloseAndRecv has its answer."},
	{Test: "TestUploadStopsAndReportsTheRefusal", Match: "io.EOF from Send is not the answer", See: readme04Client,
		Says: "io.EOF from Send only says the stream is over; the reason (which product, which rule) is the status CloseAndRecv returns."},
	{Test: "TestUploadNothingStillAsksTheServer", See: readme04Client,
		Says: "An empty upload still opens the stream, half-closes and reads the answer: the server decides what nothing means."},
	{Test: "TestUploadNothingWithTheClient", See: readme04Client,
		Says: "The server answers only after the client half-closes: CloseAndRecv does both; RecvMsg alone waits forever."},
	{Test: "TestUpload", See: readme04Client,
		Says: "Send every product, then CloseAndRecv: the half-close is how the server knows the upload is complete."},
}

var applyDiagnoses = []Diagnosis{
	{Test: "TestConcurrentApplyLosesNothing", Match: "race detected", See: readme05Apply,
		Says: "The race detector saw two goroutines touch one product, at least one writing, without the lock between them: the whole read-modify-write, and the copy you return, happen under the store's lock."},
	{Test: "TestApplyUpdateReturnsACopy", See: readme05Apply,
		Says: "The answer leaves the lock: return a copy (catalog.Clone), never the store's own pointer, or the caller (and the stream's marshalling) races the next writer."},
	{Test: "TestConcurrentApplyLosesNothing", Match: "read-modify-write under the lock", See: readme05Apply,
		Says: "Reading a copy, changing it and writing it back loses updates: two writers read the same old value. The whole read, change and write go under one lock."},
	{Test: "TestConcurrentApplyLosesNothing", See: readme05Apply,
		Says: "Concurrent updates to one product need the store's lock around the whole read-modify-write, and the copy for the answer made before it is released (go test -race shows the race)."},
	{Test: "TestApplyUpdateJudgesBeforeTheLock", See: readme05Apply,
		Says: "Judge what needs no store (the id, the price) before taking the lock: the lock is every writer's, hold it only for the read-modify-write."},
	{Test: "TestApplyUpdateRefusesAndChangesNothing", Match: "changes nothing", See: readme05Apply,
		Says: "Assign only after the check: `p.StockQuantity, err = AdjustStock(...)` has already changed the product when err says no."},
	{Test: "TestApplyUpdateRefusesAndChangesNothing", Match: `does not contain "overflow"`, See: readme05Apply,
		Says: "int32 arithmetic wraps around: catalog.AdjustStock checks overflow as well as below zero. Use it."},
	{Test: "TestApplyUpdateRefusesAndChangesNothing/unknown_id", See: readme05Report,
		Says: "An update for a product that does not exist is refused (NotFound), never skipped: the client counts one answer per update."},
	{Test: "TestApplyUpdateRefusesAndChangesNothing/no_update_set", See: readme05Apply,
		Says: "An update with no case set is refused, not ignored: give the type switch its nil or default case."},
	{Test: "TestApplyUpdateRefusesAndChangesNothing", See: readme05Apply,
		Says: "A refused update changes nothing and says why: NaN, infinite and negative prices, and stock below zero or past int32, each with its code (catalog's rules)."},
}

var productUpdatesDiagnoses = []Diagnosis{
	{Test: "TestProductUpdatesReportsRefusals", Match: "one answer per update", See: readme05Report,
		Says: "A refused update gets an answer too (an UpdateError in the stream), never silence: the client matches answers to updates by order."},
	{Test: "TestProductUpdatesReportsRefusals", Match: "Received unexpected error", See: readme05Report,
		Says: "A refused update is an answer in the stream (UpdateError), not the stream's end: returning its status ends every later update too."},
	{Test: "TestProductUpdatesReportsRefusals", Match: "a refusal is an answer too", See: readme05Report,
		Says: "An UpdateError carries the refusal's own code (NotFound for an unknown id, FailedPrecondition for too little stock...) and the product_id: take both from the refusal's status."},
	{Test: "TestProductUpdates", Match: `actual  : []string{""`, See: readme05Stream,
		Says: "Every answer names its update's product_id, the product's answers included: the client matches by it."},
	{Test: "TestProductUpdatesEndsWhenClientCancels", See: readme05Stream,
		Says: "Recv's error already has the stream's status (Canceled when the client leaves): return it as it is, not wrapped in Internal."},
	{Test: "TestProductUpdates", See: readme05Stream,
		Says: "Recv returns io.EOF when the client half-closes: end the stream with nil (OK) then. Answer in the handler's own goroutine: a Send from another may not be done when the handler returns."},
}

var updateAllDiagnoses = []Diagnosis{
	{Test: "TestUpdateAllStopsSendingWhenTheStreamFails", See: readme05Client,
		Says: "Once Send returns io.EOF the stream is over: stop sending (Recv returns the reason). Sending the rest puts each update into nothing."},
	{Test: "TestUpdateAllSendsAndReceivesAtOnce", See: readme05Client,
		Says: "Send and receive at the same time (a goroutine for one of them): a client that sends everything before reading deadlocks once both sides' flow-control windows fill."},
	{Test: "TestUpdateAllHalfCloses", See: readme05Client,
		Says: "CloseSend after the last update: it is how the server knows you are done, and its stream ends only then."},
	{Test: "TestUpdateAllReportsTheStreamsError", Match: "the answers before the failure", See: readme05Client,
		Says: "When the stream fails, return the answers you got before it with its status: they are applied updates."},
	{Test: "TestUpdateAllReportsTheStreamsError", See: readme05Client,
		Says: "Return the stream's status as Recv gave it: not Send's io.EOF, and not wrapped with %v."},
	{Test: "TestUpdateAll", Match: "one answer per update", See: readme05Client,
		Says: "Read until Recv returns io.EOF (the server's OK end), and wait for it: returning after CloseSend leaves the answers unread."},
}

const readme05Node = "05-bidi/README.md#stretch-the-node-clients-streams"

var nodeClientDiagnoses = []Diagnosis{
	{Test: "TestNodeStreams", Match: "deadline is later than timeoutMs", See: readme05Node,
		Says: "timeoutMs is already milliseconds, as Date.now() is: the deadline is Date.now() + timeoutMs, nothing to convert. A later deadline lets a hung server hold the call that much longer."},
	{Test: "TestNodeStreams", Match: "send the token as metadata on every call", See: readme05Node,
		Says: "Every call needs the token: a grpc.Metadata with authorization: Bearer <token>, passed before the options (ListProducts(request, metadata, options), ProductUpdates(metadata, options))."},
	{Test: "TestNodeStreams", Match: "the deadline had passed before the call began", See: readme05Node,
		Says: "grpc-js's deadline is a point in time (a Date or milliseconds since the epoch), not a duration: { deadline: Date.now() + timeoutMs }."},
	{Test: "TestNodeStreams", Match: "without a deadline", See: readme05Node,
		Says: "A call without a deadline waits for ever on a server that never answers. Give every call { deadline: Date.now() + timeoutMs } in its options."},
	{Test: "TestNodeStreams", Match: "Did the server wait for your half-close", See: readme05Node,
		Says: "The server ends ProductUpdates only after your half-close: call.end() after the last write, and also when there is nothing to write. Without it the call runs until its deadline."},
	{Test: "TestNodeStreams", Match: "had a deadline, and the stream failed when it passed", See: readme05Node,
		Says: "A failed stream emits 'error' (with the gRPC code in .code) and may never reach a status you wait for: reject the promise on 'error', or it never settles."},
	{Test: "TestNodeStreams", Match: "never settled after the stream failed", See: readme05Node,
		Says: "A failed stream emits 'error' (with the gRPC code in .code) and may never reach a status you wait for: reject the promise on 'error', or it never settles."},
	{Test: "TestNodeStreams", Match: "although the stream failed", See: readme05Node,
		Says: "Messages are not the answer; the status is. A stream can fail after its last message, so resolve on 'end' (OK) only, never on a count of messages, and reject on 'error' even when 'end' follows it."},
	{Test: "TestNodeStreams", Match: "read after the call's status came", See: readme05Node,
		Says: "'status' fires when the call's status arrives, which can be before its last messages were read (they wait in the stream's buffer on a busy process): resolve on 'end', which Node emits only after the last 'data'."},
	{Test: "TestNodeStreams", Match: "before anything listened for answers", See: readme05Node,
		Says: "Attach call.on('data') before the first write: answers then flow while you write. Reading only after writing everything is UpdateAll's deadlock in Node: once both flow-control windows fill, the server stops reading and your writes wait for a 'drain' that never comes."},
	{Test: "TestNodeStreams", Match: "writes, one per update", See: readme05Node,
		Says: "write() returning false does not refuse the message: it was taken, and false only asks you to wait for 'drain' before the next one. Write each update once."},
	{Test: "TestNodeStreams", Match: "before 'drain'", See: readme05Node,
		Says: "write() returning false means the call's buffer is full: wait for 'drain' before the next write. Ignoring it buffers every update in memory, as many as you have."},
}

const readme02Metrics = "02-unary/README.md#stretch-metrics-and-tracing"

var metricsDiagnoses = []Diagnosis{
	{Test: "TestObserveLabelsStayBounded", Match: "a label whose values come from the request", See: readme02Metrics,
		Says: "Every distinct label value is a series of its own, kept as long as the database keeps data: a request id, product id, peer or user agent as a label is a series per call. Keep them in logs and traces."},
	{Test: "TestObserveLabelsStayBounded", Match: "only the KnownClients are worth a series", See: readme02Metrics,
		Says: "x-client is whatever the caller sends: a caller with a new name per call makes a series per call. Only the KnownClients become label values; anything else is \"other\"."},
	{Test: "TestObserveLabelsStayBounded", Match: "CallLabels labels each call with its client", See: readme02Metrics,
		Says: "Observe must give otelgrpc your CallLabels (otelgrpc.WithMetricAttributesFn), and CallLabels must always return the client label: the known name, or \"other\"."},
}

const (
	readme06Batch  = "06-rest-compare/README.md#write-the-batch-handler"
	readme06Stream = "06-rest-compare/README.md#write-the-ndjson-stream"
	readme06Cache  = "06-rest-compare/README.md#stretch-let-http-caches-help"
	readme07API    = "07-grpc-web/README.md#write-the-grpc-web-handler"
	readme07CORS   = "07-grpc-web/README.md#cors-briefly"
	readme07Client = "07-grpc-web/README.md#write-the-browser-client"
	readme07Hop    = "07-grpc-web/README.md#stretch-a-service-calls-a-service"
	readme07Doc    = "07-grpc-web/README.md#stretch-document-the-rest-api"
)

var batchDiagnoses = []Diagnosis{
	{Test: "TestCreateBatchReadsNoFurtherThanTheLimit", Match: "the handler read", See: readme06Batch,
		Says: "Reading the whole body and then checking its size is too late: a client can send gigabytes. http.MaxBytesReader stops the read at the limit."},
	{Test: "TestCreateBatchTakesABodyOfExactlyTheLimit", See: readme06Batch,
		Says: "The limit is the largest size allowed: a body of exactly MaxBodyBytes is served, one byte more is 413. Give MaxBytesReader the limit itself."},
	{Test: "TestCreateBatchRejectsBadInput/body_over_the_limit", Match: `"status":400`, See: readme06Batch,
		Says: "A body over the limit is 413 RESOURCE_EXHAUSTED, not a malformed one: errors.As(err, &*http.MaxBytesError) tells the two apart."},
	{Test: "TestCreateBatchRejectsBadInput", Match: `"status":500`, See: readme06Batch,
		Says: "A body that does not decode is the client's mistake: 400, never a 5xx (a 500 tells the client to retry the same bytes, and pages the operators)."},
	{Test: "TestCreateBatchRejectsBadInput", Match: "does not contain \"product 1:", See: readme06Batch,
		Says: "Positions count from 0, as the store counts them: `product 1` is the second product of the batch."},
	{Test: "TestCreateBatchRejectsBadInput", Match: "nothing stored", See: readme06Batch,
		Says: "All or nothing: decode and check every product first, then store them at once with Store.CreateAll; storing as you go leaves half a batch behind a refusal."},
	{Test: "TestCreateBatchRejectsBadInput/products_capitalised", See: readme06Batch,
		Says: "JSON names are case-sensitive: `Products` is not `products`. encoding/json's struct decoding matches names regardless of case, so read the envelope token by token and compare exactly."},
	{Test: "TestCreateBatchRejectsBadInput/products_twice", See: readme06Batch,
		Says: "A JSON object can carry a key twice, and encoding/json keeps the last without a word: read the envelope token by token and refuse the second `products`."},
	{Test: "TestCreateBatchRejectsBadInput/data_after_the_object", See: readme06Batch,
		Says: "After the object, nothing but whitespace: check that the decoder has no more tokens (Decoder.Token returns io.EOF)."},
	{Test: "TestCreateBatchRejectsBadInput/unknown_product_field", See: readme06Batch,
		Says: "Each product in the proto's JSON mapping, strictly: protojson.Unmarshal refuses unknown fields unless told to discard them; a misspelt field must be the client's 400, not silently dropped."},
	{Test: "TestCreateBatchRejectsBadInput/duplicate_in_the_batch", See: readme06Batch,
		Says: "The store's refusals carry their own status (409 for a duplicate id): writeStoreError maps them, as catalog.Code does for gRPC."},
	{Test: "TestCreateEmptyBatch", Match: "Content-Type must be", See: readme06Batch,
		Says: "A media type may carry parameters (`application/json; charset=utf-8`): compare what mime.ParseMediaType returns, not the header's text."},
	{Test: "TestCreateBatch", See: readme06Batch,
		Says: "Creating is 201 Created, with {\"productsCreated\", \"productIds\"}."},
}

var streamDiagnoses = []Diagnosis{
	{Test: "TestStreamProductsFlushesEachProduct", See: readme06Stream,
		Says: "net/http buffers what you write (about 4 KB) and sends it when the buffer fills or the handler returns: a stream is a stream only if each line is flushed (http.NewResponseController(w).Flush())."},
	{Test: "TestStreamProductsLimit", Match: "limit=0", See: readme06Stream,
		Says: "limit=0 is an empty stream (200, no lines), as a page of zero would be; only a missing limit means every product."},
	{Test: "TestStreamProductsLimit", Match: "limit must be a whole number", See: readme06Stream,
		Says: "Judge the query before the first byte: once the 200 and its header are written, an error can no longer be a 400."},
	{Test: "TestStreamProductsLimit", See: readme06Stream,
		Says: "limit is how many products at most: stop when that many are sent (not one later), and a limit that is not a whole number >= 0 is 400."},
	{Test: "TestStreamProductsAsNDJSON", See: readme06Stream,
		Says: "NDJSON is one JSON value per line, each line ending in \\n (the last one too), served as application/x-ndjson: a client reads a line, parses it, and knows a line without its newline was cut short."},
	{Test: "TestStreamProductsStopsWhenTheClientGoes", See: readme06Stream,
		Says: "Check r.Context() before each product, not once per batch: a write to a gone client may still succeed into buffers, so the handler would go on working for nobody."},
	{Test: "TestStreamProductsChecksTheContextBeforeTheFirstProduct", See: readme06Stream,
		Says: "Check r.Context() before you write, the first product included: a client that has gone gets nothing."},
	{Test: "TestStreamProductsTenThousand", See: readme06Stream,
		Says: "Walk the store in batches with Scan, each starting after the last id of the batch before, until a batch comes back short: every product once, in order."},
}

var apiHandlerDiagnoses = []Diagnosis{
	{Test: "TestCORSAllowsTheMethodsPagesUse", Match: "allow the headers Connect sends too", See: readme07CORS,
		Says: "The preflight must allow every header a page's client sends: Connect's (Connect-Protocol-Version, Connect-Timeout-Ms) as well as gRPC-Web's. connectcors.AllowedHeaders() lists both, plus your Authorization."},
	{Test: "TestCORSAllowsTheMethodsPagesUse", See: readme07CORS,
		Says: "A page preflights each method it will send: POST for gRPC-Web and Connect calls, GET for Connect's side-effect-free calls and the REST routes. connectcors.AllowedMethods() lists them."},
	{Test: "TestCORS", Match: "grpc-status", See: readme07CORS,
		Says: "A page's script can read only the response headers CORS exposes: without grpc-status, grpc-message and grpc-status-details-bin every error reads as unknown. connectcors.ExposedHeaders() lists them."},
	{Test: "TestCORS", Match: "without -allow-origin nobody else may call", See: readme07API,
		Says: "rs/cors reads an empty AllowedOrigins as every origin: with no allowlist, allow no other origin at all (leave CORS out, or a func that says no)."},
	{Test: "TestCORS", Match: "Access-Control-Max-Age", See: readme07API,
		Says: "Without a max age the browser preflights every call, a round trip each: set MaxAge."},
	{Test: "TestCORS", See: readme07CORS,
		Says: "The preflight must allow every header the page sends: gRPC-Web's and Connect's (connectcors.AllowedHeaders()) plus Authorization, which neither list has."},
	{Test: "TestBrowserCrossOrigin", Match: "a disallowed origin is refused", See: readme07CORS,
		Says: "CORS answers only the listed origins: echoing any Origin back lets every site call the API with your users' tokens."},
}

var streamProductsDiagnoses = []Diagnosis{
	{Test: "TestBrowserStreamsPageByPage", Match: "as it arrives", See: readme07Client,
		Says: "Hand each product to onProduct inside `for await`, as it arrives: collecting a page (or all of them) first makes the page wait for the slowest part of the stream."},
	{Test: "TestBrowserStreamsPageByPage", Match: "send the category you are given", See: readme07Client,
		Says: "Every call of the walk is a whole request: send the category (and the page size) with each page, beside the token."},
	{Test: "TestBrowserStreamsPageByPage", Match: "36 products in pages of 10 are 4 calls", See: readme07Client,
		Says: "Send the page size you are given, under the generated field name pageSize (TypeScript's names are lowerCamelCase; page_size is ignored): the server's default is 1,000."},
	{Test: "TestBrowserStreamsPageByPage", Match: "send the page size you are given", See: readme07Client,
		Says: "Send the page size you are given, under the generated field name pageSize (TypeScript's names are lowerCamelCase): the server's default is 1,000."},
	{Test: "TestBrowserPage", Match: "do not swallow it", See: readme07Client,
		Says: "A failed call must reject with its ConnectError: catching it and returning a count hides the code (Unauthenticated, ...) the page shows."},
}

const readme02TLS = "02-unary/README.md#stretch-tls-and-mtls"

var tlsDiagnoses = []Diagnosis{
	{Test: "TestMutualTLS", Match: "without checking who signed it", See: readme02TLS,
		Says: "The server asked for a client certificate but did not verify who signed it: read tls.ClientAuthType's five values again, and pick the one that both demands a certificate and checks it against ClientCAs."},
	{Test: "TestMutualTLSRefusesACertificateOfAnotherCA", See: readme02TLS,
		Says: "The server took a certificate from a CA it never trusted: a ClientAuth that verifies, and the CAs it was given (ClientCAs) to verify against."},
	{Test: "TestMutualTLSRefusesAClientWithoutACertificate", See: readme02TLS,
		Says: "With clientCAs, a client without a certificate must not get through: a ClientAuth that asks but does not require (RequestClientCert, VerifyClientCertIfGiven) lets it in."},
	{Test: "TestTLSRefusesAnUnknownAuthority", Match: "the call went through", See: readme02TLS,
		Says: "The client accepted a server certificate no trusted CA signed: it must check against rootCAs (RootCAs), never skip the check (InsecureSkipVerify), or anyone on the path passes for the server."},
	{Test: "TestTLSChecksTheServersName", See: readme02TLS,
		Says: "The client checks the certificate against the name it wants: ServerName is serverName when given (an empty one means the host dialled), and InsecureSkipVerify would skip this check too."},
	{Test: "TestTLSRefusesVersionsBelow12", Match: "MinVersion", See: readme02TLS,
		Says: "Both sides must refuse TLS 1.0 and 1.1 (HTTP/2 forbids them): MinVersion tls.VersionTLS12, on the server's config and the client's."},
	{Test: "TestTLS", Match: "not TLS", See: readme02TLS,
		Says: "The connection is still plaintext: both functions must build TLS credentials (credentials.NewTLS with a tls.Config), the server's with its certificate."},
	{Test: "TestMutualTLS", Match: "the server must see the client's certificate", See: readme02TLS,
		Says: "In mTLS the client shows its certificate (Certificates in its tls.Config) and the server asks for it (ClientAuth): both sides have a part."},
}

const readme02Token = "02-unary/README.md#stretch-the-token-on-every-call"

var bearerTokenDiagnoses = []Diagnosis{
	{Test: "TestBearerTokenNeedsTLS", Match: "the token went out over plaintext", See: readme02Token,
		Says: "A bearer token is a password: whoever reads it calls as you, and over plaintext everyone on the path reads it. RequireTransportSecurity is how the credentials forbid that."},
	{Test: "TestBearerTokenNeedsTLS", Match: "transport level security", See: readme02Token,
		Says: "The credentials must refuse plaintext themselves (RequireTransportSecurity): then grpc-go makes no call at all, and nothing, the token included, leaves the client."},
	{Test: "TestBearerTokenRidesEveryCall", Match: "exactly one authorization value", See: readme02Token,
		Says: "The server's interceptor reads one authorization value, \"Bearer \" and the token: one key, lower case, in the map GetRequestMetadata returns."},
}

var cacheDiagnoses = []Diagnosis{
	{Test: "TestCacheHeaders", Match: `actual  : "text/plain; charset=utf-8"`, See: readme06Cache,
		Says: "Set Content-Type before http.ServeContent: without it ServeContent sniffs the body, and JSON goes out as text/plain (which a client may refuse to parse)."},
	{Test: "TestIfNoneMatch", Match: "the ETag changed with nothing changed", See: readme06Cache,
		Says: "An ETag that changes on every call (the time, a counter, random bytes) names no version: the tag a client holds is never the current one, so every conditional GET is a full 200. Hash the body you send."},
	{Test: "TestIfNoneMatch", Match: "a 304 repeats the ETag", See: readme06Cache,
		Says: "A 304 says \"your copy is current, and here is its version again\": set ETag and Cache-Control before you answer, whether with a 200 or a 304 (http.ServeContent writes the 304 with the headers already set)."},
	{Test: "TestIfNoneMatch/the_current_version,_weak", See: readme06Cache,
		Says: "If-None-Match is not one ETag to compare with ==: it may be a list (\"a\", \"b\"), a weak W/\"a\" (a cache may send it), or *. http.ServeContent knows these rules once the ETag header is set."},
	{Test: "TestIfNoneMatch/a_list_that_holds_it", See: readme06Cache,
		Says: "If-None-Match may list several versions the client holds: a 304 when any of them is the current one. http.ServeContent reads the list for you."},
	{Test: "TestIfNoneMatch/another_version", See: readme06Cache,
		Says: "A 304 means \"your copy is the current one\": only when If-None-Match names the current ETag (or is *), never for any If-None-Match at all."},
	{Test: "TestIfNoneMatch/after_a_change", See: readme06Cache,
		Says: "After a change the old ETag must no longer match: derive it from the bytes you send (a hash of the body), not from the id, and compare with the current one."},
	{Test: "TestETagNamesTheVersion", Match: "the price changed", See: readme06Cache,
		Says: "An ETag names a version, not a product: an id never changes, so clients would keep an old price forever. Hash the body you send."},
	{Test: "TestETagNamesTheVersion", Match: "is one the product had before", See: readme06Cache,
		Says: "An ETag made from some fields (the id and the price) misses a change to any other: the cache then answers 304 and the client keeps an old name or stock. Hash the whole body you send, exactly the bytes."},
	{Test: "TestCacheHeaders", Match: "is weak (W/)", See: readme06Cache,
		Says: "W/ marks a weak ETag: the same meaning, perhaps other bytes (say, the same page re-compressed). A hash of the body names exactly these bytes, so the tag is strong: \"<hash>\", no W/."},
	{Test: "TestETagNamesTheVersion", Match: "in another process", See: readme06Cache,
		Says: "Every replica behind the load balancer must give one version one tag: mix in nothing of the process (its start time, a boot or deploy id, a random id, the host). A deploy needs no new tags: a product that did not change is still current."},
	{Test: "TestETagNamesTheVersion", Match: "got two ETags", See: readme06Cache,
		Says: "An ETag that changes on every call (the time, a counter, random bytes) makes every copy look stale: the cache asks again each time and gains nothing. Derive it from the content alone."},
	{Test: "TestCacheHeaders", Match: "quoted string", See: readme06Cache,
		Says: "An ETag's quotes are part of it: ETag: \"3f2a\", not ETag: 3f2a. Caches send it back as written and compare it as a string."},
	{Test: "TestCacheHeaders", Match: "lacks public", See: readme06Cache,
		Says: "The request carried a token, and a shared cache (Varnish, a CDN) keeps an answer to such a request only when it says public. nginx does not check this rule; others do."},
	{Test: "TestCacheHeaders", Match: "s-maxage", See: readme06Cache,
		Says: "No max-age: s-maxage speaks to shared caches only (nginx, a CDN), and the browser's own cache then keeps nothing. max-age=10 speaks to every cache on the way."},
	{Test: "TestCacheHeaders", Match: "max-age is CacheMaxAge", See: readme06Cache,
		Says: "max-age is a whole number of seconds (max-age=10, not 10s or 10000): how stale a copy may be before the cache asks again. The catalogue accepts CacheMaxAge, 10 s; an hour would show an old price for an hour after an update."},
	{Test: "TestCacheNeverKeepsAMistake", Match: "no-store", See: readme06Cache,
		Says: "A cache may keep a 404 by default (RFC 9111 lets it guess a lifetime), so a product created later would stay missing behind it: errors say Cache-Control: no-store."},
	{Test: "TestCacheNeverKeepsAMistake", Match: "If-None-Match * matches", See: readme06Cache,
		Says: "If-None-Match: * means \"any current version\": an unknown product has none, so it is a 404. Check the id and the store before the conditional."},
	{Test: "TestCacheInFrontOfTheAPI", Match: "reached the server", See: readme06Cache,
		Says: "nginx keeps only what Cache-Control allows: a max-age, and never private, no-cache or no-store. Without it every GET goes through to your server."},
}

var stockForDiagnoses = []Diagnosis{
	{Test: "TestHopDeadlineIsTheBudget", Match: "has no deadline at all", See: readme07Hop,
		Says: "Without a deadline of its own the hop waits as long as its caller does, and a caller with none (a REST client, a browser) waits forever on a hung inventory. context.WithTimeout(ctx, HopBudget) gives the hop the earlier of the two."},
	{Test: "TestHopDeadlineIsTheBudget", Match: "more than HopBudget", See: readme07Hop,
		Says: "The caller's deadline travels by itself (grpc-go sends what is left of ctx's); the budget is the hop's own limit on top of it. Derive the hop's context with context.WithTimeout(ctx, HopBudget)."},
	{Test: "TestHopDeadlineNeverOutlivesTheCaller", Match: "the caller gave the whole call only", See: readme07Hop,
		Says: "A context made from context.Background() with a fresh timeout forgets the caller's deadline: the inventory works on for a caller who has given up. Derive it from ctx and the earlier deadline wins by itself."},
	{Test: "TestHopCancelReachesTheDownstream", Match: "after the caller hung up", See: readme07Hop,
		Says: "A cancel flows down the tree of contexts: only a context derived from the caller's ctx ends when the caller hangs up. Copying the deadline into a new context keeps the time, not the hang-up."},
	{Test: "TestHopMetadata", Match: "bearer token reached the inventory", See: readme07Hop,
		Says: "Forwarding the incoming metadata forwards the caller's token too: a secret meant for the edge then sits in the inventory's logs and memory, and whoever reads it there can call the edge as that caller. Send only what the inventory needs."},
	{Test: "TestHopMetadata", Match: "cookie reached the inventory", See: readme07Hop,
		Says: "Forwarding the incoming metadata minus authorization still forwards everything else the caller sent: cookies, API keys, headers you have never heard of. Start from nothing and add what the inventory needs: the request id and the caller's name."},
	{Test: "TestHopMetadata", Match: `"req-42", "req-42"`, See: readme07Hop,
		Says: "The request id went twice: AppendToOutgoingContext adds a value, it never replaces one, so appending in an interceptor and again in StockFor (or onto forwarded metadata) sends two. Append each key once."},
	{Test: "TestHopMetadata", Match: "never what the caller claims", See: readme07Hop,
		Says: "A caller may send any x-caller it likes; only the edge's authentication says who it is. Send CallerFrom(ctx), once (appending to forwarded metadata adds a second value)."},
	{Test: "TestHopMetadata/an_id_the_edge_made", Match: "Take it from RequestIDFrom(ctx)", See: readme07Hop,
		Says: "When the caller sends no request id the edge makes one, and that one is in the edge's logs and response header; the incoming metadata has only what the caller sent. RequestIDFrom(ctx) has the edge's."},
	{Test: "TestHopErrorCodes", Match: "reached the caller", See: readme07Hop,
		Says: "A downstream's message is written for its own operators: hosts, users, queries. Returning err (or wrapping it with %w: the message travels inside) shows it to every caller. Log it at the edge and return a status in your own words."},
	{Test: "TestHopErrorCodes/Unavailable", Match: `actual  : "Internal"`, See: readme07Hop,
		Says: "Unavailable is the code that tells a client a retry may work; as Internal, clients give up. Keep Unavailable, in your own words."},
	{Test: "TestHopErrorCodes/inventory_down", Match: `actual  : "Internal"`, See: readme07Hop,
		Says: "An inventory that is down fails the call with Unavailable from grpc-go itself: keep that code, so the caller may retry, in your own words."},
	{Test: "TestHopErrorCodes/Canceled", Match: `actual  : "Internal"`, See: readme07Hop,
		Says: "A caller who hung up is no failure of the edge's: keep Canceled. As Internal, every caller who left counts in the edge's error rate and pages someone."},
	{Test: "TestHopErrorCodes/DeadlineExceeded", Match: `actual  : "Internal"`, See: readme07Hop,
		Says: "The time ran out: the caller should hear DeadlineExceeded, not that the edge has a bug."},
	{Test: "TestHopErrorCodes", Match: `expected: "Internal"`, See: readme07Hop,
		Says: "Only Unavailable, DeadlineExceeded and Canceled pass on. Every other code from the inventory becomes the edge's Internal: an InvalidArgument, NotFound, Unauthenticated or PermissionDenied is about the edge's request to it, which the caller can fix none of (and Unauthenticated would send a user to log in again); and not Unknown either: the edge knows what failed, and logs it."},
	{Test: "TestHopOneTrace", Match: "the hop made no client span", See: readme07Hop,
		Says: "A trace crosses to another service only if the calling side records the call and writes its context into the call's metadata: the connection needs otelgrpc's client handler, with tp (the global provider records nothing)."},
	{Test: "TestHopOneTrace", Match: "Give the client handler the W3C propagator", See: readme07Hop,
		Says: "The hop's span was made but no traceparent was sent: the global propagator is a no-op until someone sets it. Pass otelgrpc.WithPropagators(propagation.TraceContext{})."},
	{Test: "TestHopOneTrace", Match: "does not hold the edge's span", See: readme07Hop,
		Says: "The edge's span lives in ctx; a context made from context.Background() starts a new trace. Derive the hop's context from ctx."},
	{Test: "TestHopOverREST", Match: "had no answer in 3 s", See: readme07Hop,
		Says: "A REST client (curl, a browser) sends no deadline, so the caller's ctx never ends by itself: only the hop's own budget, context.WithTimeout(ctx, HopBudget), turns a hung inventory into a 504."},
	{Test: "TestHopOverREST", Match: "reached the REST client", See: readme07Hop,
		Says: "Over REST the status's message is the JSON body's \"message\": the inventory's words (hosts, users) would reach every client. Return a status in the edge's own words."},
	{Test: "TestStockForReleasesItsContext", Match: "is still live", See: readme07Hop,
		Says: "context.WithTimeout's cancel stops its timer and unhooks it from the parent; without it, every call leaves both behind for the whole budget (go vet's lostcancel check says so too). defer cancel() right after."}}

var openAPIDiagnoses = []Diagnosis{
	{Test: "TestOpenAPIDocumentIsFresh", Match: "changed since go generate", See: readme07Doc,
		Says: "The server serves (and the other tests check) the JSON that go generate wrote, not your YAML: after every edit of 01-proto/openapi.yaml, run go generate ./01-proto/ again."},
	{Test: "TestOpenAPIMatchesServer", Match: "still the stub's", See: readme07Doc,
		Says: "The server embeds the generated JSON, not your YAML: run go generate ./01-proto/ after each edit of 01-proto/openapi.yaml."},
	{Test: "TestOpenAPIMatchesServer", Match: "does not ask for one", See: readme07Doc,
		Says: "A security scheme only defines a way to authenticate; the document asks for it with a security requirement that names the scheme (security: [{securityRequirement: {<your scheme's name>: {}}}])."},
	{Test: "TestOpenAPIMatchesServer", Match: "asks for no token", See: readme07Doc,
		Says: "A security requirement on one method covers that method alone; a route without one is documented as open, and a client generated from it sends no token there. Put the requirement in openapiOptions.file, where it covers every route."},
	{Test: "TestOpenAPIMatchesServer", Match: "want an API key in a header", See: readme07Doc,
		Says: "The server reads \"Authorization: Bearer <token>\": in Swagger 2.0 that is an API key (TYPE_API_KEY) in the header (IN_HEADER) named Authorization; basic auth or a query parameter is another API."},
	{Test: "TestOpenAPIMatchesServer", Match: "gives that answer no schema", See: readme07Doc,
		Says: "A response with a description and no schema lets any body through: give each error the schema the server writes, google.rpc.Status (jsonSchema: {ref: .google.rpc.Status})."},
	{Test: "TestOpenAPIMatchesServer", Match: "answers 415, and its body does not match", See: readme07Doc,
		Says: "The 415 is vanguard's plain text, not a JSON error: its schema is a string (jsonSchema: {type: [STRING]}), and ListProducts produces text/plain as well as JSON."},
	{Test: "TestOpenAPIMatchesServer", Match: "disallowed external reference", See: readme07Doc,
		Says: "A ref must name a message the document defines: the generator defines the messages the contract's methods use, and google.rpc.Status (the error body). google.rpc.BadRequest only travels inside Status's details; the error's schema is .google.rpc.Status."},
	{Test: "TestOpenAPIMatchesServer", Match: "does not match the document's schema", See: readme07Doc,
		Says: "The schema must be what the server writes: an error body is google.rpc.Status (code, message, and typed details such as google.rpc.BadRequest), not a message of the contract that happens to have a code and a message."},
	{Test: "TestOpenAPIMatchesServer", Match: "documents 401, but none of the requests", See: readme07Doc,
		Says: "Document what each route really answers: ListProducts never gets as far as the token check here (415 first), so a 401 for every route says something the server never does."},
	{Test: "TestOpenAPIMatchesServer", Match: "but none of the requests", See: readme07Doc,
		Says: "Document what each route really answers, no more: a status no request can get tells client generators and readers about an error that never comes."},
	{Test: "TestOpenAPIMatchesServer", Match: "a content type the document does not list", See: readme07Doc,
		Says: "The 415 comes as text/plain, not JSON: Swagger 2.0 lists content types per operation, so ListProducts needs produces: [application/json, text/plain]."},
	{Test: "TestOpenAPIMatchesServer", Match: "which the document does not list", See: readme07Doc,
		Says: "Every status a route answers must be listed under its method's responses, with its schema: the generator's own default response covers any status, so it documents none of them."},
}

const readme01Contract = "01-proto/README.md#stretch-change-the-contract"

var reserveStockDiagnoses = []Diagnosis{
	{Test: "TestContractHasReserveStock", Match: "but the generated code does not", See: readme01Contract,
		Says: "The Go code is made from the .proto, not read from it at run time: after every edit of stock.proto, go generate ./01-proto/stock/ writes stock.pb.go and stock_grpc.pb.go again."},
	{Test: "TestGeneratedCodeIsFresh", Match: "the contract changed, the Go code did not", See: readme01Contract,
		Says: "stock.proto changed since go generate last ran: run go generate ./01-proto/stock/ again, so the code you compile is the contract you wrote."},
	{Test: "TestContractHasReserveStock", Match: "clients built from the old contract still read it as", See: readme01Contract,
		Says: "An old field's type is part of what old clients read (and in JSON, int64 is a string, not a number). Add new fields; leave every old one as it was."},
	{Test: "TestContractHasReserveStock", Match: "the README's contract gives it", See: readme01Contract,
		Says: "Any number never used would be safe on its own, but a contract is shared: every client built from it (the tests', your neighbour's) reads reserved as field 3. Use the README's numbers, then go generate ./01-proto/stock/."},
	{Test: "TestContractHasReserveStock", Match: "is uint32, not int32", See: readme01Contract,
		Says: "uint32 does not forbid a bad quantity, it hides it: a client's -1 arrives as 4294967295. Keep int32 and let the server refuse 0 and less with InvalidArgument."},
	{Test: "TestOldClientReadsTheNewServer", Match: "a field's number or type changed", See: readme01Contract,
		Says: "Numbers are the contract: an old client reads field 2 as available whatever the new file calls it. Giving the new field an old number (or renumbering to keep the file tidy) makes old clients read the wrong count. A new field takes a number never used."},
	{Test: "TestOldClientsKeepWorking", Match: "used more than once", See: readme01Contract,
		Says: "Two fields of a message can never share a number: buf (and protoc) refuse the file. The new field takes the next free number."},
	{Test: "TestOldClientsKeepWorking", Match: "changed type from", See: readme01Contract,
		Says: "Changing an existing field's type breaks clients built from the old file, on the wire or in JSON. Add a new field instead, and leave the old one as it was."},
	{Test: "TestOldClientsKeepWorking", Match: "changed name from", See: readme01Contract,
		Says: "A renamed field is safe on the wire (only its number travels), but its JSON key changed, so JSON clients of the old file lose it. Keep every old field's number and name; the new field gets a new number and a new name."},
	{Test: "TestOldClientsKeepWorking", Match: "Previously present RPC", See: readme01Contract,
		Says: "An RPC removed or renamed is Unimplemented for every client still calling it by its old name. Add ReserveStock beside GetStock; never instead of it."},
	{Test: "TestReserveStock", Match: "7 still available", See: readme01Contract,
		Says: "The response is the stock just after this reservation: build it after you changed the counts (still under the lock), not from a copy taken before."},
	{Test: "TestReserveStock", Match: "carries the new field", See: readme01Contract,
		Says: "A reservation is two changes under one lock: available goes down by quantity and reserved goes up by it. The new field is the count of what is set aside, kept in item and sent in every Stock."},
	{Test: "TestReserveStock", Match: "GetStock sends the new field too", See: readme01Contract,
		Says: "A new field is sent only where the server fills it: GetStock builds its Stock too, so it must set Reserved as ReserveStock does."},
	{Test: "TestReserveStockRejectsBadInput", Match: `actual  : "ResourceExhausted"`, See: readme01Contract,
		Says: "ResourceExhausted is a quota or a limit of the server (a rate, a size). Not enough stock is a state the caller can read and change: FailedPrecondition."},
	{Test: "TestReserveStockRejectsBadInput", Match: `actual  : "NotFound"`, See: readme01Contract,
		Says: "A request that can never succeed (an empty sku, a quantity of 0 or less) is the caller's mistake, InvalidArgument: check the request before looking the sku up (NotFound is for a well-formed sku that is not there)."},
	{Test: "TestReserveStockRejectsBadInput", Match: `actual  : "OK"`, See: readme01Contract,
		Says: "Asking for more than is available is refused whole, with FailedPrecondition, and changes nothing: a reservation is never partial, and stock never goes below 0."},
	{Test: "TestReserveStockConcurrently", Match: "race detected", See: readme01Contract,
		Says: "Each call runs on its own goroutine: the check (enough available?) and the take (available -= quantity) must happen under one hold of s.mu, or two orders both take the last one."},
	{Test: "TestReserveStock", Match: "reserving all that is left is allowed", See: readme01Contract,
		Says: "The refusal is for more than is available: quantity > available. With >=, the last units can never be reserved, and stock that is there goes unsold."},
	{Test: "TestReserveStockConcurrently", Match: "of the stock went unsold", See: readme01Contract,
		Says: "Fewer orders than the stock succeeded: not a lock problem (a lock problem sells more than there is) but the comparison: refuse only quantity > available."},
	{Test: "TestReserveStockConcurrently", Match: "different counts of available", See: readme01Contract,
		Says: "A response must not be a message the server keeps: grpc-go encodes it after your handler returns, outside the lock, while other calls change it. Build a new Stock for each response, under the lock, from the counts."},
	{Test: "TestReserveStockConcurrently", Match: "check and take under one lock", See: readme01Contract,
		Says: "Between your check and your take another call got in: hold s.mu from the lookup to the change, so the check is still true when you take."},
	{Test: "TestReserve", Match: "Reserve made no ReserveStock call", See: readme01Contract,
		Says: "Computing the answer on the client (GetStock, then subtract) reserves nothing: call the new RPC through the generated client, NewStockServiceClient(conn).ReserveStock."},
}
