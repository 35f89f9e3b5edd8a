package dynamo

import (
	"context"
	"errors"
	"time"

	"chargeback/internal/errs"
)

// maxAttempts bounds every retry loop of the store.
const maxAttempts = 4

// retryWait is the pause before the second attempt; each later one waits
// that much longer again.
const retryWait = 20 * time.Millisecond

// withRetries calls try until it reports done, it fails, or maxAttempts calls
// have been made; it reports whether try got done. It waits a little longer
// before each attempt, and gives up as "unavailable" when ctx ends.
func withRetries(ctx context.Context, try func(attempt int) (done bool, err error)) (bool, error) {
	for attempt := 1; ; attempt++ {
		done, err := try(attempt)
		if done || err != nil || attempt == maxAttempts {
			return done, err
		}
		select {
		case <-ctx.Done():
			return false, errs.Wrap(errs.Unavailable, ctx.Err(), "the request timed out; retry")
		case <-time.After(time.Duration(attempt) * retryWait):
		}
	}
}

// retried makes one call to DynamoDB, trying it again while it fails in a
// way another try can mend (see transient), up to maxAttempts tries; the
// last failure is returned. Only calls that cannot apply a write twice are
// made this way: reads, and commits, whose transaction carries one
// ClientRequestToken for every try.
func retried(ctx context.Context, call func() error) error {
	var err error
	_, waitErr := withRetries(ctx, func(int) (bool, error) {
		err = call()
		return !transient(err), nil
	})
	if waitErr != nil {
		return waitErr
	}
	return err
}

// transient reports whether err may pass if the same call is made again:
// storage was unavailable (throttled, a server error, a timeout) or another
// transaction held the same items.
func transient(err error) bool {
	return errs.Is(err, errs.Unavailable) || errors.Is(err, errWriteConflict)
}
