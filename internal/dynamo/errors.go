package dynamo

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"chargeback/internal/errs"
)

// storeErr classifies a DynamoDB error: throttling, server errors, network
// failures and timeouts (after the SDK's own retries), and a transaction
// still in progress under the same token, are "unavailable", which the
// store tries again and the API answers with 503 and Retry-After; anything
// else is internal.
func storeErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errs.Wrap(errs.Unavailable, fmt.Errorf("dynamodb %s: %w", op, err), "storage did not answer in time; try again")
	}
	var (
		throughput *types.ProvisionedThroughputExceededException
		limit      *types.RequestLimitExceeded
		internal   *types.InternalServerError
		maxTries   *retry.MaxAttemptsError
		netErr     net.Error
		apiErr     smithy.APIError
	)
	switch {
	case throttled(cancelReasons(err)),
		errors.As(err, &throughput), errors.As(err, &limit), errors.As(err, &internal),
		errors.As(err, &maxTries), errors.As(err, &netErr),
		errors.As(err, &apiErr) && (unavailableCodes[apiErr.ErrorCode()] || apiErr.ErrorFault() == smithy.FaultServer):
		return errs.Wrap(errs.Unavailable, fmt.Errorf("dynamodb %s: %w", op, err), "storage is unavailable; try again")
	}
	return fmt.Errorf("dynamodb %s: %w", op, err)
}

// unavailableCodes are the error codes, other than the typed errors
// storeErr checks, that mean "not now" rather than "never".
var unavailableCodes = map[string]bool{"ThrottlingException": true, "TransactionInProgressException": true}

// cancelReasons returns the per-item reason codes of a cancelled
// transaction, or nil when err is not a cancellation.
func cancelReasons(err error) []string {
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) {
		return nil
	}
	codes := make([]string, len(tc.CancellationReasons))
	for i, r := range tc.CancellationReasons {
		if r.Code != nil {
			codes[i] = *r.Code
		}
	}
	return codes
}

// throttled reports whether a transaction was cancelled for capacity rather
// than for a condition or a conflict: that is "unavailable", not a conflict.
func throttled(reasons []string) bool {
	for _, r := range reasons {
		if r == "ThrottlingError" || r == "ProvisionedThroughputExceeded" {
			return true
		}
	}
	return false
}

// conditionFailed reports whether err is a failed condition on a single-item
// write.
func conditionFailed(err error) bool {
	var cf *types.ConditionalCheckFailedException
	return errors.As(err, &cf)
}

// inTransaction reports whether a single-item write was refused because a
// transaction was writing or checking the same item at that moment
// (TransactionConflictException): retry, as for a conflicting transaction.
func inTransaction(err error) bool {
	var tc *types.TransactionConflictException
	return errors.As(err, &tc)
}
