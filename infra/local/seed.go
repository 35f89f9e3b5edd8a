package local

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"chargeback/internal/billing"
)

// sampleRequests are the requests `make run` files on an empty table, each
// with the lifecycle steps a fulfiller then takes, so that every role has
// something to look at.
var sampleRequests = []struct {
	department, body string
	steps            []string // "action" or "action body"; IT acts, the department answers the survey
}{
	{"radiology", `{"service_id": "pacs-viewer-licence", "quantity": 4, "note": "new reading room"}`, []string{"approve", "fulfill", `survey {"score": 5, "comment": "Seats ready before the room opened."}`}},
	{"radiology", `{"service_id": "label-wristband-printer", "quantity": 2}`, nil},
	{"pharmacy", `{"service_id": "barcode-scanner", "quantity": 3}`, []string{"fulfill", `survey {"score": 3}`}},
	{"pharmacy", `{"service_id": "vpn-access", "quantity": 5}`, nil},
	{"emergency", `{"service_id": "after-hours-support", "quantity": 2}`, []string{`fulfill {"quantity": 3.5}`}},
	{"laboratory", `{"service_id": "data-extract", "quantity": 1, "note": "monthly turnaround report"}`, []string{"approve", "start"}},
	{"nursing", `{"service_id": "ehr-user-account", "quantity": 10}`, []string{`reject {"reason": "use the onboarding bundle instead"}`}},
}

// sampleAdjustments are finance's corrections `make run` posts into the
// previous month before closing it, so that a closed month, its frozen
// statements and its journal are there to read.
var sampleAdjustments = []string{
	`{"department": "radiology", "amount": "250.00", "description": "PACS licences carried over from the spreadsheet", "service_id": "pacs-viewer-licence"}`,
	`{"department": "pharmacy", "amount": "180.40", "description": "Barcode scanners delivered before go-live", "service_id": "barcode-scanner"}`,
	`{"department": "pharmacy", "amount": "-40.00", "description": "Goodwill credit for the January outage"}`,
}

// Seed files the sample requests through the gateway, exactly as a client
// would, unless requests already exist; then, as finance, posts the sample
// adjustments into the month before `current` and closes it. It returns
// how many requests it filed.
func (g *Gateway) Seed(secret string, current billing.Month) (int, error) {
	it, err := Sign(secret, map[string]any{"sub": "seed.it", "groups": []string{"fulfiller"}})
	if err != nil {
		return 0, err
	}
	var existing struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := g.send(it, "GET", "/v1/requests?limit=1", "", http.StatusOK, &existing); err != nil || len(existing.Items) > 0 {
		return 0, err
	}
	for _, s := range sampleRequests {
		head, err := Sign(secret, map[string]any{"sub": "seed." + s.department, "groups": []string{"requester"}, "department": s.department})
		if err != nil {
			return 0, err
		}
		var created struct {
			ID string `json:"id"`
		}
		if err := g.send(head, "POST", "/v1/requests", s.body, http.StatusCreated, &created); err != nil {
			return 0, err
		}
		for _, step := range s.steps {
			action, body, _ := strings.Cut(step, " ")
			who, want := it, http.StatusOK
			if action == "survey" {
				who, want = head, http.StatusCreated
			}
			if err := g.send(who, "POST", "/v1/requests/"+created.ID+"/"+action, body, want, nil); err != nil {
				return 0, err
			}
		}
	}
	return len(sampleRequests), g.seedClosedMonth(secret, current.Prev())
}

// seedClosedMonth posts the sample adjustments into m and closes it.
func (g *Gateway) seedClosedMonth(secret string, m billing.Month) error {
	fin, err := Sign(secret, map[string]any{"sub": "seed.finance", "groups": []string{"finance"}})
	if err != nil {
		return err
	}
	for _, body := range sampleAdjustments {
		body = strings.Replace(body, "{", `{"month": "`+m.String()+`", `, 1)
		if err := g.send(fin, "POST", "/v1/adjustments", body, http.StatusCreated, nil); err != nil {
			return err
		}
	}
	return g.send(fin, "POST", "/v1/periods/"+m.String()+"/close", "", http.StatusOK, nil)
}

// send serves one request through the gateway and decodes the answer.
func (g *Gateway) send(token, method, target, body string, want int, out any) error {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	if rec.Code != want {
		return fmt.Errorf("seed: %s %s: got %d, want %d: %s", method, target, rec.Code, want, rec.Body.String())
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(rec.Body.Bytes(), out)
}
