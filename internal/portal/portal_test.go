package portal_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/portal"
)

// assets is a small build: the layout of web/dist.
var assets = fstest.MapFS{
	"index.html":                {Data: []byte(`<!doctype html><title>portal</title><script type="module" src="/assets/app-3F2A9C1B.js"></script>`)},
	"assets/app-3F2A9C1B.js":    {Data: []byte(strings.Repeat("console.log('portal');\n", 200))},
	"assets/app-3F2A9C1B.css":   {Data: []byte("body{margin:0}")},
	"assets/logo-9Z8Y7X6W.png":  {Data: []byte{0x89, 'P', 'N', 'G', 0, 1, 2, 0xff}},
	"assets/notes.txt":          {Data: []byte("not hashed")},
	"assets/print-settings.css": {Data: []byte("@media print{}")},
	"robots.txt":                {Data: []byte("User-agent: *\nDisallow: /\n")},
}

func newHandler(t *testing.T, env map[string]string) *portal.Handler {
	t.Helper()
	cfg, err := portal.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return portal.New(assets, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// get sends one event as API Gateway would for the web function's routes.
func get(t *testing.T, h *portal.Handler, method, path string, headers map[string]string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	route := "GET /{proxy+}"
	if path == "/" {
		route = "GET /"
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: route, RawPath: path, Headers: headers,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: route, DomainName: "portal.example.org",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path},
		},
	}
	res, err := h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	return res
}

// body is the response's bytes, base64 and gzip undone.
func body(t *testing.T, res events.APIGatewayV2HTTPResponse) string {
	t.Helper()
	b := []byte(res.Body)
	if res.IsBase64Encoded {
		var err error
		if b, err = base64.StdEncoding.DecodeString(res.Body); err != nil {
			t.Fatalf("body is not base64: %v", err)
		}
	}
	if res.Headers["Content-Encoding"] == "gzip" {
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("body is not gzip: %v", err)
		}
		if b, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	return string(b)
}

const (
	immutable = "public, max-age=31536000, immutable"
	html      = "text/html; charset=utf-8"
	text      = "text/plain; charset=utf-8"
	problem   = "application/problem+json"
)

func TestServesEachKindOfPath(t *testing.T) {
	h := newHandler(t, nil)
	tests := []struct {
		name, method, path  string
		wantStatus          int
		wantType, wantCache string
		wantBody            string // a part of it
	}{
		{"the root is index.html", "GET", "/", 200, html, "no-cache", "<title>portal</title>"},
		{"index.html by name", "GET", "/index.html", 200, html, "no-cache", "<title>portal</title>"},
		{"hashed script", "GET", "/assets/app-3F2A9C1B.js", 200, "text/javascript; charset=utf-8", immutable, "console.log"},
		{"hashed stylesheet", "GET", "/assets/app-3F2A9C1B.css", 200, "text/css; charset=utf-8", immutable, "body{margin:0}"},
		{"hashed image", "GET", "/assets/logo-9Z8Y7X6W.png", 200, "image/png", immutable, "PNG"},
		{"an asset without a hash is revalidated", "GET", "/assets/notes.txt", 200, text, "no-cache", "not hashed"},
		{"a long word is not a hash", "GET", "/assets/print-settings.css", 200, "text/css; charset=utf-8", "no-cache", "@media print"},
		{"a file at the root", "GET", "/robots.txt", 200, text, "no-cache", "Disallow"},
		{"config.json", "GET", "/config.json", 200, "application/json", "no-cache", `"mode":"local"`},
		{"HEAD has the headers", "HEAD", "/", 200, html, "no-cache", ""},
		{"an unknown page", "GET", "/requests/42", 404, text, "no-store", "not found"},
		{"an unknown asset", "GET", "/assets/app-00000000.js", 404, text, "no-store", "not found"},
		{"a directory", "GET", "/assets", 404, text, "no-store", "not found"},
		{"a directory with a slash", "GET", "/assets/", 404, text, "no-store", "not found"},
		{"dot-dot out of assets", "GET", "/assets/../embed.go", 404, text, "no-store", "not found"},
		{"dot-dot to a file that exists", "GET", "/assets/../index.html", 404, text, "no-store", "not found"},
		{"encoded dot-dot", "GET", "/%2e%2e/embed.go", 404, text, "no-store", "not found"},
		{"encoded dot-dot in assets", "GET", "/assets/%2e%2e/index.html", 404, text, "no-store", "not found"},
		{"encoded slash", "GET", "/assets%2Fapp-3F2A9C1B.js", 404, text, "no-store", "not found"},
		{"backslash", "GET", "/assets\\app-3F2A9C1B.js", 404, text, "no-store", "not found"},
		{"double slash", "GET", "//index.html", 404, text, "no-store", "not found"},
		{"dot segment", "GET", "/./index.html", 404, text, "no-store", "not found"},
		{"an unknown API path", "GET", "/v1/nope", 404, problem, "no-store", `"code":"not_found"`},
		{"an unknown API path below a route", "GET", "/v1/requests/42/history", 404, problem, "no-store", `"detail":"no such route"`},
		{"the API's root", "GET", "/v1", 404, problem, "no-store", `"status":404`},
		{"an API path by POST", "POST", "/v1/nope", 404, problem, "no-store", `"title":"Not Found"`},
		{"POST to the page", "POST", "/", 405, text, "no-store", "method not allowed"},
		{"DELETE an asset", "DELETE", "/assets/app-3F2A9C1B.js", 405, text, "no-store", "method not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, h, tt.method, tt.path, nil)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d, want %d", res.StatusCode, tt.wantStatus)
			}
			if got := res.Headers["Content-Type"]; got != tt.wantType {
				t.Errorf("Content-Type: got %q, want %q", got, tt.wantType)
			}
			if got := res.Headers["Cache-Control"]; got != tt.wantCache {
				t.Errorf("Cache-Control: got %q, want %q", got, tt.wantCache)
			}
			got := body(t, res)
			if !strings.Contains(got, tt.wantBody) {
				t.Errorf("body: got %.200q, want it to contain %q", got, tt.wantBody)
			}
			if tt.method == "HEAD" && got != "" {
				t.Errorf("HEAD: got a body %.50q", got)
			}
			if tt.wantType == problem && strings.Contains(got, "<") {
				t.Errorf("an API path got markup: %.200q", got)
			}
		})
	}
}

