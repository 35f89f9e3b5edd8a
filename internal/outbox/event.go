// Package outbox turns the table's stream into events: the table is the
// outbox. Every state change already writes an item in its own transaction
// (a request's history entry, an inquiry, a closed period, a survey, an SLA
// or budget crossing); FromImage maps such an item's stream image to the one
// event it stands for, and Consumer publishes a stream batch of them to an
// EventBridge bus. The mapping is pure: the same image always makes the same
// event with the same id, and no free text (note, reason, comment,
// description, outcome) is ever part of it.
package outbox

import "time"

// Source is the EventBridge source of every event.
const Source = "chargeback"

// Type is an event's type, its EventBridge detail-type.
type Type string

// The event types (SPEC "Events and notifications"; docs/events/<type>.json
// holds each one's detail schema).
const (
	RequestSubmitted       Type = "request.submitted"
	RequestApproved        Type = "request.approved"
	RequestRejected        Type = "request.rejected"
	RequestStarted         Type = "request.started"
	RequestFulfilled       Type = "request.fulfilled"
	RequestCancelled       Type = "request.cancelled"
	RequestEnded           Type = "request.ended"
	RequestChanged         Type = "request.changed"
	RequestSLAAtRisk       Type = "request.sla_at_risk"
	RequestSLABreached     Type = "request.sla_breached"
	SurveyReceived         Type = "survey.received"
	InquiryOpened          Type = "inquiry.opened"
	InquiryResolved        Type = "inquiry.resolved"
	PeriodClosed           Type = "period.closed"
	BudgetThresholdCrossed Type = "budget.threshold_crossed"
)

// Types lists every event type.
var Types = []Type{
	RequestSubmitted, RequestApproved, RequestRejected, RequestStarted, RequestFulfilled,
	RequestCancelled, RequestEnded, RequestChanged, RequestSLAAtRisk, RequestSLABreached,
	SurveyReceived, InquiryOpened, InquiryResolved, PeriodClosed, BudgetThresholdCrossed,
}

// Event is one event as published. ID is fixed by the item that caused it,
// so consumers deduplicate on it; it travels in Detail as "event_id",
// because EventBridge gives every entry an envelope id of its own.
type Event struct {
	ID     string
	Type   Type
	Time   time.Time
	Detail map[string]any
}
