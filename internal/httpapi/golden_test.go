package httpapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/golden"
)

// The life of an hourly request, from filing to fulfilment with an SLA
// credit, as the API answers it.
func TestGoldenHourlyRequestLife(t *testing.T) {
	e := newEnv(t)
	created := e.create(t, radiology, `{"service_id": "after-hours-support", "quantity": 2, "note": "EHR upgrade weekend"}`)
	id := created["id"].(string)
	e.clock.Set(testNow.Add(30 * time.Minute))
	e.must(t, 200, radiology, "PATCH", "/v1/requests/"+id, `{"quantity": "2.5"}`, "If-Match", `"1"`)
	e.clock.Set(testNow.Add(6 * time.Hour))
	res := e.do(t, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", `{"quantity": 3.25, "fulfilled_at": "2026-03-02T15:00:00Z"}`)
	if res.status != 200 {
		t.Fatalf("fulfil: %d %s", res.status, res.body)
	}
	// By hand: 2.5 h quoted at 165.00 = 412.50 estimated; 3.25 h worked =
	// 536.25 charged; 6 h against a 4 h SLA misses it, and the 25% credit is
	// 536.25 × 0.25 = 134.0625 → −134.06.
	body := res.json(t)
	if body["estimated_charge"] != "412.50" {
		t.Errorf("estimated_charge: got %v, want 412.50", body["estimated_charge"])
	}
	var amounts []string
	for _, c := range body["charges"].([]any) {
		amounts = append(amounts, c.(map[string]any)["amount"].(string))
	}
	if diff := cmp.Diff([]string{"536.25", "-134.06"}, amounts); diff != "" {
		t.Errorf("charges (-want +got):\n%s", diff)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(strings.ReplaceAll(res.body, id, "REQUEST_ID")), "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden.Assert(t, "testdata/hourly_request_life.json", pretty.Bytes())
}
