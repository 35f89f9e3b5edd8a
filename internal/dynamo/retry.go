package dynamo

import (
	"context"
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
