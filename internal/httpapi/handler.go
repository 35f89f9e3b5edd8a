package httpapi

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
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
// failure is a problem response, and one log line records each request.
func (h *Handler) Handle(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	start := time.Now()
	who, _ := principalFrom(&ev, h.api.cfg)
	r := h.serve(ctx, &ev, who)
	h.api.log.LogAttrs(ctx, slog.LevelInfo, "request",
		slog.String("route", ev.RouteKey),
		slog.Int("status", r.status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("principal", who.Subject),
		slog.String("request_id", ev.RequestContext.RequestID),
	)
	headers := map[string]string{"Content-Type": r.contentType}
	for k, v := range r.headers {
		headers[k] = v
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: r.status, Headers: headers, Body: string(r.body)}, nil
}

// serve finds the route, checks the caller and runs the route's handler,
// turning errors and panics into problem replies.
func (h *Handler) serve(ctx context.Context, ev *events.APIGatewayV2HTTPRequest, who Principal) (r *reply) {
	defer func() {
		if p := recover(); p != nil {
			r = problemReply(fmt.Errorf("panic: %v", p), h.api.log)
		}
	}()
	route, found := h.routes[ev.RouteKey]
	if !found {
		return problemReply(errs.New(errs.NotFound, "no route %q", ev.RouteKey), h.api.log)
	}
	c, err := h.newCall(ev, route, who)
	if err == nil {
		r, err = route.handle(ctx, c)
	}
	if err != nil {
		return problemReply(err, h.api.log)
	}
	return r
}

// newCall checks authentication, role and body size and prepares the call.
func (h *Handler) newCall(ev *events.APIGatewayV2HTTPRequest, route Route, who Principal) (*call, error) {
	if !route.Public {
		if who.Subject == "" {
			return nil, errs.New(errs.Unauthorized, "a bearer token is required")
		}
		if len(route.Roles) > 0 && !who.HasAny(route.Roles) {
			return nil, errs.New(errs.Forbidden, "your role may not use %s", route.Key())
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
	return &call{ev: ev, who: who, params: ev.PathParameters, body: body, now: h.api.now().Truncate(time.Second)}, nil
}

// notImplemented answers routes whose capability is not built yet.
func notImplemented(context.Context, *call) (*reply, error) {
	return nil, errs.New(errs.NotImplemented, "this route is not implemented yet").WithCode("not_implemented")
}
