package local

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// sampleRequests are the requests `make run` files on an empty table, each
// with the lifecycle steps a fulfiller then takes, so that every role has
// something to look at.
var sampleRequests = []struct {
	department, body string
	steps            []string // "action" or "action body"
}{
	{"radiology", `{"service_id": "pacs-viewer-licence", "quantity": 4, "note": "new reading room"}`, []string{"approve", "fulfill"}},
	{"radiology", `{"service_id": "label-wristband-printer", "quantity": 2}`, nil},
	{"pharmacy", `{"service_id": "barcode-scanner", "quantity": 3}`, []string{"fulfill"}},
	{"pharmacy", `{"service_id": "vpn-access", "quantity": 5}`, nil},
	{"emergency", `{"service_id": "after-hours-support", "quantity": 2}`, []string{`fulfill {"quantity": 3.5}`}},
	{"laboratory", `{"service_id": "data-extract", "quantity": 1, "note": "monthly turnaround report"}`, []string{"approve", "start"}},
	{"nursing", `{"service_id": "ehr-user-account", "quantity": 10}`, []string{`reject {"reason": "use the onboarding bundle instead"}`}},
}

// Seed files the sample requests through the gateway, exactly as a client
// would, unless requests already exist. It returns how many it filed.
func (g *Gateway) Seed(secret string) (int, error) {
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
			if err := g.send(it, "POST", "/v1/requests/"+created.ID+"/"+action, body, http.StatusOK, nil); err != nil {
				return 0, err
			}
		}
	}
	return len(sampleRequests), nil
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
