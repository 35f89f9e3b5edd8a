package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

const forecastPath = "/v1/budgets/2026/radiology"

// figures picks the forecast's money figures out of a budget answer.
func figures(got map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"actual", "committed", "recurring", "forecast", "remaining", "used_percent", "status"} {
		out[k] = got[k]
	}
	return out
}

// TestForecastFigures follows radiology's fiscal year 2026 (calendar
// months, UTC, now 2026-03-02) through a quote, two requests, their
// fulfilments, adjustments and March's close, checking each figure
// against numbers computed by hand. Nothing is counted twice: a fulfilled
// request leaves committed as its charge enters actual, and the close
// moves March from preview to frozen without changing the forecast.
func TestForecastFigures(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", forecastPath, `{"amount": "1000", "thresholds": [50, 100]}`)
	check := func(step string, want map[string]any) map[string]any {
		t.Helper()
		got := e.must(t, 200, radiology, "GET", forecastPath, "")
		if diff := cmp.Diff(want, figures(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", step, diff)
		}
		return got
	}
	check("a budget, nothing else", map[string]any{
		"actual": "0.00", "committed": "0.00", "recurring": "0.00", "forecast": "0.00",
		"remaining": "1000.00", "used_percent": "0.0", "status": "ok",
	})

	// VPN: 10 users at 4.50 a month, 45.00 a month; committed for March
	// to December, 10 months: 450.00.
	vpnBody := `{"service_id": "vpn-access", "quantity": 10}`
	quote := e.must(t, 200, radiology, "POST", "/v1/quotes", vpnBody)
	wantBlock := map[string]any{"year": "2026", "remaining_before": "1000.00", "remaining_after": "550.00", "used_percent_after": "45.0", "status_after": "ok"}
	if diff := cmp.Diff(wantBlock, quote["budget"]); diff != "" {
		t.Errorf("quote's budget block (-want +got):\n%s", diff)
	}
	if quote["estimated_charge"] != "45.00" || quote["quoted_unit_price"] != "4.50" || quote["approval"] != "required" || quote["status"] != "submitted" {
		t.Errorf("quote: got %v", quote)
	}
	vpn := e.create(t, radiology, vpnBody)
	if diff := cmp.Diff(wantBlock, vpn["budget"]); diff != "" {
		t.Errorf("created request's budget block, as quoted (-want +got):\n%s", diff)
	}
	got := check("VPN submitted", map[string]any{
		"actual": "0.00", "committed": "450.00", "recurring": "0.00", "forecast": "450.00",
		"remaining": "550.00", "used_percent": "45.0", "status": "ok",
	})
	wantCommitments := []any{map[string]any{"request_id": vpn["id"], "service_id": "vpn-access", "status": "submitted", "amount": "450.00"}}
	if diff := cmp.Diff(wantCommitments, got["commitments"]); diff != "" {
		t.Errorf("commitments (-want +got):\n%s", diff)
	}

	// After-hours support, 2.5 h at 165.00 (no approval): 412.50 once.
	// 862.50 of 1000 is 86.25 %: past the 50 % threshold.
	hours := e.create(t, radiology, `{"service_id": "after-hours-support", "quantity": 2.5}`)
	check("both open", map[string]any{
		"actual": "0.00", "committed": "862.50", "recurring": "0.00", "forecast": "862.50",
		"remaining": "137.50", "used_percent": "86.3", "status": "warning",
	})
	e.wantCrossings(t, "2026", "radiology", 50)

	// VPN fulfilled now: March runs from the 2nd, 30 of 31 days:
	// 10 × 4.50 × 30 / 31 = 43.548… → 43.55 in March's preview; April to
	// December, 9 × 45.00 = 405.00 recurring; it leaves committed.
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+vpn["id"].(string)+"/approve", `{}`)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+vpn["id"].(string)+"/fulfill", `{}`)
	check("VPN running", map[string]any{
		"actual": "43.55", "committed": "412.50", "recurring": "405.00", "forecast": "861.05",
		"remaining": "138.95", "used_percent": "86.1", "status": "warning",
	})

	// The support took 3 hours: 495.00 posted in March.
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+hours["id"].(string)+"/fulfill", `{"quantity": 3}`)
	check("support delivered", map[string]any{
		"actual": "538.55", "committed": "0.00", "recurring": "405.00", "forecast": "943.55",
		"remaining": "56.45", "used_percent": "94.4", "status": "warning",
	})

	// Finance charges 100.00 more: over the budget, the 100 % threshold.
	adjust := func(amount string) {
		e.must(t, 201, finance, "POST", "/v1/adjustments", `{"department": "radiology", "month": "2026-03", "amount": "`+amount+`", "description": "forecast test"}`)
	}
	adjust("100.00")
	check("over", map[string]any{
		"actual": "638.55", "committed": "0.00", "recurring": "405.00", "forecast": "1043.55",
		"remaining": "-43.55", "used_percent": "104.4", "status": "over",
	})
	e.wantCrossings(t, "2026", "radiology", 50, 100)

	// Back under, then over again: each threshold stays recorded once.
	adjust("-200.00")
	adjust("300.00")
	e.wantCrossings(t, "2026", "radiology", 50, 100)
	before := check("after the credits", map[string]any{
		"actual": "738.55", "committed": "0.00", "recurring": "405.00", "forecast": "1143.55",
		"remaining": "-143.55", "used_percent": "114.4", "status": "over",
	})

	// March closes: it counts as frozen, April as its preview (45.00),
	// May to December recur (8 × 45.00 = 360.00): the same forecast.
	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	e.closeMonth(t, "2026-03")
	after := check("March closed", map[string]any{
		"actual": "783.55", "committed": "0.00", "recurring": "360.00", "forecast": "1143.55",
		"remaining": "-143.55", "used_percent": "114.4", "status": "over",
	})
	if before["as_of"] != "2026-03" || after["as_of"] != "2026-04" {
		t.Errorf("as_of: got %v then %v, want 2026-03 then 2026-04", before["as_of"], after["as_of"])
	}
}

// wantCrossings fails unless exactly these thresholds of the department's
// budget are recorded as crossed in the year.
func (e *env) wantCrossings(t *testing.T, year, dept string, want ...int) {
	t.Helper()
	out, err := e.client.Query(context.Background(), &dynamodb.QueryInput{
		TableName: aws.String(e.table), ConsistentRead: aws.Bool(true),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: "BUDGETS#" + year},
			":sk": &types.AttributeValueMemberS{Value: "CROSSED#" + dept + "#"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, it := range out.Items {
		var n int
		if v, ok := it["threshold"].(*types.AttributeValueMemberN); ok {
			for _, c := range v.Value {
				n = n*10 + int(c-'0')
			}
		}
		got = append(got, n)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("crossings recorded (-want +got):\n%s", diff)
	}
}
