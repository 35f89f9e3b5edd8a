package outbox

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/request"
)

// Every history action makes its request event, with exactly the fields
// SPEC names, from the entry's image alone.
func TestEveryHistoryActionMakesItsEvent(t *testing.T) {
	want := map[request.Action]Type{
		request.Create: RequestSubmitted, request.Approve: RequestApproved, request.Reject: RequestRejected,
		request.Start: RequestStarted, request.Fulfill: RequestFulfilled, request.Cancel: RequestCancelled,
		request.End: RequestEnded, request.Update: RequestChanged,
	}
	r := historyRequest()
	imgs := historyImages(t)
	if len(imgs) != len(request.Actions)+1 {
		t.Fatalf("history images: got %d, want one per action and the create", len(imgs))
	}
	for i, img := range imgs {
		h := r.History[i]
		t.Run(string(h.Action), func(t *testing.T) {
			e, ok, err := FromImage(img)
			if err != nil || !ok {
				t.Fatalf("got ok %v, error %v; want an event", ok, err)
			}
			if e.Type != want[h.Action] {
				t.Errorf("type: got %s, want %s", e.Type, want[h.Action])
			}
			if !e.Time.Equal(h.At) {
				t.Errorf("time: got %v, want %v", e.Time, h.At)
			}
			var from any
			if h.From != "" {
				from = string(h.From)
			}
			wantDetail := map[string]any{
				"event_id": e.ID, "request_id": r.ID, "department": r.Department, "service_id": r.ServiceID,
				"from": from, "to": string(h.To), "version": i + 1, "at": h.At.Format("2006-01-02T15:04:05.000000000Z"),
			}
			if diff := cmp.Diff(wantDetail, e.Detail); diff != "" {
				t.Errorf("detail (-want +got):\n%s", diff)
			}
		})
	}
}

// A new action must say which event it makes.
func TestEveryActionHasAnEventType(t *testing.T) {
	for _, a := range append([]request.Action{request.Create}, request.Actions...) {
		if _, ok := requestTypes[a]; !ok {
			t.Errorf("action %s makes no event: add it to requestTypes", a)
		}
	}
}

func TestMarkerItemsMakeTheirEvents(t *testing.T) {
	tests := []struct {
		name   string
		img    map[string]events.DynamoDBAttributeValue
		typ    Type
		detail map[string]any
	}{
		{"75 % of the SLA", slaImage(75), RequestSLAAtRisk, map[string]any{
			"request_id": "r-2", "department": "pharmacy", "service_id": "laptop", "threshold": 75, "status": "approved",
			"sla_due_at": "2026-05-05T09:00:00.000000000Z", "at": "2026-05-04T10:00:00.000000000Z"}},
		{"the SLA breached", slaImage(100), RequestSLABreached, map[string]any{
			"request_id": "r-2", "department": "pharmacy", "service_id": "laptop", "threshold": 100, "status": "approved",
			"sla_due_at": "2026-05-05T09:00:00.000000000Z", "at": "2026-05-04T10:00:00.000000000Z"}},
		{"a survey", surveyImage(), SurveyReceived, map[string]any{
			"request_id": "r-3", "department": "laboratory", "service_id": "laptop", "score": 4, "month": "2026-05",
			"at": "2026-05-06T08:00:00.000000000Z"}},
		{"an inquiry opened", inquiryImage("open", 1), InquiryOpened, map[string]any{
			"inquiry_id": "q-1", "department": "radiology", "month": "2026-04", "line_id": "r-1-charge",
			"request_id": "r-1", "service_id": "data-extract", "status": "open", "line_amount": "120.00",
			"amount": "20.00", "version": 1, "at": "2026-05-02T12:00:00.000000000Z"}},
		{"an inquiry resolved", inquiryImage("resolved", 2), InquiryResolved, map[string]any{
			"inquiry_id": "q-1", "department": "radiology", "month": "2026-04", "line_id": "r-1-charge",
			"request_id": "r-1", "service_id": "data-extract", "status": "resolved", "line_amount": "120.00",
			"amount": "20.00", "credit_amount": "20.00", "version": 2, "at": "2026-05-03T12:00:00.000000000Z"}},
		{"a month closed", periodImage("closed"), PeriodClosed, map[string]any{
			"month": "2026-04", "status": "closed", "total": "300.00", "statements": 1, "at": "2026-05-03T00:16:00.000000000Z"}},
		{"a budget threshold crossed", budgetImage(), BudgetThresholdCrossed, map[string]any{
			"year": "2027", "department": "radiology", "threshold": 80, "forecast": "81000.00", "budget": "100000.00",
			"used_percent": "81.0", "at": "2026-05-04T11:00:00.000000000Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok, err := FromImage(tt.img)
			if err != nil || !ok {
				t.Fatalf("got ok %v, error %v; want an event", ok, err)
			}
			if e.Type != tt.typ {
				t.Errorf("type: got %s, want %s", e.Type, tt.typ)
			}
			if want, _ := time.Parse(time.RFC3339, tt.detail["at"].(string)); !e.Time.Equal(want) {
				t.Errorf("time: got %v, want %v", e.Time, want)
			}
			tt.detail["event_id"] = e.ID
			if diff := cmp.Diff(tt.detail, e.Detail); diff != "" {
				t.Errorf("detail (-want +got):\n%s", diff)
			}
		})
	}
}

// Every event type is made by some item.
func TestEveryTypeIsMade(t *testing.T) {
	made := map[Type]bool{}
	for _, img := range eventImages(t) {
		e, _, _ := FromImage(img)
		made[e.Type] = true
	}
	for _, typ := range Types {
		if !made[typ] {
			t.Errorf("no test item makes %s", typ)
		}
	}
	if len(made) != len(Types) {
		t.Errorf("made %v, want exactly %v", slices.Sorted(maps.Keys(made)), Types)
	}
}

