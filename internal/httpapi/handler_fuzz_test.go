package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/httpapi"
)

// FuzzHandlerEvent hands the whole handler any API Gateway event, decoded
// from raw JSON as the Lambda runtime decodes it, over a fake store holding
// one request in each status. When the event's route key is not a route,
// the route its method and path match is taken, as the local server would,
// so that mutated paths still reach the handlers. Whatever the event holds
// (claims, path parameters, query, headers, body, base64), Handle returns
// no error, never a 5xx, and every 4xx is a problem+json document whose
// status matches the response's and which has a code.
func FuzzHandlerEvent(f *testing.F) {
	api := newAPI(newFuzzStore())
	h, routes := api.Handler(""), api.Routes()
	keys := map[string]bool{}
	for _, r := range routes {
		keys[r.Key()] = true
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ev events.APIGatewayV2HTTPRequest
		if json.Unmarshal(raw, &ev) != nil {
			return
		}
		if !keys[ev.RouteKey] {
			if route, params, found := httpapi.Match(routes, ev.RequestContext.HTTP.Method, ev.RawPath); found {
				ev.RouteKey, ev.PathParameters = route.Key(), params
			}
		}
		res, err := h.Handle(context.Background(), ev)
		if err != nil {
			t.Fatalf("%s: Handle returned an error: %v", ev.RouteKey, err)
		}
		if res.StatusCode >= 500 {
			t.Fatalf("%s: got %d %s", ev.RouteKey, res.StatusCode, res.Body)
		}
		body := responseBody(t, res)
		ct := res.Headers["Content-Type"]
		switch {
		case res.StatusCode >= 400:
			var doc struct {
				Status int    `json:"status"`
				Code   string `json:"code"`
				Title  string `json:"title"`
			}
			if ct != "application/problem+json" || json.Unmarshal(body, &doc) != nil || doc.Status != res.StatusCode || doc.Code == "" || doc.Title != http.StatusText(res.StatusCode) {
				t.Fatalf("%s: got %d %q %s, want a problem document", ev.RouteKey, res.StatusCode, ct, body)
			}
		case strings.HasPrefix(ct, "application/json") && !json.Valid(body):
			t.Fatalf("%s: got %d with a JSON body that is not JSON: %s", ev.RouteKey, res.StatusCode, body)
		}
	})
}

// responseBody is the body as the client reads it, gunzipped when the
// handler compressed it.
func responseBody(t *testing.T, res events.APIGatewayV2HTTPResponse) []byte {
	t.Helper()
	if !res.IsBase64Encoded {
		return []byte(res.Body)
	}
	b, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil {
		t.Fatalf("the body is marked base64 but is not: %v", err)
	}
	if res.Headers["Content-Encoding"] != "gzip" {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the body is marked gzip but is not: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the gzipped body does not read: %v", err)
	}
	return plain
}
