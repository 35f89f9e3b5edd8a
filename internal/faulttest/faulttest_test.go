package faulttest

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
)

func item(sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "faulttest"}, "SK": &types.AttributeValueMemberS{Value: sk}}
}

// written reports whether the item with sort key sk is in the table.
func written(t *testing.T, client *dynamodb.Client, table, sk string) bool {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &table, Key: item(sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item != nil
}

// TestEachKindFailsAsTheSDKWould sends a two-item transaction through an
// injector that fails every call with one kind, and checks what the caller
// sees and what landed.
func TestEachKindFailsAsTheSDKWould(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	clean := dynamo.NewLocalClient(endpoint)
	table := dynamotest.Table(t, clean)
	isCode := func(code string) func(error) bool {
		return func(err error) bool {
			var api smithy.APIError
			return errors.As(err, &api) && api.ErrorCode() == code
		}
	}
	isTimeout := func(err error) bool {
		var ne net.Error
		return errors.As(err, &ne) && ne.Timeout() && errors.Is(err, context.DeadlineExceeded)
	}
	for _, tc := range []struct {
		kind    Kind
		is      func(error) bool
		written bool
	}{
		{Throughput, func(err error) bool { var e *types.ProvisionedThroughputExceededException; return errors.As(err, &e) }, false},
		{Throttling, func(err error) bool { var e *types.ThrottlingException; return errors.As(err, &e) }, false},
		{Conflict, func(err error) bool {
			var e *types.TransactionCanceledException
			return errors.As(err, &e) && len(e.CancellationReasons) == 2 && *e.CancellationReasons[0].Code == "TransactionConflict"
		}, false},
		{ServerError, func(err error) bool {
			var e *types.InternalServerError
			var status interface{ HTTPStatusCode() int }
			return errors.As(err, &e) && errors.As(err, &status) && status.HTTPStatusCode() == 500 && isCode("InternalServerError")(err)
		}, false},
		{TimeoutBefore, isTimeout, false},
		{TimeoutAfter, isTimeout, true},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			inj := New(1, 1, tc.kind)
			client := dynamo.NewLocalClient(endpoint, inj.Outside)
			sk := "tx-" + tc.kind.String()
			_, err := client.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &table, Item: item(sk)}},
				{Put: &types.Put{TableName: &table, Item: item(sk + "-2")}},
			}})
			if err == nil || !tc.is(err) {
				t.Errorf("got %v, want a %s fault", err, tc.kind)
			}
			if got := written(t, clean, table, sk); got != tc.written {
				t.Errorf("written: got %v, want %v", got, tc.written)
			}
			if calls, faults := inj.Total(); calls != 1 || faults != 1 || inj.Injected(tc.kind) != 1 {
				t.Errorf("counts: got %s, want 1 call, 1 %s", inj, tc.kind)
			}
		})
	}
}

// TestConflictOnASingleWriteAndNeverOnReads: a single-item write conflicts
// with TransactionConflictException; a read never gets a conflict.
func TestConflictOnASingleWriteAndNeverOnReads(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	inj := New(1, 1, Conflict)
	client := dynamo.NewLocalClient(endpoint, inj.Outside)
	table := dynamotest.Table(t, dynamo.NewLocalClient(endpoint))
	_, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: &table, Item: item("put")})
	var tc *types.TransactionConflictException
	if !errors.As(err, &tc) {
		t.Errorf("put: got %v, want TransactionConflictException", err)
	}
	if _, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &table, Key: item("put")}); err != nil {
		t.Errorf("get: got %v, want no fault", err)
	}
}

// TestInsideTheSDKRetries: placed inside the retry loop, the SDK tries a
// throttled, failed or timed-out call three times before the caller sees
// the fault; a cancelled transaction it leaves to the caller at once.
func TestInsideTheSDKRetries(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	table := dynamotest.Table(t, dynamo.NewLocalClient(endpoint))
	for _, tc := range []struct {
		kind     Kind
		attempts int
	}{{Throughput, 3}, {Throttling, 3}, {ServerError, 3}, {TimeoutBefore, 3}, {Conflict, 1}} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			inj := New(1, 1, tc.kind)
			client := dynamo.NewLocalClient(endpoint, inj.Inside, QuickRetries)
			_, err := client.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &table, Item: item("inside")}},
			}})
			var maxed *retry.MaxAttemptsError
			if err == nil || errors.As(err, &maxed) != (tc.attempts > 1) || inj.Injected(tc.kind) != tc.attempts {
				t.Errorf("got %v after %s, want %d attempts", err, inj, tc.attempts)
			}
		})
	}
}

// TestSameSeedSameFaults: the same seed fails the same calls the same way;
// the rate holds over many calls.
func TestSameSeedSameFaults(t *testing.T) {
	run := func(seed uint64) []string {
		inj := New(seed, 0.1)
		var got []string
		for i := range 2000 {
			op := []string{"GetItem", "Query", "TransactWriteItems"}[i%3]
			if k, fail := inj.draw(op); fail {
				got = append(got, op+" "+k.String())
			}
		}
		return got
	}
	a, b := run(7), run(7)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("seed 7 twice (-first +second):\n%s", diff)
	}
	if n := len(a); n < 150 || n > 250 {
		t.Errorf("got %d faults in 2000 calls at 10%%, want about 200", n)
	}
	if cmp.Equal(a, run(8)) {
		t.Error("seeds 7 and 8 fail the same calls")
	}
}
