// Package portal serves the web portal from API Gateway HTTP API events
// (payload format 2.0): the built assets at / with the cache policy each
// kind of file needs, GET /config.json from the environment, and a strict
// Content-Security-Policy on every answer. It runs in the web function,
// behind no authorizer, and in the local server after the API's routes. It
// links no AWS SDK and nothing of the API but the roles.
package portal

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// Routes are the route keys the web function serves, without the
// authorizer; API Gateway matches the API's own routes first.
func Routes() []string { return []string{"GET /", "GET /{proxy+}"} }

// Handler answers the web function's events.
type Handler struct {
	cfg    Config
	csp    string
	config []byte // config.json, when its redirect URL is fixed
	files  files
	log    *slog.Logger
}

// New returns the handler serving assets (index.html at its root, hashed
// files under assets/) with cfg's settings.
func New(assets fs.FS, cfg Config, log *slog.Logger) *Handler {
	h := &Handler{cfg: cfg, csp: ContentSecurityPolicy(cfg), files: files{fsys: assets}, log: log}
	if cfg.Auth.Mode != "oidc" || cfg.Auth.RedirectURI != "" {
		h.config = mustJSON(cfg)
	}
	return h
}

// reply is one answer before it becomes an API Gateway response.
type reply struct {
	status  int
	headers map[string]string
	body    []byte
	// binary bodies travel base64, as API Gateway requires.
	binary bool
}

// Handle answers one event. It never returns an error. One log line
// records each request; the portal has no principal.
func (h *Handler) Handle(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	start := time.Now()
	method := ev.RequestContext.HTTP.Method
	r := h.serve(&ev, method, rawPath(&ev))
	r.headers["Content-Security-Policy"] = h.csp
	r.headers["X-Content-Type-Options"] = "nosniff"
	r.headers["Referrer-Policy"] = "no-referrer"
	res := events.APIGatewayV2HTTPResponse{StatusCode: r.status, Headers: r.headers}
	if method != http.MethodHead {
		res.Body, res.IsBase64Encoded = string(r.body), false
		if r.binary {
			res.Body, res.IsBase64Encoded = base64.StdEncoding.EncodeToString(r.body), true
		}
	}
	h.log.LogAttrs(ctx, slog.LevelInfo, "request",
		slog.String("route", ev.RouteKey),
		slog.Int("status", r.status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("principal", ""),
		slog.String("request_id", ev.RequestContext.RequestID),
	)
	return res, nil
}

// rawPath is the request's path as the client sent it.
func rawPath(ev *events.APIGatewayV2HTTPRequest) string {
	if ev.RawPath != "" {
		return ev.RawPath
	}
	return ev.RequestContext.HTTP.Path
}

// serve picks the answer for a method and path.
func (h *Handler) serve(ev *events.APIGatewayV2HTTPRequest, method, p string) reply {
	switch {
	case p == "/v1" || strings.HasPrefix(p, "/v1/"):
		// An API path no API route matched: the API's 404, never the page.
		return noRoute()
	case method != http.MethodGet && method != http.MethodHead:
		r := plain(http.StatusMethodNotAllowed, "method not allowed\n")
		r.headers["Allow"] = "GET, HEAD"
		return r
	case p == "/config.json":
		return reply{status: http.StatusOK, body: h.configJSON(ev), headers: map[string]string{
			"Content-Type": "application/json", "Cache-Control": cacheRevalidate,
		}}
	case p == "/":
		p = "/index.html"
	}
	f, found := h.files.open(strings.TrimPrefix(p, "/"))
	if !found {
		return plain(http.StatusNotFound, "not found\n")
	}
	return f.reply(header(ev, "Accept-Encoding"), header(ev, "If-None-Match"))
}

// reply answers the file, compressed when the client takes gzip, or 304
// when the client's copy is current.
func (f *file) reply(acceptEncoding, ifNoneMatch string) reply {
	r := reply{status: http.StatusOK, body: f.body, binary: !textual(f.contentType), headers: map[string]string{
		"Content-Type": f.contentType, "Cache-Control": f.cache, "ETag": f.etag,
	}}
	if f.gzipped != nil {
		r.headers["Vary"] = "Accept-Encoding"
		if acceptsGzip(acceptEncoding) {
			r.body, r.binary = f.gzipped, true
			r.headers["Content-Encoding"] = "gzip"
		}
	}
	if ifNoneMatch != "" && matches(ifNoneMatch, f.etag) {
		r.status, r.body, r.binary = http.StatusNotModified, nil, false
		delete(r.headers, "Content-Encoding")
	}
	return r
}

// configJSON is config.json; without a fixed redirect URL, the portal
// returns to the address it was served from.
func (h *Handler) configJSON(ev *events.APIGatewayV2HTTPRequest) []byte {
	if h.config != nil {
		return h.config
	}
	cfg := h.cfg
	cfg.Auth.RedirectURI = "https://" + ev.RequestContext.DomainName + "/"
	return mustJSON(cfg)
}

// header reads a request header; API Gateway lowercases their names.
func header(ev *events.APIGatewayV2HTTPRequest, name string) string {
	return ev.Headers[strings.ToLower(name)]
}

// mustJSON encodes v, which is plain strings and maps.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
