package systemtest

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"chargeback/catalog"
	"chargeback/internal/apitest"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
)

// loggedAPI is an API over store whose log is JSON in a buffer, as Lambda
// writes it to stdout.
type loggedAPI struct {
	h      *httpapi.Handler
	routes []httpapi.Route
	logs   *bytes.Buffer
	sent   int // requests sent, so log lines sent
}

func newLoggedAPI(store httpapi.Store, clock *apitest.Clock) *loggedAPI {
	logs := &bytes.Buffer{}
	api := httpapi.New(apitest.Config(), catalog.Load(), store, clock.Now, slog.New(slog.NewJSONHandler(logs, nil)))
	return &loggedAPI{h: api.Handler(""), routes: api.Routes(), logs: logs}
}

// send sends one request as API Gateway would, with a request id and the
// bearer token the authorizer verified in its Authorization header, and
// returns the response.
func (l *loggedAPI) send(t *testing.T, ctx context.Context, who apitest.Caller, token, requestID, method, target, body string, headers ...string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	ev, found := apitest.Event(t, l.routes, who, method, target, body, append([]string{"authorization", "Bearer " + token}, headers...)...)
	if !found {
		t.Fatalf("no route for %s %s", method, target)
	}
	ev.RequestContext.RequestID = requestID
	res, err := l.h.Handle(ctx, ev)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	l.sent++
	return res
}

// lines parses the log, failing unless it holds one JSON line per request.
func (l *loggedAPI) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, raw := range strings.Split(strings.TrimSpace(l.logs.String()), "\n") {
		var line map[string]any
		if err := json.Unmarshal([]byte(raw), &line); err != nil {
			t.Fatalf("a log line is not JSON: %v\n%s", err, raw)
		}
		out = append(out, line)
	}
	if len(out) != l.sent {
		t.Fatalf("log lines: got %d, want one for each of the %d requests", len(out), l.sent)
	}
	return out
}

// The secrets a test sends: none may reach the log.
const (
	secretToken       = "eyJtoken-SECRET-b41d9e"
	secretNote        = "note-SECRET-7f3a22"
	secretPatchNote   = "patchnote-SECRET-0c9e1b"
	secretReason      = "reason-SECRET-e5d1c8"
	secretCancel      = "cancel-SECRET-52aa07"
	secretComment     = "comment-SECRET-19bb64"
	secretDescription = "description-SECRET-8d02f3"
	secretKey         = "idemkey-SECRET-a6c4e0"
	secretAsk         = "inquiry-SECRET-3b71d0"
	secretAnswer      = "answer-SECRET-c0ffee"
)

