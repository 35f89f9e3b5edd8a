// Package inquiry is the pure lifecycle of an inquiry: a department's
// question about one line of its statement, asked before the month is
// frozen, and finance's answer (a credit or a rejection). It holds the
// statuses, the actions that move them, who may take each action, and the
// validation of what a caller sends. It knows nothing of storage or HTTP.
package inquiry

import (
	"slices"

	"chargeback/internal/errs"
)

// Status is where an inquiry is in its lifecycle.
type Status string

// The statuses of an inquiry.
const (
	Open      Status = "open"
	Resolved  Status = "resolved"
	Withdrawn Status = "withdrawn"
)

// Statuses lists every status, in lifecycle order.
var Statuses = []Status{Open, Resolved, Withdrawn}

// ValidStatus reports whether s names a status.
func ValidStatus(s string) bool { return slices.Contains(Statuses, Status(s)) }

// Action is something a caller does to an inquiry.
type Action string

// The actions on an inquiry. OpenIt creates one; the others move it.
const (
	OpenIt   Action = "open"
	Resolve  Action = "resolve"
	Withdraw Action = "withdraw"
)

// Actions lists every action that moves an existing inquiry.
var Actions = []Action{OpenIt, Resolve, Withdraw}

// Actor is the part a caller plays towards an inquiry.
type Actor string

// The actors. A requester acts only on its own department's inquiries (the
// API's route scope sees to that); finance acts on every department's.
const (
	Requester Actor = "requester"
	Finance   Actor = "finance"
)

// Actors lists every actor.
var Actors = []Actor{Requester, Finance}

// rule says from which statuses an action is allowed, where it leads, and
// who may take it. Opening has no from: it makes a new inquiry.
type rule struct {
	from []Status
	to   Status
	by   []Actor
}

// rules is the state machine and who may drive it.
var rules = map[Action]rule{
	OpenIt:   {to: Open, by: []Actor{Requester, Finance}},
	Resolve:  {from: []Status{Open}, to: Resolved, by: []Actor{Finance}},
	Withdraw: {from: []Status{Open}, to: Withdrawn, by: []Actor{Requester}},
}

// May reports whether actor may take action at all.
func May(actor Actor, action Action) bool {
	return slices.Contains(rules[action].by, actor)
}

// Next returns the status action taken by actor leads to from status:
// forbidden when the actor may not take it, a conflict naming the current
// status (invalid_transition) when the status does not allow it. Opening
// is judged with from "" (there is no inquiry yet).
func Next(from Status, action Action, actor Actor) (Status, error) {
	r, known := rules[action]
	if !known || !May(actor, action) {
		return "", errs.New(errs.Forbidden, "a %s may not %s an inquiry", actor, action)
	}
	if from == "" && r.from == nil {
		return r.to, nil
	}
	if !slices.Contains(r.from, from) {
		e := errs.New(errs.Conflict, "cannot %s an inquiry that is %s", action, from).WithCode("invalid_transition")
		e.Extra = map[string]any{"current_status": string(from)}
		return "", e
	}
	return r.to, nil
}
