package local

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// logLine is what a test reads back from one JSON log line.
type logLine struct {
	Msg        string   `json:"msg"`
	Route      string   `json:"route"`
	Status     int      `json:"status"`
	DurationMS *float64 `json:"duration_ms"`
	Principal  string   `json:"principal"`
	RequestID  string   `json:"request_id"`
}

// logLines returns the lines in logs that carry request id id.
func logLines(t *testing.T, logs, id string) []logLine {
	t.Helper()
	var out []logLine
	for _, raw := range strings.Split(strings.TrimSpace(logs), "\n") {
		var l logLine
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, raw)
		}
		if l.RequestID == id {
			out = append(out, l)
		}
	}
	return out
}

func TestGatewayLogsAndTagsEveryAnswer(t *testing.T) {
	logs := &syncBuffer{}
	gw, _ := newGateway(t, logs)
	srv := startServer(t, gw, serverLimits)
	good := token(t, secret, map[string]any{"sub": "dana", "groups": []string{"requester"}, "department": "radiology"})
	forged := token(t, "other", map[string]any{"sub": "mallory", "groups": []string{"finance"}})
	expired := token(t, secret, map[string]any{"sub": "erin", "exp": time.Now().Add(-time.Minute).Unix()})
	bigBody := `{"note":"` + strings.Repeat("x", maxBody) + `"}`
	pad := strings.Repeat("p", 70<<10)
	secrets := []string{good, forged, expired, "QUERYSECRET", strings.Repeat("x", 64), strings.Repeat("p", 64)}

	tests := []struct {
		name, method, path, token, body string
		header                          http.Header
		want                            logLine // Msg and RequestID are not compared
		gateway                         bool    // the gateway answered, not the handler
		code                            string  // the gateway's problem code
	}{
		{name: "handler, public", method: "GET", path: "/v1/health",
			want: logLine{Route: "GET /v1/health", Status: 200}},
		{name: "handler, signed in", method: "GET", path: "/v1/services", token: good,
			want: logLine{Route: "GET /v1/services", Status: 200, Principal: "dana"}},
		{name: "handler's own problem", method: "GET", path: "/v1/services/no-such-service", token: good,
			want: logLine{Route: "GET /v1/services/{id}", Status: 404, Principal: "dana"}},
		{name: "no route", method: "GET", path: "/v1/nothing?access_token=QUERYSECRET", token: good, gateway: true, code: "not_found",
			want: logLine{Route: "GET /v1/nothing", Status: 404}},
		{name: "no route for the method", method: "DELETE", path: "/v1/services", token: good, gateway: true, code: "not_found",
			want: logLine{Route: "DELETE /v1/services", Status: 404}},
		{name: "the clock when it is off", method: "GET", path: "/_local/clock", gateway: true, code: "not_found",
			want: logLine{Route: "GET /_local/clock", Status: 404}},
		{name: "no token", method: "GET", path: "/v1/services", gateway: true, code: "unauthorized",
			want: logLine{Route: "GET /v1/services", Status: 401}},
		{name: "forged token", method: "GET", path: "/v1/services", token: forged, gateway: true, code: "unauthorized",
			want: logLine{Route: "GET /v1/services", Status: 401}},
		{name: "expired token", method: "GET", path: "/v1/services", token: expired, gateway: true, code: "unauthorized",
			want: logLine{Route: "GET /v1/services", Status: 401}},
		{name: "body too large", method: "POST", path: "/v1/requests", token: good, body: bigBody, gateway: true, code: "too_large",
			want: logLine{Route: "POST /v1/requests", Status: 413, Principal: "dana"}},
		{name: "header too large", method: "GET", path: "/v1/services", token: good, header: http.Header{"X-Pad": {pad}}, gateway: true, code: "header_too_large",
			want: logLine{Route: "GET /v1/services", Status: 431}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header[k] = v
			}
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()

			id := res.Header.Get("X-Request-Id")
			if len(id) != 16 || seen[id] {
				t.Errorf("X-Request-Id: got %q, want a fresh 16-digit id", id)
			}
			seen[id] = true
			if tt.gateway {
				checkGatewayProblem(t, res, body, tt.code)
			}
			lines := logLines(t, logs.String(), id)
			if len(lines) != 1 {
				t.Fatalf("log lines with request_id %q: got %d, want 1\n%s", id, len(lines), logs.String())
			}
			got := lines[0]
			if got.DurationMS == nil || *got.DurationMS < 0 {
				t.Errorf("duration_ms: got %v, want a number of milliseconds", got.DurationMS)
			}
			got.Msg, got.RequestID, got.DurationMS = "", "", nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("log line (-want +got):\n%s", diff)
			}
		})
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds a token, query or body: %.40s...", s)
		}
	}
}

// checkGatewayProblem checks a problem the gateway itself answered.
func checkGatewayProblem(t *testing.T, res *http.Response, body []byte, code string) {
	t.Helper()
	want := map[string]string{
		"Content-Type":           "application/problem+json",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s: got %q, want %q", k, got, v)
		}
	}
	var p struct {
		Status int    `json:"status"`
		Code   string `json:"code"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.Status != res.StatusCode || p.Code != code {
		t.Errorf("problem: got %s, want status %d and code %q", body, res.StatusCode, code)
	}
}