// TestLogsCarryNoSecrets sends every free-text field, a bearer token and
// an Idempotency-Key through the real store, on allowed, refused, invalid
// and failing calls, and checks that none of them reaches the log while
// each request still gets its line.
func TestLogsCarryNoSecrets(t *testing.T) {
	e := apitest.NewEnv(t)
	l := newLoggedAPI(e.Store, e.Clock)
	ctx := context.Background()
	status := func(want int, who apitest.Caller, method, target, body string, headers ...string) map[string]any {
		t.Helper()
		res := l.send(t, ctx, who, secretToken, "req-ok", method, target, body, headers...)
		if res.StatusCode != want {
			t.Fatalf("%s %s: got %d, want %d\n%s", method, target, res.StatusCode, want, res.Body)
		}
		var m map[string]any
		_ = json.Unmarshal([]byte(res.Body), &m)
		return m
	}
	created := `{"service_id": "data-extract", "quantity": 1, "note": "` + secretNote + `"}`
	id := status(201, apitest.Radiology, "POST", "/v1/requests", created, "Idempotency-Key", secretKey)["id"].(string)
	status(201, apitest.Radiology, "POST", "/v1/requests", created, "Idempotency-Key", secretKey) // replayed
	status(422, apitest.Radiology, "POST", "/v1/requests", `{"service_id": "data-extract", "quantity": 2, "note": "`+secretNote+`"}`, "Idempotency-Key", secretKey)
	status(200, apitest.Radiology, "PATCH", "/v1/requests/"+id, `{"note": "`+secretPatchNote+`"}`)
	status(404, apitest.Pharmacy, "PATCH", "/v1/requests/"+id, `{"note": "`+secretPatchNote+`"}`)
	status(400, apitest.Radiology, "PATCH", "/v1/requests/"+id, `{"note": "`+secretPatchNote+`", "colour": "`+secretPatchNote+`"}`)
	status(400, apitest.Radiology, "PATCH", "/v1/requests/"+id, `{"note": "`+secretPatchNote+strings.Repeat("x", 1001)+`"}`)
	status(400, apitest.Radiology, "POST", "/v1/requests", `{"service_id": "`+secretNote+`", "quantity": 1}`)
	status(403, apitest.Radiology, "POST", "/v1/requests/"+id+"/reject", `{"reason": "`+secretReason+`"}`)
	status(200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/reject", `{"reason": "`+secretReason+`"}`)
	status(409, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/reject", `{"reason": "`+secretReason+`"}`)
	status(200, apitest.Fulfiller, "GET", "/v1/requests/"+id, "")

	other := status(201, apitest.Radiology, "POST", "/v1/requests", `{"service_id": "data-extract", "quantity": 1}`)["id"].(string)
	status(200, apitest.Radiology, "POST", "/v1/requests/"+other+"/cancel", `{"reason": "`+secretCancel+`"}`)

	done := status(201, apitest.Radiology, "POST", "/v1/requests", `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	status(200, apitest.Fulfiller, "POST", "/v1/requests/"+done+"/fulfill", "")
	status(400, apitest.Radiology, "POST", "/v1/requests/"+done+"/survey", `{"score": 9, "comment": "`+secretComment+`"}`)
	status(201, apitest.Radiology, "POST", "/v1/requests/"+done+"/survey", `{"score": 5, "comment": "`+secretComment+`"}`)
	status(409, apitest.Radiology, "POST", "/v1/requests/"+done+"/survey", `{"score": 4, "comment": "`+secretComment+`"}`)
	status(200, apitest.Radiology, "GET", "/v1/requests/"+done+"/survey", "")

	adjust := `{"department": "radiology", "month": "2026-03", "amount": "5.00", "description": "` + secretDescription + `"}`
	status(201, apitest.Finance, "POST", "/v1/adjustments", adjust, "Idempotency-Key", secretKey)
	status(403, apitest.Radiology, "POST", "/v1/adjustments", adjust, "Idempotency-Key", secretKey)
	status(400, apitest.Finance, "POST", "/v1/adjustments", `{"department": "radiology", "month": "2026-03", "amount": "0", "description": "`+secretDescription+`"}`)
	status(200, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "")
	status(401, apitest.Nobody, "GET", "/v1/requests/"+id, "")

	// An inquiry's reason and finance's note, on allowed, refused, invalid
	// and replayed calls.
	ask := `{"month": "2026-03", "line_id": "` + done + `-charge", "reason": "` + secretAsk + `"}`
	asked := status(201, apitest.Radiology, "POST", "/v1/inquiries", ask, "Idempotency-Key", secretKey)["id"].(string)
	status(201, apitest.Radiology, "POST", "/v1/inquiries", ask, "Idempotency-Key", secretKey)
	status(422, apitest.Radiology, "POST", "/v1/inquiries", strings.Replace(ask, secretAsk, secretAsk+"!", 1), "Idempotency-Key", secretKey)
	status(409, apitest.Radiology, "POST", "/v1/inquiries", ask)
	status(404, apitest.Radiology, "POST", "/v1/inquiries", strings.Replace(ask, done, secretAsk, 1))
	status(400, apitest.Radiology, "POST", "/v1/inquiries", `{"month": "2026-03", "line_id": "`+done+`-charge", "reason": "`+secretAsk+strings.Repeat("x", 1001)+`"}`)
	status(403, apitest.Radiology, "POST", "/v1/inquiries/"+asked+"/resolve", `{"outcome": "rejected", "note": "`+secretAnswer+`"}`)
	status(400, apitest.Finance, "POST", "/v1/inquiries/"+asked+"/resolve", `{"outcome": "`+secretAnswer+`", "note": "`+secretAnswer+`"}`)
	status(200, apitest.Finance, "POST", "/v1/inquiries/"+asked+"/resolve", `{"outcome": "credit", "amount": "1.00", "note": "`+secretAnswer+`"}`)
	status(409, apitest.Finance, "POST", "/v1/inquiries/"+asked+"/resolve", `{"outcome": "rejected", "note": "`+secretAnswer+`"}`)
	status(200, apitest.Radiology, "GET", "/v1/inquiries/"+asked, "")
	status(200, apitest.Radiology, "GET", "/v1/inquiries", "")

	// The same free text on a call the storage fails.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if res := l.send(t, cancelled, apitest.Radiology, secretToken, "req-fail", "POST", "/v1/requests", created, "Idempotency-Key", secretKey+"-2"); res.StatusCode < 500 {
		t.Fatalf("a create with a cancelled context: got %d, want a 5xx", res.StatusCode)
	}

	lines := l.lines(t)
	for _, secret := range []string{secretToken, secretNote, secretPatchNote, secretReason, secretCancel, secretComment, secretDescription, secretKey, secretAsk, secretAnswer} {
		if strings.Contains(l.logs.String(), secret) {
			t.Errorf("%q reached the log:\n%s", secret, l.logs.String())
		}
	}
	for _, line := range lines {
		if line["route"] == "" || line["status"] == nil || line["request_id"] == "" {
			t.Errorf("a log line lacks route, status or request id: %v", line)
		}
	}
}

// TestFiveHundredsLogCauseAndRequestID makes the store fail in each way it
// can on each function's routes, through real DynamoDB clients: storage
// that refuses connections, a call whose context is cancelled, and a table
// that does not exist. Every 5xx line must name its cause and the request.
func TestFiveHundredsLogCauseAndRequestID(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	clock := apitest.NewClock(apitest.Now)
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		return "http://" + addr
	}()
	once := func(o *dynamodb.Options) { o.RetryMaxAttempts = 1 }
	stores := []struct {
		name  string
		store httpapi.Store
		ctx   func() context.Context
	}{
		{"refused connection", dynamo.New(dynamo.NewLocalClient(closed, once), "chargeback"), context.Background},
		{"cancelled context", dynamo.New(dynamo.NewLocalClient(endpoint), "no-such-table"), func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}},
		{"missing table", dynamo.New(dynamo.NewLocalClient(endpoint), "no-such-table"), context.Background},
	}
	calls := []struct {
		who          apitest.Caller
		method, path string
		body         string
	}{
		{apitest.Fulfiller, "GET", "/v1/requests", ""},
		{apitest.Radiology, "POST", "/v1/requests", `{"service_id": "data-extract", "quantity": 1, "note": "` + secretNote + `"}`},
		{apitest.Fulfiller, "POST", "/v1/requests/01KGES92M037RE4H3H70AQTM2Z/reject", `{"reason": "` + secretReason + `"}`},
		{apitest.Radiology, "GET", "/v1/statements/2026-02/radiology", ""},
		{apitest.Finance, "POST", "/v1/periods/2026-02/close", ""},
		{apitest.Finance, "POST", "/v1/adjustments", `{"department": "radiology", "month": "2026-03", "amount": "5.00", "description": "` + secretDescription + `"}`},
		{apitest.OnlyLeadership, "GET", "/v1/reports/services?from=2026-02&to=2026-02", ""},
		{apitest.Radiology, "POST", "/v1/inquiries", `{"month": "2026-03", "line_id": "x-charge", "reason": "` + secretAsk + `"}`},
		{apitest.Finance, "POST", "/v1/inquiries/01KGES92M037RE4H3H70AQTM2Z/resolve", `{"outcome": "rejected", "note": "` + secretAnswer + `"}`},
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			l := newLoggedAPI(s.store, clock)
			ids := map[string]bool{}
			for i, c := range calls {
				id := "req-" + strings.ReplaceAll(s.name, " ", "-") + "-" + string(rune('a'+i))
				ids[id] = true
				res := l.send(t, s.ctx(), c.who, secretToken, id, c.method, c.path, c.body)
				if res.StatusCode < 500 {
					t.Errorf("%s %s: got %d, want a 5xx\n%s", c.method, c.path, res.StatusCode, res.Body)
				}
			}
			for _, line := range l.lines(t) {
				status, _ := line["status"].(float64)
				cause, _ := line["error"].(string)
				id, _ := line["request_id"].(string)
				if status < 500 {
					continue
				}
				if cause == "" || !ids[id] || line["level"] != "ERROR" {
					t.Errorf("a %v line: got error %q request_id %q level %v, want a cause, one of the request ids sent, ERROR\n%v", status, cause, id, line["level"], line)
				}
				delete(ids, id)
			}
			if len(ids) != 0 {
				t.Errorf("requests without a 5xx log line: %v", ids)
			}
			for _, secret := range []string{secretToken, secretNote, secretReason, secretDescription} {
				if strings.Contains(l.logs.String(), secret) {
					t.Errorf("%q reached the log:\n%s", secret, l.logs.String())
				}
			}
		})
	}
}
