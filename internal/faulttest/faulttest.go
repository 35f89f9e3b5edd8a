// Package faulttest makes a DynamoDB client fail the way DynamoDB fails
// under load, so that tests against DynamoDB Local (which never throttles
// and never conflicts) can prove the system survives it: throttling,
// transaction conflicts, server errors, and timeouts, including a timeout
// after the write landed, when the caller cannot know whether it did.
//
// An Injector is SDK middleware. Placed Outside the SDK's retry loop, every
// fault reaches the caller, whose own retries must cope; placed Inside, each
// attempt may fail and the SDK retries what it retries (throttling, 500s,
// timeouts) before the caller sees anything.
package faulttest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
)

// Injector fails a share of a client's calls, each with one kind of fault
// drawn from a seeded generator: the same seed and the same calls in the
// same order fail the same way (concurrent calls draw in the order they
// arrive).
type Injector struct {
	mu     sync.Mutex
	rng    *rand.Rand
	rate   float64
	kinds  []Kind
	only   map[string]bool // operations that may fail; all when empty
	limit  int             // the most faults in all; no limit when 0
	calls  int
	counts map[Kind]int
}

// New returns an injector that fails rate (0 to 1) of the calls with one of
// kinds (every kind when none are named).
func New(seed uint64, rate float64, kinds ...Kind) *Injector {
	if len(kinds) == 0 {
		kinds = AllKinds
	}
	return &Injector{rng: rand.New(rand.NewPCG(seed, 0xfa017)), rate: rate, kinds: kinds, counts: map[Kind]int{}}
}

// OnlyOn limits the faults to the named operations (such as
// "TransactWriteItems"); other calls pass untouched and uncounted.
func (in *Injector) OnlyOn(ops ...string) *Injector {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.only = map[string]bool{}
	for _, op := range ops {
		in.only[op] = true
	}
	return in
}

// Limit stops the faults once n have been injected.
func (in *Injector) Limit(n int) *Injector {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.limit = n
	return in
}

// SetRate changes the share of calls that fail from now on.
func (in *Injector) SetRate(rate float64) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rate = rate
}

// Injected is how many faults of kind k were injected.
func (in *Injector) Injected(k Kind) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.counts[k]
}

// Total is how many calls (or, Inside, attempts) were seen and how many
// of them failed.
func (in *Injector) Total() (calls, faults int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.calls, in.faults()
}

// faults is how many faults were injected; the caller holds mu.
func (in *Injector) faults() int {
	n := 0
	for _, c := range in.counts {
		n += c
	}
	return n
}

// String reports the calls seen and the faults injected by kind.
func (in *Injector) String() string {
	calls, faults := in.Total()
	parts := make([]string, len(AllKinds))
	for i, k := range AllKinds {
		parts[i] = fmt.Sprintf("%s %d", k, in.Injected(k))
	}
	return fmt.Sprintf("%d calls, %d faults (%s)", calls, faults, strings.Join(parts, ", "))
}

// draw decides the fate of one call of operation op: a fault, or none.
func (in *Injector) draw(op string) (Kind, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.only) > 0 && !in.only[op] {
		return 0, false
	}
	in.calls++
	if in.rng.Float64() >= in.rate || (in.limit > 0 && in.faults() >= in.limit) {
		return 0, false
	}
	var fit []Kind
	for _, k := range in.kinds {
		if k.fits(op) {
			fit = append(fit, k)
		}
	}
	if len(fit) == 0 {
		return 0, false
	}
	k := fit[in.rng.IntN(len(fit))]
	in.counts[k]++
	return k, true
}

// inject makes one call of op through send, or fails it. A TimeoutAfter
// makes the call and throws its answer away.
func (in *Injector) inject(ctx context.Context, send func() error) error {
	op := middleware.GetOperationName(ctx)
	k, fail := in.draw(op)
	switch {
	case !fail:
		return send()
	case k == TimeoutAfter:
		_ = send()
	}
	items, _ := middleware.GetStackValue(ctx, itemsKey{}).(int)
	return k.err(op, items)
}

// itemsKey holds the number of items of a TransactWriteItems call, for the
// cancellation reasons of a Conflict.
type itemsKey struct{}

// countItems is the first middleware of the stack: it notes how many items
// a transaction writes.
var countItems = middleware.InitializeMiddlewareFunc("faulttest.items", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	if tx, ok := in.Parameters.(*dynamodb.TransactWriteItemsInput); ok {
		ctx = middleware.WithStackValue(ctx, itemsKey{}, len(tx.TransactItems))
	}
	return next.HandleInitialize(ctx, in)
})

// Outside is a client option that fails calls before the SDK's retry loop:
// every fault reaches the code that made the call.
func (in *Injector) Outside(o *dynamodb.Options) {
	fail := middleware.InitializeMiddlewareFunc("faulttest.outside", func(ctx context.Context, arg middleware.InitializeInput, next middleware.InitializeHandler) (out middleware.InitializeOutput, md middleware.Metadata, err error) {
		err = in.inject(ctx, func() error {
			out, md, err = next.HandleInitialize(ctx, arg)
			return err
		})
		if err != nil {
			out = middleware.InitializeOutput{}
		}
		return out, md, err
	})
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
		if err := s.Initialize.Add(countItems, middleware.Before); err != nil {
			return err
		}
		return s.Initialize.Add(fail, middleware.After)
	})
}

// Inside is a client option that fails attempts inside the SDK's retry
// loop, just before each is sent: the SDK retries the faults it deems
// retryable (throttling, 500s, timeouts) and the caller sees the rest, or
// the last attempt's fault.
func (in *Injector) Inside(o *dynamodb.Options) {
	fail := middleware.FinalizeMiddlewareFunc("faulttest.inside", func(ctx context.Context, arg middleware.FinalizeInput, next middleware.FinalizeHandler) (out middleware.FinalizeOutput, md middleware.Metadata, err error) {
		err = in.inject(ctx, func() error {
			out, md, err = next.HandleFinalize(ctx, arg)
			return err
		})
		if err != nil {
			out = middleware.FinalizeOutput{}
		}
		return out, md, err
	})
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
		if err := s.Initialize.Add(countItems, middleware.Before); err != nil {
			return err
		}
		return s.Finalize.Add(fail, middleware.After)
	})
}

// QuickRetries is a client option for tests Inside: the SDK's standard
// retries (attempts, retry quota, what is retryable), but a millisecond
// apart instead of up to seconds.
func QuickRetries(o *dynamodb.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
	})
}
