package outbox

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/dynamo"
	"chargeback/internal/request"
)

// Free text the tests write into every item: none of it may be published.
const (
	secretNote        = "note-SECRET-4e1a90"
	secretReason      = "reason-SECRET-77c2d1"
	secretComment     = "comment-SECRET-0b9f3e"
	secretDescription = "description-SECRET-d3a6b4"
	secretOutcome     = "outcome-SECRET-5c8e27"
	secretBy          = "by-SECRET-91f0aa"
)

var secrets = []string{secretNote, secretReason, secretComment, secretDescription, secretOutcome, secretBy}

// fromSDK turns an item as the store writes it into its stream image.
func fromSDK(t *testing.T, item map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	t.Helper()
	out := map[string]events.DynamoDBAttributeValue{}
	for k, v := range item {
		out[k] = avFromSDK(t, v)
	}
	return out
}

func avFromSDK(t *testing.T, v types.AttributeValue) events.DynamoDBAttributeValue {
	t.Helper()
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute()
	case *types.AttributeValueMemberL:
		var l []events.DynamoDBAttributeValue
		for _, x := range v.Value {
			l = append(l, avFromSDK(t, x))
		}
		return events.NewListAttribute(l)
	case *types.AttributeValueMemberM:
		m := map[string]events.DynamoDBAttributeValue{}
		for k, x := range v.Value {
			m[k] = avFromSDK(t, x)
		}
		return events.NewMapAttribute(m)
	}
	t.Fatalf("attribute of type %T in a test item", v)
	return events.DynamoDBAttributeValue{}
}

// attrs builds an image: int values become numbers, strings strings.
func attrs(kv ...any) map[string]events.DynamoDBAttributeValue {
	out := map[string]events.DynamoDBAttributeValue{}
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case int:
			out[kv[i].(string)] = events.NewNumberAttribute(fmt.Sprint(v))
		case string:
			out[kv[i].(string)] = events.NewStringAttribute(v)
		case events.DynamoDBAttributeValue:
			out[kv[i].(string)] = v
		default:
			panic(fmt.Sprintf("attrs: %T", v))
		}
	}
	return out
}

var t0 = time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)

// historyRequest is a request whose history holds one entry per action
// (create first), each with a marked note, in an order the rules table
// need not allow: the mapping reads entries, it does not judge them.
func historyRequest() *request.Request {
	r := &request.Request{ID: "r-1", Department: "radiology", ServiceID: "data-extract", Note: secretNote}
	from := request.Status("")
	for i, a := range append([]request.Action{request.Create}, request.Actions...) {
		to := request.Status(string(a) + "-status")
		r.History = append(r.History, request.Event{At: t0.Add(time.Duration(i) * time.Minute), By: secretBy, Action: a, From: from, To: to, Note: secretNote})
		from = to
	}
	r.Version = len(r.History)
	return r
}

// historyImages are the stream images of historyRequest's entries, as the
// store writes them.
func historyImages(t *testing.T) []map[string]events.DynamoDBAttributeValue {
	t.Helper()
	items, err := dynamo.EventItems(historyRequest(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]events.DynamoDBAttributeValue
	for _, it := range items {
		out = append(out, fromSDK(t, it))
	}
	return out
}

// Images of the other items that make events, laid out as their writers
// write them (internal/dynamo, and the contract for the SLA and budget
// markers), each with every free-text field it can hold marked.

func slaImage(threshold int) map[string]events.DynamoDBAttributeValue {
	return attrs("PK", "REQ#r-2", "SK", fmt.Sprintf("SLA#%03d", threshold), "type", "sla_crossing",
		"request_id", "r-2", "department", "pharmacy", "service_id", "laptop", "threshold", threshold,
		"at", "2026-05-04T10:00:00.000000000Z", "sla_due_at", "2026-05-05T09:00:00.000000000Z", "status", "approved",
		"note", secretNote)
}

func surveyImage() map[string]events.DynamoDBAttributeValue {
	return attrs("PK", "REQ#r-3", "SK", "SURVEY", "type", "survey", "department", "laboratory", "service_id", "laptop",
		"score", 4, "comment", secretComment, "submitted_at", "2026-05-06T08:00:00.000000000Z",
		"submitted_by", secretBy, "month", "2026-05")
}

func inquiryImage(status string, version int) map[string]events.DynamoDBAttributeValue {
	im := attrs("PK", "INQ#q-1", "SK", "INQUIRY", "type", "inquiry", "id", "q-1", "month", "2026-04",
		"department", "radiology", "line_id", "r-1-charge", "service_id", "data-extract", "request_id", "r-1",
		"line_amount", "120.00", "amount", "20.00", "reason", secretReason, "status", status,
		"opened_at", "2026-05-02T12:00:00.000000000Z", "opened_by", secretBy, "version", version)
	if status == "resolved" {
		for k, v := range attrs("outcome", secretOutcome, "credit_amount", "20.00", "note", secretNote,
			"closed_at", "2026-05-03T12:00:00.000000000Z", "closed_by", secretBy) {
			im[k] = v
		}
	}
	return im
}

func periodImage(status string) map[string]events.DynamoDBAttributeValue {
	summary := events.NewMapAttribute(attrs("department", "radiology", "department_name", "Radiology",
		"cost_center", "CC-1", "lines", 3, "total", "300.00", "checksum", "abc"))
	return attrs("PK", "PERIOD#2026-04", "SK", "PERIOD", "type", "period", "month", "2026-04", "status", status,
		"closing_at", "2026-05-03T00:15:00.000000000Z", "closed_at", "2026-05-03T00:16:00.000000000Z",
		"closed_by", secretBy, "total", "300.00", "statements", events.NewListAttribute([]events.DynamoDBAttributeValue{summary}))
}

func budgetImage() map[string]events.DynamoDBAttributeValue {
	return attrs("PK", "BUDGETS#2027", "SK", "CROSSED#radiology#080", "type", "budget_crossing", "year", "2027",
		"department", "radiology", "threshold", 80, "at", "2026-05-04T11:00:00.000000000Z",
		"forecast", "81000.00", "budget", "100000.00", "used_percent", "81.0", "description", secretDescription)
}

// eventImages is one image of every item that makes an event: each
// history entry, and each marker.
func eventImages(t *testing.T) []map[string]events.DynamoDBAttributeValue {
	t.Helper()
	return append(historyImages(t), slaImage(75), slaImage(100), surveyImage(), inquiryImage("open", 1),
		inquiryImage("resolved", 2), periodImage("closed"), budgetImage())
}

// record wraps an image as a stream record, as Lambda delivers it.
func record(seq int, img map[string]events.DynamoDBAttributeValue) events.DynamoDBEventRecord {
	keys := map[string]events.DynamoDBAttributeValue{}
	for _, k := range []string{"PK", "SK"} {
		if v, ok := img[k]; ok {
			keys[k] = v
		}
	}
	return events.DynamoDBEventRecord{
		EventID: fmt.Sprint("ev-", seq), EventName: "INSERT",
		Change: events.DynamoDBStreamRecord{Keys: keys, NewImage: img, SequenceNumber: fmt.Sprintf("%021d", seq), StreamViewType: "NEW_IMAGE"},
	}
}
