package httpapi_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"chargeback/internal/apitest"
)

// TestQuotesWriteNothing: with a budget, an open request and a closed
// month in the table, dozens of quotes (valid from every role that may
// ask, ones that would cross the budget's thresholds or go over it, ones
// with an Idempotency-Key, invalid and hostile ones) leave every item of
// the table byte for byte as it was. No quote is answered 500.
func TestQuotesWriteNothing(t *testing.T) {
	e := newEnv(t)
	// Radiology: budget 1000.00, thresholds 50/80/100; 10 VPN users
	// submitted (45.00 × 10 months = 450.00 committed, 45 %, nothing
	// crossed yet); February closed with a charge in it.
	e.must(t, 201, finance, "PUT", "/v1/budgets/2026/radiology", `{"amount": "1000", "thresholds": [50, 80, 100]}`)
	e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 10}`)
	e.must(t, 201, finance, "POST", "/v1/adjustments", `{"department": "radiology", "month": "2026-03", "amount": "-5.00", "description": "before the quotes"}`)
	e.closeMonth(t, "2026-02")
	before := snapshot(t, e)

	type quote struct {
		name    string
		who     caller
		body    string
		status  int
		headers []string
	}
	quotes := []quote{
		// 412.50 more: past 50 % and 80 % (status_after warning), which a
		// create would record as crossed; a quote must not.
		{"past two thresholds", radiology, `{"service_id": "after-hours-support", "quantity": 2.5}`, 200, nil},
		{"over the budget", radiology, `{"service_id": "after-hours-support", "quantity": "99999.99"}`, 200, nil},
		{"quantity above the most", radiology, `{"service_id": "after-hours-support", "quantity": "100000.01"}`, 400, nil},
		{"with an Idempotency-Key", radiology, `{"service_id": "after-hours-support", "quantity": 1}`, 200, []string{"Idempotency-Key", "quote-key-1"}},
		{"the same key, another body", radiology, `{"service_id": "vpn-access", "quantity": 3}`, 200, []string{"Idempotency-Key", "quote-key-1"}},
		{"fulfiller naming the department", fulfiller, `{"service_id": "ehr-licence", "quantity": 40, "department": "radiology"}`, 200, nil},
		{"finance for a department without a budget", finance, `{"service_id": "server-vm", "quantity": 2, "department": "pharmacy"}`, 200, nil},
		{"requester naming their own department", radiology, `{"service_id": "barcode-scanner", "quantity": 1, "department": "radiology"}`, 200, nil},
		{"unknown service", radiology, `{"service_id": "espresso-machine", "quantity": 1}`, 400, nil},
		{"retired service", radiology, `{"service_id": "alphanumeric-pager", "quantity": 1}`, 400, nil},
		{"zero quantity", radiology, `{"service_id": "vpn-access", "quantity": 0}`, 400, nil},
		{"negative quantity", radiology, `{"service_id": "vpn-access", "quantity": -3}`, 400, nil},
		{"three decimals", radiology, `{"service_id": "after-hours-support", "quantity": "1.005"}`, 400, nil},
		{"fraction of a whole unit", radiology, `{"service_id": "vpn-access", "quantity": 1.5}`, 400, nil},
		{"quantity not a number", radiology, `{"service_id": "vpn-access", "quantity": "lots"}`, 400, nil},
		{"quantity with an exponent", radiology, `{"service_id": "vpn-access", "quantity": 1e3}`, 400, nil},
		{"quantity absurdly long", radiology, `{"service_id": "vpn-access", "quantity": "` + strings.Repeat("9", 5000) + `"}`, 400, nil},
		{"no quantity", radiology, `{"service_id": "vpn-access"}`, 400, nil},
		{"no service", radiology, `{"quantity": 1}`, 400, nil},
		{"fulfiller without a department", fulfiller, `{"service_id": "vpn-access", "quantity": 1}`, 400, nil},
		{"requester naming another department", radiology, `{"service_id": "vpn-access", "quantity": 1, "department": "pharmacy"}`, 400, nil},
		{"unknown department", finance, `{"service_id": "vpn-access", "quantity": 1, "department": "astrology"}`, 400, nil},
		{"a note, which quotes do not take", radiology, `{"service_id": "vpn-access", "quantity": 1, "note": "hi"}`, 400, nil},
		{"unknown field", radiology, `{"service_id": "vpn-access", "quantity": 1, "PK": "BUDGETS#2026"}`, 400, nil},
		{"malformed JSON", radiology, `{"service_id": "vpn-access", "quantity": 1`, 400, nil},
		{"empty body", radiology, ``, 400, nil},
		{"an array", radiology, `[{"service_id": "vpn-access", "quantity": 1}]`, 400, nil},
		{"deeply nested", radiology, strings.Repeat(`{"a":`, 5000) + `1` + strings.Repeat(`}`, 5000), 400, nil},
		{"service id of control characters", radiology, `{"service_id": "vpn\u0000access", "quantity": 1}`, 400, nil},
		{"service id 10,000 long", radiology, `{"service_id": "` + strings.Repeat("a", 10000) + `", "quantity": 1}`, 400, nil},
		{"body over 64 KiB", radiology, `{"service_id": "` + strings.Repeat("a", 70<<10) + `", "quantity": 1}`, 413, nil},
		{"no token", nobody, `{"service_id": "vpn-access", "quantity": 1}`, 401, nil},
		{"leadership only", apitest.OnlyLeadership, `{"service_id": "vpn-access", "quantity": 1, "department": "radiology"}`, 403, nil},
		{"a department that does not exist in the token", apitest.Astrologer, `{"service_id": "vpn-access", "quantity": 1}`, 403, nil},
	}
	for _, q := range quotes {
		t.Run(q.name, func(t *testing.T) {
			res := e.do(t, q.who, "POST", "/v1/quotes", q.body, q.headers...)
			if res.status != q.status {
				t.Fatalf("got %d, want %d\n%.300s", res.status, q.status, res.body)
			}
			if q.status != 200 && !strings.HasPrefix(res.headers["Content-Type"], "application/problem+json") {
				t.Errorf("content type: got %q, want a problem", res.headers["Content-Type"])
			}
		})
	}
	// The first quote's figures, by hand: 450.00 + 412.50 = 862.50 of
	// 1000.00 (March's -5.00 adjustment makes it 857.50): 142.50 left,
	// 85.75 % → 85.8, past 50 and 80.
	got := e.must(t, 200, radiology, "POST", "/v1/quotes", quotes[0].body)["budget"]
	want := map[string]any{"year": "2026", "remaining_before": "555.00", "remaining_after": "142.50", "used_percent_after": "85.8", "status_after": "warning"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("budget block (-want +got):\n%s", diff)
	}

	after := snapshot(t, e)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the table changed under quotes (-before +after):\n%s", diff)
	}
	if len(before) < 5 {
		t.Errorf("the snapshot holds %d items; the setup should have written more", len(before))
	}
}

// snapshot is every item of the test's table, each written out in full
// (types and values, attributes in name order), sorted: two snapshots are
// equal only when the table holds the same bytes.
func snapshot(t *testing.T, e *env) []string {
	t.Helper()
	var out []string
	p := dynamodb.NewScanPaginator(e.client, &dynamodb.ScanInput{TableName: aws.String(e.table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, render(&types.AttributeValueMemberM{Value: it}))
		}
	}
	sort.Strings(out)
	return out
}

// render writes an attribute value with its type, maps in key order.
func render(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("S%q", v.Value)
	case *types.AttributeValueMemberN:
		return "N" + v.Value
	case *types.AttributeValueMemberB:
		return "B" + base64.StdEncoding.EncodeToString(v.Value)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprintf("BOOL%v", v.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS%q", v.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("NS%v", v.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(v.Value))
		for i, x := range v.Value {
			parts[i] = render(x)
		}
		return "L[" + strings.Join(parts, ",") + "]"
	case *types.AttributeValueMemberM:
		keys := make([]string, 0, len(v.Value))
		for k := range v.Value {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%q:%s", k, render(v.Value[k]))
		}
		return "M{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("?%T", v)
}
