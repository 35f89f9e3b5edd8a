package faulttest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
)

// PutEventer is EventBridge's PutEvents, as the outbox consumer calls it.
type PutEventer interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

// BusKind is a fault EventBridge's PutEvents shows.
type BusKind int

// The faults a Bus injects.
const (
	// PartialFailure answers the call with some entries (at least one)
	// failed, as EventBridge does when it is overloaded: the others are put
	// on the bus.
	PartialFailure BusKind = iota
	// BusThrottled is a ThrottlingException for the whole call. Nothing was
	// put.
	BusThrottled
	// BusTimeoutBefore is a call that times out before it reaches
	// EventBridge.
	BusTimeoutBefore
	// BusTimeoutAfter is a call EventBridge carried out whose answer never
	// came back: every entry is on the bus, and the caller, seeing a
	// timeout, sends them again.
	BusTimeoutAfter
)

// BusKinds is every kind of bus fault, in order.
var BusKinds = []BusKind{PartialFailure, BusThrottled, BusTimeoutBefore, BusTimeoutAfter}

// String names the kind, as the counts are reported.
func (k BusKind) String() string {
	return [...]string{"partial_failure", "throttled", "timeout_before", "timeout_after"}[k]
}

// Bus puts events on an inner bus and fails a share of the calls, each
// with one kind of fault drawn from a seeded generator.
type Bus struct {
	inner  PutEventer
	mu     sync.Mutex
	rng    *rand.Rand
	rate   float64
	calls  int
	counts map[BusKind]int
}

// NewBus returns a bus over inner that fails rate (0 to 1) of the calls.
func NewBus(inner PutEventer, seed uint64, rate float64) *Bus {
	return &Bus{inner: inner, rng: rand.New(rand.NewPCG(seed, 0xb05)), rate: rate, counts: map[BusKind]int{}}
}

// Injected is how many faults of kind k were injected.
func (b *Bus) Injected(k BusKind) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts[k]
}

// String reports the calls seen and the faults injected by kind.
func (b *Bus) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	total, parts := 0, ""
	for _, k := range BusKinds {
		total += b.counts[k]
		parts += fmt.Sprintf(", %s %d", k, b.counts[k])
	}
	return fmt.Sprintf("%d calls, %d faults (%s)", b.calls, total, parts[2:])
}

// draw decides the fate of one call of n entries: a fault (and, for a
// partial failure, which entries fail), or none.
func (b *Bus) draw(n int) (k BusKind, fail bool, failed []bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls++
	if b.rng.Float64() >= b.rate {
		return 0, false, nil
	}
	k = BusKinds[b.rng.IntN(len(BusKinds))]
	b.counts[k]++
	if k == PartialFailure {
		failed = make([]bool, n)
		failed[b.rng.IntN(n)] = true
		for i := range failed {
			failed[i] = failed[i] || b.rng.IntN(2) == 0
		}
	}
	return k, true, failed
}

// PutEvents sends the call on, or fails it.
func (b *Bus) PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	k, fail, failed := b.draw(len(in.Entries))
	switch {
	case !fail:
		return b.inner.PutEvents(ctx, in, optFns...)
	case k == BusThrottled:
		return nil, &smithy.GenericAPIError{Code: "ThrottlingException", Message: "injected by faulttest", Fault: smithy.FaultClient}
	case k == BusTimeoutBefore:
		return nil, fmt.Errorf("PutEvents: %w", errTimeout)
	case k == BusTimeoutAfter:
		_, _ = b.inner.PutEvents(ctx, in, optFns...)
		return nil, fmt.Errorf("PutEvents: %w", errTimeout)
	}
	// A partial failure: the entries that pass go on in one call; the
	// answer lists every entry in order.
	var pass []types.PutEventsRequestEntry
	for i, e := range in.Entries {
		if !failed[i] {
			pass = append(pass, e)
		}
	}
	var passed []types.PutEventsResultEntry
	if len(pass) > 0 {
		out, err := b.inner.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: pass, EndpointId: in.EndpointId}, optFns...)
		if err != nil {
			return nil, err
		}
		passed = out.Entries
	}
	out := &eventbridge.PutEventsOutput{}
	for i := range in.Entries {
		if failed[i] {
			out.FailedEntryCount++
			out.Entries = append(out.Entries, types.PutEventsResultEntry{ErrorCode: aws.String("InternalFailure"), ErrorMessage: aws.String("injected by faulttest")})
			continue
		}
		r := passed[0]
		passed = passed[1:]
		if r.ErrorCode != nil {
			out.FailedEntryCount++
		}
		out.Entries = append(out.Entries, r)
	}
	return out, nil
}

// errTimeout is a client-side timeout, as net/http reports one.
var errTimeout = timeout{}
