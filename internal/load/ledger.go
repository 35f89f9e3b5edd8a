package load

import (
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/request"
)

// filed is a request the run created, as the API answered.
type filed struct {
	ID, Department, ServiceID, Pricing string
	// Estimated is the create response's estimated_charge: for a one-time
	// service, what its charge line must be.
	Estimated decimal.Decimal
	// Fulfilled is set when a fulfil answered 200, at FulfilledAt.
	Fulfilled   bool
	FulfilledAt time.Time
}

// ledger is what the run created and fulfilled, and what is waiting to be
// fulfilled, for the API and for the raw twins. It is safe for concurrent
// use.
type ledger struct {
	mu   sync.Mutex
	byID map[string]*filed
	// dupes are ids a create answered that an earlier create had answered.
	dupes []string
	// pending are created requests not yet picked for fulfilment, oldest
	// first; rawPending the same for the create twin's.
	pending    []string
	rawPending []*request.Request
}

func newLedger() *ledger { return &ledger{byID: map[string]*filed{}} }

// created records a 201 answer.
func (l *ledger) created(f filed) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, seen := l.byID[f.ID]; seen {
		l.dupes = append(l.dupes, f.ID)
		return
	}
	l.byID[f.ID] = &f
	l.pending = append(l.pending, f.ID)
}

// next takes the oldest request waiting for fulfilment; "" when none is.
func (l *ledger) next() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.pending) == 0 {
		return ""
	}
	id := l.pending[0]
	l.pending = l.pending[1:]
	return id
}

// fulfilled records a 200 answer to a fulfil.
func (l *ledger) fulfilled(id string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.byID[id]; f != nil {
		f.Fulfilled, f.FulfilledAt = true, at
	}
}

func (l *ledger) rawCreated(r *request.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rawPending = append(l.rawPending, r)
}

// rawNext takes the oldest twin-created request; ok is false when none is
// waiting.
func (l *ledger) rawNext() (*request.Request, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.rawPending) == 0 {
		return nil, false
	}
	r := l.rawPending[0]
	l.rawPending = l.rawPending[1:]
	return r, true
}

// snapshot copies what the run filed, and the duplicated ids.
func (l *ledger) snapshot() (map[string]filed, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]filed, len(l.byID))
	for id, f := range l.byID {
		out[id] = *f
	}
	return out, append([]string(nil), l.dupes...)
}
