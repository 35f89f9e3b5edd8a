// Package request is the pure lifecycle of a service request: its statuses,
// the actions that move it between them, the history each change leaves,
// and the validation of what a caller may set. It knows nothing of storage
// or HTTP.
package request

import (
	"slices"

	"chargeback/internal/errs"
)

// Status is where a request is in its lifecycle.
type Status string

// The statuses of a request.
const (
	Submitted  Status = "submitted"
	Approved   Status = "approved"
	InProgress Status = "in_progress"
	Fulfilled  Status = "fulfilled"
	Ended      Status = "ended"
	Cancelled  Status = "cancelled"
	Rejected   Status = "rejected"
)

// Statuses lists every status, in lifecycle order.
var Statuses = []Status{Submitted, Approved, InProgress, Fulfilled, Ended, Cancelled, Rejected}

// OpenStatuses are the statuses of a request whose work is still to be
// done: it counts towards IT's queue and can become overdue.
var OpenStatuses = []Status{Submitted, Approved, InProgress}

// Open reports whether s is one of the OpenStatuses.
func (s Status) Open() bool { return slices.Contains(OpenStatuses, s) }

// Action is something a caller does to a request.
type Action string

// The actions on a request.
const (
	Create  Action = "create"
	Update  Action = "update"
	Cancel  Action = "cancel"
	Approve Action = "approve"
	Reject  Action = "reject"
	Start   Action = "start"
	Fulfill Action = "fulfill"
	End     Action = "end"
)

// Actions lists every action that moves an existing request.
var Actions = []Action{Update, Cancel, Approve, Reject, Start, Fulfill, End}

// rule says from which statuses an action is allowed and where it leads; an
// empty to means the status stays.
type rule struct {
	from []Status
	to   Status
}

// rules is the state machine.
var rules = map[Action]rule{
	Update:  {from: []Status{Submitted, Approved}},
	Cancel:  {from: []Status{Submitted, Approved, InProgress}, to: Cancelled},
	Approve: {from: []Status{Submitted}, to: Approved},
	Reject:  {from: []Status{Submitted, Approved}, to: Rejected},
	Start:   {from: []Status{Approved}, to: InProgress},
	Fulfill: {from: []Status{Approved, InProgress}, to: Fulfilled},
	End:     {from: []Status{Fulfilled}, to: Ended},
}

// Next returns the status action leads to from status, or a conflict naming
// the current status when the action is not allowed there.
func Next(from Status, action Action) (Status, error) {
	r, known := rules[action]
	if !known || !slices.Contains(r.from, from) {
		e := errs.New(errs.Conflict, "cannot %s a request that is %s", action, from).WithCode("invalid_transition")
		e.Extra = map[string]any{"current_status": string(from)}
		return "", e
	}
	if r.to == "" {
		return from, nil
	}
	return r.to, nil
}