func TestItemsThatAreNoEvents(t *testing.T) {
	r := historyRequest()
	r.Quantity, r.QuotedUnitPrice, r.EstimatedCharge = decimal.NewFromInt(1), decimal.NewFromInt(1), decimal.NewFromInt(1)
	reqItem, err := dynamo.RequestItem(r)
	if err != nil {
		t.Fatal(err)
	}
	m, err := billing.ParseMonth("2026-04")
	if err != nil {
		t.Fatal(err)
	}
	line, err := dynamo.LineItem(billing.Line{ID: "r-1-charge", RequestID: "r-1", Department: "radiology", Month: m, Description: secretDescription})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		img  map[string]events.DynamoDBAttributeValue
	}{
		{"a request", fromSDK(t, reqItem)},
		{"a statement line", fromSDK(t, line)},
		{"a removed item (no new image)", nil},
		{"an item without a type", attrs("PK", "X", "SK", "Y")},
		{"an idempotency record", attrs("PK", "IDEM#x", "SK", "IDEMPOTENCY", "type", "idempotency")},
		{"a budget", attrs("PK", "BUDGETS#2027", "SK", "DEPT#radiology", "type", "budget", "amount", "1000")},
		{"an open period", periodImage("open")},
		{"a closing period", periodImage("closing")},
		{"an open inquiry changed", inquiryImage("open", 2)},
		{"a withdrawn inquiry", inquiryImage("withdrawn", 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok, err := FromImage(tt.img)
			if ok || err != nil {
				t.Errorf("got %+v, %v, %v; want no event and no error", e, ok, err)
			}
		})
	}
}

// An item that should be an event but cannot be read as one is an error
// (the record goes back to the stream, and at last to the dead-letter
// queue), never a panic or an event with holes.
func TestUnreadableEventItemsAreErrors(t *testing.T) {
	history := func(change func(map[string]events.DynamoDBAttributeValue)) map[string]events.DynamoDBAttributeValue {
		img := historyImages(t)[1]
		change(img)
		return img
	}
	tests := []struct {
		name string
		img  map[string]events.DynamoDBAttributeValue
	}{
		{"an unknown action", history(func(m map[string]events.DynamoDBAttributeValue) { m["action"] = events.NewStringAttribute("teleport") })},
		{"no department", history(func(m map[string]events.DynamoDBAttributeValue) { delete(m, "department") })},
		{"no time", history(func(m map[string]events.DynamoDBAttributeValue) { delete(m, "at") })},
		{"a time that is not one", history(func(m map[string]events.DynamoDBAttributeValue) { m["at"] = events.NewStringAttribute("yesterday") })},
		{"a version that is a list", history(func(m map[string]events.DynamoDBAttributeValue) {
			m["version"] = events.NewListAttribute(nil)
		})},
		{"a version that is no number", history(func(m map[string]events.DynamoDBAttributeValue) { m["version"] = events.NewStringAttribute("two") })},
		{"an SLA threshold of 50", slaImage(50)},
		{"a budget crossing without a threshold", func() map[string]events.DynamoDBAttributeValue {
			im := budgetImage()
			delete(im, "threshold")
			return im
		}()},
		{"a closed period without a total", func() map[string]events.DynamoDBAttributeValue {
			im := periodImage("closed")
			delete(im, "total")
			return im
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok, err := FromImage(tt.img)
			if err == nil || ok {
				t.Errorf("got %+v, %v, %v; want an error", e, ok, err)
			}
		})
	}
}

// The id is fixed by the item: the same image makes the same id every
// time, and no two items make the same id.
func TestIDsAreFixedByTheItem(t *testing.T) {
	seen := map[string]bool{}
	for _, img := range eventImages(t) {
		a, _, err := FromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		b, _, _ := FromImage(img)
		if a.ID != b.ID || a.ID == "" {
			t.Errorf("one image made ids %q and %q", a.ID, b.ID)
		}
		if seen[a.ID] {
			t.Errorf("two items made id %q", a.ID)
		}
		seen[a.ID] = true
	}
	e, _, _ := FromImage(historyImages(t)[2])
	if want := "REQ#r-1/EVENT#0000000003/" + string(e.Type); e.ID != want {
		t.Errorf("id of the third history entry: got %q, want %q", e.ID, want)
	}
}

// The SLA marker as the store writes it (not as a test lays it out) makes
// the event, with the id of its request partition and threshold.
func TestTheStoresSLAMarkerMakesItsEvent(t *testing.T) {
	r := &request.Request{ID: "r-9", Department: "pharmacy", ServiceID: "shared-mailbox", Status: request.InProgress,
		CreatedAt: t0, SLADueAt: t0.Add(24 * time.Hour), Note: secretNote}
	for _, threshold := range request.SLAThresholds {
		t.Run(fmt.Sprint(threshold), func(t *testing.T) {
			item, err := dynamo.SLAMarker(r, threshold, t0.Add(20*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			e, ok, err := FromImage(fromSDK(t, item))
			if err != nil || !ok {
				t.Fatalf("got ok %v, error %v; want an event", ok, err)
			}
			want := map[string]any{
				"request_id": "r-9", "department": "pharmacy", "service_id": "shared-mailbox", "threshold": threshold,
				"status": "in_progress", "sla_due_at": "2026-05-05T09:30:00.000000000Z", "at": "2026-05-05T05:30:00.000000000Z",
				"event_id": fmt.Sprintf("REQ#r-9/SLA#%03d/%s", threshold, slaTypes[threshold]),
			}
			if diff := cmp.Diff(want, e.Detail); diff != "" {
				t.Errorf("detail (-want +got):\n%s", diff)
			}
		})
	}
}
