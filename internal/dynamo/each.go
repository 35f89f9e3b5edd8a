package dynamo

import (
	"context"
	"errors"
	"sync"
)

// inFlight bounds how many calls the store makes at once for one request.
const inFlight = 4

// each calls fn for 0..n-1, at most inFlight at a time, and returns the
// first error; after one, the calls not yet started are skipped.
func each(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	slots := make(chan struct{}, inFlight)
	for i := range n {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			if err := fn(ctx, i); err != nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	err := context.Cause(ctx)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return storeErr("concurrent calls", err)
	}
	return err
}
