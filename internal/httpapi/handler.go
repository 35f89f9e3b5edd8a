package httpapi

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/errs"
)

// maxBody is the largest request body accepted, in bytes.
const maxBody = 64 << 10

// Handler serves the routes of one function (or all of them, locally) from
// API Gateway HTTP API events, payload format 2.0.
type Handler struct {
	api    *API
	routes map[string]Route
}

// Handler returns the handler for the named function's routes; "" serves
// every route, as the local server does.
func (a *API) Handler(function string) *Handler {
	h := &Handler{api: a, routes: map[string]Route{}}
	for _, r := range a.Routes() {
		if function == "" || r.Function == function {
			h.routes[r.Key()] = r
		}
	}
	return h
}

// Handle answers one API Gateway event. It never returns an error: every
// failure is a problem response. One log line records each request, with
// the cause of any 5xx; never a token, a body or free text.
func (h *Handler) Handle(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	start := time.Now()
	who, authErr := principalFrom(&ev, h.api.cfg)
	gzipped := acceptsGzip(header(&ev, "Accept-Encoding"))
	r, err := h.serve(ctx, &ev, who, authErr)
	switch {
	case err == nil && r.binary && len(r.body) > maxPlainResponse:
		err = errs.New(errs.NotAcceptable, "the file would be %d bytes, more than a Lambda response may carry; ask for the month as JSON and each statement as CSV", len(r.body)).WithCode("response_too_large")
	case err == nil && !r.binary && !gzipped && len(r.body) > maxPlainResponse:
		err = errs.New(errs.NotAcceptable, "the response would be %d bytes, more than a Lambda response may carry; send Accept-Encoding: gzip", len(r.body)).WithCode("response_too_large")
	}
	if err != nil {
		r = problemReply(err)
	}
	attrs := []slog.Attr{
		slog.String("route", ev.RouteKey),
		slog.Int("status", r.status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("principal", who.Subject),
		slog.String("request_id", ev.RequestContext.RequestID),
	}
	level := slog.LevelInfo
	if r.status >= 500 {
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", causeOf(err)))
	}
	h.api.log.LogAttrs(ctx, level, "request", attrs...)
	headers := map[string]string{
		"Content-Type":           r.contentType,
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	}
	for k, v := range r.headers {
		headers[k] = v
	}
	res := events.APIGatewayV2HTTPResponse{StatusCode: r.status, Headers: headers, Body: string(r.body)}
	switch {
	case r.binary:
		// API Gateway (payload 2.0) sends a binary body on decoded only
		// when it arrives base64 and says so.
		res.Body, res.IsBase64Encoded = base64.StdEncoding.EncodeToString(r.body), true
	case len(r.body) >= gzipFrom && gzipped:
		res.Body, res.IsBase64Encoded = gzipBase64(r.body), true
		headers["Content-Encoding"], headers["Vary"] = "gzip", "Accept-Encoding"
	}
	return res, nil
}

// serve finds the route, checks the caller and runs the route's handler,
// turning a panic into an internal error that keeps its stack.
func (h *Handler) serve(ctx context.Context, ev *events.APIGatewayV2HTTPRequest, who Principal, authErr error) (r *reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	route, found := h.routes[ev.RouteKey]
	if !found {
		return nil, errs.New(errs.NotFound, "no route %q", ev.RouteKey)
	}
	c, err := h.newCall(ev, route, who, authErr)
	if err != nil {
		return nil, err
	}
	return route.handle(ctx, c)
}

// newCall checks authentication, role, department and body size, and
// prepares the call.
func (h *Handler) newCall(ev *events.APIGatewayV2HTTPRequest, route Route, who Principal, authErr error) (*call, error) {
	var dept string
	if !route.Public {
		switch {
		case authErr != nil:
			return nil, authErr
		case who.Subject == "":
			return nil, errs.New(errs.Unauthorized, "a bearer token is required")
		case len(route.Roles) > 0 && !who.HasAny(route.Roles):
			return nil, errs.New(errs.Forbidden, "your role may not use %s", route.Key())
		}
		var err error
		if dept, err = h.api.department(route, who); err != nil {
			return nil, err
		}
	}
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, errs.New(errs.Invalid, "the body is not valid base64")
		}
		body = b
	}
	if len(body) > maxBody {
		return nil, errs.New(errs.TooLarge, "the body is larger than %d bytes", maxBody)
	}
	// Times are kept to the second, as the API shows them.
	return &call{ev: ev, who: who, dept: dept, params: ev.PathParameters, body: body, now: h.api.now().Truncate(time.Second)}, nil
}
