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
		Says: "The store's error is a plain Go error, which a gRPC client sees as Unknown. catalog.Status turns it into the status it stands for (NotFound, with the id)."},
	{Test: "TestGetProductRejectsBadInput/empty_id", Match: `actual  : "NotFound"`, See: readme02Codes,
		Says: "A malformed id (empty, a space, a slash, too long) cannot name a product: that is the caller's mistake, InvalidArgument, before the store is asked. NotFound is for a well-formed id that is not there."},
	{Test: "TestGetProductRejectsBadInput", Match: "errdetails.BadRequest", See: readme02Get,
		Says: "InvalidArgument carries an errdetails.BadRequest naming the field, so a client can show which input was wrong; catalog.Status adds it for a validation error."},
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