// Every answer, 404s and problems included, carries the same strict policy.
func TestEveryResponseIsLockedDown(t *testing.T) {
	oidc := map[string]string{
		"CHARGEBACK_OIDC_ISSUER":           "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Abc123",
		"CHARGEBACK_OIDC_CLIENT_ID":        "portal-client",
		"CHARGEBACK_OIDC_ENDPOINTS_ORIGIN": "https://hospital-it.auth.eu-west-2.amazoncognito.com/",
	}
	issuers := " https://cognito-idp.eu-west-2.amazonaws.com https://hospital-it.auth.eu-west-2.amazoncognito.com"
	policy := func(extra string) string {
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'" + extra +
			"; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" + extra + "; object-src 'none'"
	}
	for _, mode := range []struct {
		name string
		env  map[string]string
		csp  string
	}{{"local", nil, policy("")}, {"oidc", oidc, policy(issuers)}} {
		h := newHandler(t, mode.env)
		for _, path := range []string{"/", "/index.html", "/config.json", "/assets/app-3F2A9C1B.js", "/nowhere", "/v1/nope", "/%2e%2e/"} {
			t.Run(mode.name+path, func(t *testing.T) {
				res := get(t, h, "GET", path, nil)
				want := map[string]string{"Content-Security-Policy": mode.csp, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
				for k, v := range want {
					if got := res.Headers[k]; got != v {
						t.Errorf("%s: got %q, want %q", k, got, v)
					}
				}
			})
		}
	}
}

func TestGzipAndRevalidation(t *testing.T) {
	h := newHandler(t, nil)
	first := get(t, h, "GET", "/assets/app-3F2A9C1B.js", nil)
	tests := []struct {
		name, path string
		headers    map[string]string
		wantStatus int
		wantGzip   bool
	}{
		{"gzip when accepted", "/assets/app-3F2A9C1B.js", map[string]string{"accept-encoding": "gzip, deflate, br"}, 200, true},
		{"plain when not", "/assets/app-3F2A9C1B.js", nil, 200, false},
		{"plain when refused", "/assets/app-3F2A9C1B.js", map[string]string{"accept-encoding": "gzip;q=0, br"}, 200, false},
		{"small files stay plain", "/assets/app-3F2A9C1B.css", map[string]string{"accept-encoding": "gzip"}, 200, false},
		{"images stay as they are", "/assets/logo-9Z8Y7X6W.png", map[string]string{"accept-encoding": "gzip"}, 200, false},
		{"a current copy", "/assets/app-3F2A9C1B.js", map[string]string{"if-none-match": first.Headers["ETag"], "accept-encoding": "gzip"}, 304, false},
		{"a stale copy", "/assets/app-3F2A9C1B.js", map[string]string{"if-none-match": `"old"`}, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, h, "GET", tt.path, tt.headers)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d, want %d", res.StatusCode, tt.wantStatus)
			}
			if got := res.Headers["Content-Encoding"] == "gzip"; got != tt.wantGzip {
				t.Errorf("gzip: got %v, want %v", got, tt.wantGzip)
			}
			if tt.wantStatus == 304 && res.Body != "" {
				t.Errorf("304 with a body: %.50q", res.Body)
			}
			if tt.wantStatus == 200 && body(t, res) != string(assets[strings.TrimPrefix(tt.path, "/")].Data) {
				t.Error("the body is not the file")
			}
		})
	}
}
