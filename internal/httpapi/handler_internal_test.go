package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/catalog"
	"chargeback/internal/errs"
)

// testHandler serves a tiny route table, logging into buf.
func testHandler(buf *bytes.Buffer, handle func(context.Context, *call) (*reply, error)) *Handler {
	cfg := Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}
	api := New(cfg, catalog.Load(), nil, time.Now, slog.New(slog.NewJSONHandler(buf, nil)))
	r := Route{Method: "POST", Path: "/t", Function: "t", Roles: []string{RoleFinance}, handle: handle}
	return &Handler{api: api, routes: map[string]Route{r.Key(): r}}
}

func event(body string, b64 bool, claims map[string]string) events.APIGatewayV2HTTPRequest {
	ev := events.APIGatewayV2HTTPRequest{RouteKey: "POST /t", Body: body, IsBase64Encoded: b64}
	ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
	}
	return ev
}

var fin = map[string]string{"sub": "fran", "groups": "[finance]"}

// bodyMarker is a name sent in a request body that must never reach the
// log. It cannot turn up there by chance: the log's own text is JSON keys,
// route keys, numbers and, after the panic, a stack whose addresses are hex
// and whose frames are Go identifiers and file paths. The old marker "b64"
// was all hex digits and matched an address in that stack in about 1 run of
// 300; this one has capitals beyond "F" and hyphens, which no hex number, Go
// identifier or base64 text holds.
const bodyMarker = "BODY-MARKER-QZX-not-hex"

func TestProblemsForEveryKind(t *testing.T) {
	tests := []struct {
		err        error
		wantStatus int
		wantCode   string
	}{
		{errs.Field("quantity", "must be positive"), 400, "invalid"},
		{errs.New(errs.NotFound, "no request"), 404, "not_found"},
		{errs.New(errs.Conflict, "x").WithCode("period_closed"), 409, "period_closed"},
		{errs.New(errs.Unprocessable, "x"), 422, "unprocessable"},
		{errs.New(errs.Unavailable, "x"), 503, "unavailable"},
		{errors.New("secret table name leaked"), 500, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.wantCode, func(t *testing.T) {
			var logs bytes.Buffer
			h := testHandler(&logs, func(context.Context, *call) (*reply, error) { return nil, tt.err })
			res, _ := h.Handle(context.Background(), event("", false, fin))
			var p map[string]any
			if err := json.Unmarshal([]byte(res.Body), &p); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.wantStatus || p["code"] != tt.wantCode || p["status"] != float64(tt.wantStatus) {
				t.Errorf("got %d %s, want %d %s", res.StatusCode, res.Body, tt.wantStatus, tt.wantCode)
			}
			if res.Headers["Content-Type"] != "application/problem+json" {
				t.Errorf("content type %q", res.Headers["Content-Type"])
			}
			if tt.wantStatus == 500 && (strings.Contains(res.Body, "secret") || !strings.Contains(logs.String(), "secret table name leaked")) {
				t.Errorf("an internal error must be logged in full and hidden from the client: body %s", res.Body)
			}
			if tt.wantStatus == 503 && res.Headers["Retry-After"] == "" {
				t.Error("503 without Retry-After")
			}
		})
	}
}

func TestHandlerGuards(t *testing.T) {
	var logs bytes.Buffer
	var got string
	encodedBody := base64.StdEncoding.EncodeToString([]byte(`{"name": "` + bodyMarker + `"}`))
	h := testHandler(&logs, func(_ context.Context, c *call) (*reply, error) {
		var body struct {
			Name string `json:"name"`
		}
		if err := c.decode(&body); err != nil {
			return nil, err
		}
		got = body.Name
		if body.Name == "panic" {
			panic("boom")
		}
		return ok(body)
	})
	tests := []struct {
		name string
		ev   events.APIGatewayV2HTTPRequest
		want int
	}{
		{"ok", event(`{"name": "x"}`, false, fin), 200},
		{"base64 body", event(encodedBody, true, fin), 200},
		{"bad base64", event("%%%", true, fin), 400},
		{"too large", event(`{"name": "`+strings.Repeat("x", maxBody)+`"}`, false, fin), 413},
		{"trailing data", event(`{"name": "x"} {}`, false, fin), 400},
		{"wrong type", event(`{"name": 5}`, false, fin), 400},
		{"no claims", event(`{}`, false, nil), 401},
		{"wrong role", event(`{}`, false, map[string]string{"sub": "x", "groups": "[requester]"}), 403},
		{"panic", event(`{"name": "panic"}`, false, fin), 500},
		{"unknown route", events.APIGatewayV2HTTPRequest{RouteKey: "GET /nope"}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := h.Handle(context.Background(), tt.ev)
			if err != nil || res.StatusCode != tt.want {
				t.Errorf("got %d (%v) %s, want %d", res.StatusCode, err, res.Body, tt.want)
			}
		})
	}
	if got != "panic" {
		t.Errorf("last decoded name: got %q", got)
	}
	// One log line per request, with route, status and principal, and never the body.
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var last map[string]any
	_ = json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if last["route"] != "GET /nope" || last["status"] != float64(404) {
		t.Errorf("last log line: %s", lines[len(lines)-1])
	}
	for _, body := range []string{bodyMarker, encodedBody} {
		if strings.Contains(logs.String(), body) {
			t.Errorf("a request body (%q) reached the log:\n%s", body, logs.String())
		}
	}
}

func TestFiveHundredsLogTheirCause(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		panics  bool
		inLog   []string
		notBody string
	}{
		{"unavailable", errs.Wrap(errs.Unavailable, errors.New("ProvisionedThroughputExceeded on table x"), "storage is unavailable"), false,
			[]string{"ProvisionedThroughputExceeded on table x", `"request_id":"req-1"`, `"level":"ERROR"`}, "table x"},
		{"internal", errors.New("dynamodb put: ValidationException"), false, []string{"ValidationException", `"request_id":"req-1"`}, "ValidationException"},
		{"panic", nil, true, []string{"panic: boom", "handler_internal_test.go", `"request_id":"req-1"`}, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			h := testHandler(&logs, func(context.Context, *call) (*reply, error) {
				if tt.panics {
					panic("boom")
				}
				return nil, tt.err
			})
			ev := event("", false, fin)
			ev.RequestContext.RequestID = "req-1"
			res, _ := h.Handle(context.Background(), ev)
			if res.StatusCode < 500 || strings.Contains(res.Body, tt.notBody) {
				t.Errorf("got %d %s, want a 5xx that hides %q", res.StatusCode, res.Body, tt.notBody)
			}
			for _, want := range tt.inLog {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("the log lacks %q:\n%s", want, logs.String())
				}
			}
		})
	}
}
