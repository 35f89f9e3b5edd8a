package local

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// make run publishes the sample data's events: GET /_local/events lists
// them, oldest first, one department's with ?department=, and each is
// posted to CHARGEBACK_LOCAL_WEBHOOK as EventBridge hands an event to a
// target.
func TestRunPublishesEvents(t *testing.T) {
	var (
		mu     sync.Mutex
		posted []map[string]any
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var ev map[string]any
		if err := json.Unmarshal(raw, &ev); err != nil || r.Method != http.MethodPost {
			t.Errorf("the webhook got %s %s", r.Method, raw)
		}
		mu.Lock()
		posted = append(posted, ev)
		mu.Unlock()
	}))
	defer hook.Close()
	welcome := startRun(t, map[string]string{"CHARGEBACK_FAKE_CLOCK": "1", "CHARGEBACK_LOCAL_WEBHOOK": hook.URL})
	_, vars := exports(welcome)
	if !strings.Contains(welcome, "CHARGEBACK_LOCAL_WEBHOOK") {
		t.Errorf("the welcome does not say events go to the webhook:\n%s", welcome)
	}

	type item struct {
		ID, Source, DetailType string
		Time                   string
		Detail                 map[string]any
	}
	list := func(query string) []item {
		res, err := http.Get(vars["API"] + "/_local/events" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body struct {
			Items []struct {
				ID         string         `json:"id"`
				Source     string         `json:"source"`
				DetailType string         `json:"detail_type"`
				Time       string         `json:"time"`
				Detail     map[string]any `json:"detail"`
			} `json:"items"`
		}
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /_local/events%s: %d, %v", query, res.StatusCode, err)
		}
		var out []item
		for _, it := range body.Items {
			out = append(out, item{it.ID, it.Source, it.DetailType, it.Time, it.Detail})
		}
		return out
	}
	// The sample data files 8 requests and closes last month.
	count := func(items []item) map[string]int {
		out := map[string]int{}
		for _, e := range items {
			out[e.DetailType]++
		}
		return out
	}
	deadline := time.Now().Add(waitBound)
	var all []item
	for {
		all = list("")
		mu.Lock()
		n := len(posted)
		mu.Unlock()
		if types := count(all); types["request.submitted"] >= 8 && types["period.closed"] >= 1 && n >= len(all) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for the sample data's 8 request.submitted and 1 period.closed on the bus and the webhook; the bus has %v, the webhook got %d", waitBound, count(all), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, e := range all {
		if e.Source != "chargeback" || e.ID == "" || e.Detail["event_id"] == nil || e.Time == "" {
			t.Errorf("an event lacks its source, id, time or event_id: %+v", e)
		}
	}
	for _, e := range list("?department=pharmacy") {
		if e.Detail["department"] != "pharmacy" {
			t.Errorf("?department=pharmacy lists %s of %v", e.DetailType, e.Detail["department"])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range posted {
		if p["source"] != "chargeback" || p["detail-type"] == nil || p["detail"] == nil || p["id"] == nil {
			t.Errorf("the webhook got %v, not an event as EventBridge delivers it", p)
		}
	}
}
