package outbox

import (
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/billing"
	"chargeback/internal/inquiry"
	"chargeback/internal/request"
)

// requestTypes is the event each history action makes.
var requestTypes = map[request.Action]Type{
	request.Create:  RequestSubmitted,
	request.Approve: RequestApproved,
	request.Reject:  RequestRejected,
	request.Start:   RequestStarted,
	request.Fulfill: RequestFulfilled,
	request.Cancel:  RequestCancelled,
	request.End:     RequestEnded,
	request.Update:  RequestChanged,
}

// slaTypes is the event each SLA threshold (percent of the SLA time gone)
// makes.
var slaTypes = map[int]Type{75: RequestSLAAtRisk, 100: RequestSLABreached}

// FromImage maps the new image of a stream record to the event it stands
// for. It reports false for items that are no event (a request, a line, a
// period still open, ...), and an error for an item that should be an event
// but cannot be read as one. It copies only ids, statuses, amounts, numbers
// and times: never a note, reason, comment, description or outcome.
func FromImage(img map[string]events.DynamoDBAttributeValue) (Event, bool, error) {
	im := &image{attrs: img}
	pk, sk := im.optional("PK"), im.optional("SK")
	var (
		e  Event
		ok bool
	)
	switch im.optional("type") {
	case "event":
		e, ok = historyEvent(im, pk)
	case "sla_crossing":
		e, ok = slaEvent(im)
	case "survey":
		e, ok = surveyEvent(im, pk)
	case "inquiry":
		e, ok = inquiryEvent(im)
	case "period":
		e, ok = periodEvent(im)
	case "budget_crossing":
		e, ok = budgetEvent(im)
	}
	if im.err != nil {
		return Event{}, false, fmt.Errorf("item %s/%s: %w", pk, sk, im.err)
	}
	if !ok {
		return Event{}, false, nil
	}
	// The item's key and the type fix the id: an item makes at most one
	// event of each type.
	e.ID = pk + "/" + sk + "/" + string(e.Type)
	e.Detail["event_id"] = e.ID
	return e, true, nil
}

// historyEvent is a request's history entry: its action names the event.
func historyEvent(im *image, pk string) (Event, bool) {
	action := request.Action(im.text("action"))
	typ, known := requestTypes[action]
	if !known && im.err == nil {
		im.fail("action", fmt.Sprintf("%q makes no event", action))
	}
	id := im.optional("request_id")
	if id == "" {
		id = strings.TrimPrefix(pk, "REQ#")
	}
	at, t := im.time("at")
	var from any // a request's first entry comes from no status
	if f := im.optional("from"); f != "" {
		from = f
	}
	return Event{Type: typ, Time: t, Detail: map[string]any{
		"request_id": id, "department": im.text("department"), "service_id": im.text("service_id"),
		"from": from, "to": im.text("to"), "version": im.number("version"), "at": at,
	}}, true
}

// slaEvent is an SLA crossing the slawatch function recorded.
func slaEvent(im *image) (Event, bool) {
	threshold := im.number("threshold")
	typ, known := slaTypes[threshold]
	if !known && im.err == nil {
		im.fail("threshold", fmt.Sprintf("%d is no SLA threshold", threshold))
	}
	at, t := im.time("at")
	due, _ := im.time("sla_due_at")
	return Event{Type: typ, Time: t, Detail: map[string]any{
		"request_id": im.text("request_id"), "department": im.text("department"), "service_id": im.text("service_id"),
		"threshold": threshold, "status": im.text("status"), "sla_due_at": due, "at": at,
	}}, true
}

// surveyEvent is a request's survey: its score, never its comment.
func surveyEvent(im *image, pk string) (Event, bool) {
	at, t := im.time("submitted_at")
	return Event{Type: SurveyReceived, Time: t, Detail: map[string]any{
		"request_id": strings.TrimPrefix(pk, "REQ#"), "department": im.optional("department"),
		"service_id": im.optional("service_id"), "score": im.number("score"), "month": im.text("month"), "at": at,
	}}, true
}

// inquiryEvent is an inquiry when it opens (its first version) and when
// finance resolves it; a withdrawal, and any other write, makes none.
// Neither the reason, the outcome nor the note travels: a credit shows as
// its amount.
func inquiryEvent(im *image) (Event, bool) {
	var (
		typ  Type
		when string
	)
	switch status := inquiry.Status(im.text("status")); {
	case status == inquiry.Open && im.number("version") == 1:
		typ, when = InquiryOpened, "opened_at"
	case status == inquiry.Resolved:
		typ, when = InquiryResolved, "closed_at"
	default:
		return Event{}, false
	}
	at, t := im.time(when)
	d := map[string]any{
		"inquiry_id": im.text("id"), "department": im.text("department"), "month": im.text("month"),
		"line_id": im.text("line_id"), "request_id": im.optional("request_id"), "service_id": im.optional("service_id"),
		"status": im.text("status"), "line_amount": im.text("line_amount"), "version": im.number("version"), "at": at,
	}
	if a := im.optional("amount"); a != "" {
		d["amount"] = a
	}
	if c := im.optional("credit_amount"); c != "" {
		d["credit_amount"] = c
	}
	return Event{Type: typ, Time: t, Detail: d}, true
}

// periodEvent is a month's period once it is closed.
func periodEvent(im *image) (Event, bool) {
	if billing.PeriodStatus(im.text("status")) != billing.PeriodClosed {
		return Event{}, false
	}
	at, t := im.time("closed_at")
	return Event{Type: PeriodClosed, Time: t, Detail: map[string]any{
		"month": im.text("month"), "status": im.text("status"), "total": im.text("total"),
		"statements": im.listLen("statements"), "at": at,
	}}, true
}

// budgetEvent is a department's budget threshold crossed in a fiscal year.
func budgetEvent(im *image) (Event, bool) {
	at, t := im.time("at")
	return Event{Type: BudgetThresholdCrossed, Time: t, Detail: map[string]any{
		"year": im.text("year"), "department": im.text("department"), "threshold": im.number("threshold"),
		"forecast": im.text("forecast"), "budget": im.text("budget"), "used_percent": im.text("used_percent"), "at": at,
	}}, true
}
