package faulttest

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// countingBus accepts every entry and counts them.
type countingBus struct{ put int }

func (c *countingBus) PutEvents(_ context.Context, in *eventbridge.PutEventsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	out := &eventbridge.PutEventsOutput{}
	for range in.Entries {
		c.put++
		out.Entries = append(out.Entries, types.PutEventsResultEntry{EventId: aws.String("e")})
	}
	return out, nil
}

// Every call fails (rate 1): each fault answers as EventBridge would, and
// what reached the inner bus is exactly what the fault says landed.
func TestBusFaultsAnswerAsEventBridge(t *testing.T) {
	inner := &countingBus{}
	bus := NewBus(inner, 7, 1)
	entries := make([]types.PutEventsRequestEntry, 10)
	for range 400 {
		before, counts := inner.put, bus.snapshot()
		out, err := bus.PutEvents(context.Background(), &eventbridge.PutEventsInput{Entries: entries})
		landed := inner.put - before
		k := bus.lastKind(counts)
		var timeout net.Error
		switch k {
		case PartialFailure:
			if err != nil || len(out.Entries) != 10 || out.FailedEntryCount < 1 || int(out.FailedEntryCount)+landed != 10 {
				t.Fatalf("partial failure: got %v, %+v with %d landed", err, out, landed)
			}
		case BusThrottled:
			if err == nil || landed != 0 {
				t.Fatalf("throttled: got %v with %d landed", err, landed)
			}
		case BusTimeoutBefore, BusTimeoutAfter:
			want := map[BusKind]int{BusTimeoutBefore: 0, BusTimeoutAfter: 10}[k]
			if !errors.As(err, &timeout) || !timeout.Timeout() || landed != want {
				t.Fatalf("%s: got %v with %d landed, want a timeout with %d", k, err, landed, want)
			}
		}
	}
	for _, k := range BusKinds {
		if bus.Injected(k) == 0 {
			t.Errorf("400 failed calls injected no %s: %s", k, bus)
		}
	}
}

// counts copies the faults injected so far, by kind.
func (b *Bus) snapshot() map[BusKind]int {
	out := map[BusKind]int{}
	for _, k := range BusKinds {
		out[k] = b.Injected(k)
	}
	return out
}

// lastKind is the kind injected since before was taken.
func (b *Bus) lastKind(before map[BusKind]int) BusKind {
	for _, k := range BusKinds {
		if b.Injected(k) > before[k] {
			return k
		}
	}
	return -1
}
