package faulttest

import (
	"context"
	"net/http"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Kind is a fault DynamoDB (or the network to it) shows.
type Kind int

// The faults an Injector injects.
const (
	// Throughput is ProvisionedThroughputExceededException: the table or an
	// index is over its capacity. Nothing was written.
	Throughput Kind = iota
	// Throttling is ThrottlingException: the account or the on-demand table
	// is over its request rate. Nothing was written.
	Throttling
	// Conflict is another transaction writing the same items: for
	// TransactWriteItems a TransactionCanceledException whose reasons name a
	// TransactionConflict, for a single-item write a
	// TransactionConflictException. Nothing was written. Reads never get it.
	Conflict
	// ServerError is a 500 InternalServerError. Nothing was written.
	ServerError
	// TimeoutBefore is a call that times out before it reaches DynamoDB.
	TimeoutBefore
	// TimeoutAfter is a call DynamoDB carried out whose answer never came
	// back: the caller gets the same timeout as TimeoutBefore and cannot
	// tell whether its write landed.
	TimeoutAfter
)

// AllKinds is every kind of fault, in order.
var AllKinds = []Kind{Throughput, Throttling, Conflict, ServerError, TimeoutBefore, TimeoutAfter}

// Lost are the faults after which nothing was written.
var Lost = []Kind{Throughput, Throttling, Conflict, ServerError, TimeoutBefore}

// String names the kind, as the counts are reported.
func (k Kind) String() string {
	switch k {
	case Throughput:
		return "throughput"
	case Throttling:
		return "throttling"
	case Conflict:
		return "conflict"
	case ServerError:
		return "server_error"
	case TimeoutBefore:
		return "timeout_before"
	case TimeoutAfter:
		return "timeout_after"
	}
	return "unknown"
}

// fits reports whether DynamoDB could answer operation op with k.
func (k Kind) fits(op string) bool {
	return k != Conflict || writes[op]
}

// writes are the operations a transaction can conflict with.
var writes = map[string]bool{"TransactWriteItems": true, "PutItem": true, "UpdateItem": true, "DeleteItem": true}

// err is the error the SDK would return for k on operation op, whose
// transaction (if it is one) has items items.
func (k Kind) err(op string, items int) error {
	injected := aws.String("injected by faulttest")
	switch k {
	case Throughput:
		return response(http.StatusBadRequest, &types.ProvisionedThroughputExceededException{Message: injected})
	case Throttling:
		return response(http.StatusBadRequest, &types.ThrottlingException{Message: injected})
	case Conflict:
		if op != "TransactWriteItems" {
			return response(http.StatusBadRequest, &types.TransactionConflictException{Message: injected})
		}
		reasons := make([]types.CancellationReason, max(items, 1))
		for i := range reasons {
			reasons[i].Code = aws.String("None")
		}
		reasons[0] = types.CancellationReason{Code: aws.String("TransactionConflict"), Message: aws.String("Transaction is ongoing for the item")}
		return response(http.StatusBadRequest, &types.TransactionCanceledException{Message: injected, CancellationReasons: reasons})
	case ServerError:
		return response(http.StatusInternalServerError, &types.InternalServerError{Message: injected})
	}
	return &smithyhttp.RequestSendError{Err: &url.Error{Op: "Post", URL: "https://dynamodb", Err: timeout{}}}
}

// response wraps an API error as the SDK's deserializer does, with the
// HTTP status its retryer looks at.
func response(status int, err error) error {
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}}},
			Err:      err,
		},
		RequestID: "faulttest",
	}
}

// timeout is what net/http's client timeout looks like: a net.Error that
// timed out and is context.DeadlineExceeded.
type timeout struct{}

func (timeout) Error() string {
	return "net/http: request canceled (Client.Timeout exceeded while awaiting headers), injected by faulttest"
}
func (timeout) Timeout() bool        { return true }
func (timeout) Temporary() bool      { return true }
func (timeout) Is(target error) bool { return target == context.DeadlineExceeded }
