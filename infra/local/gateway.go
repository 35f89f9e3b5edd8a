// Package local stands in for API Gateway on a laptop: it turns each HTTP
// request into the events.APIGatewayV2HTTPRequest API Gateway would send,
// with the JWT claims an authorizer would pass on, and calls the same handler
// Lambda runs. After the API's routes it serves the portal, as the web
// function's routes do in AWS, and the local-only sign-in page and test
// clock.
package local

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/httpapi"
	"chargeback/internal/portal"
)

// maxBody is the largest body the gateway forwards, as API Gateway caps
// payloads too; the handler applies its own, smaller limit.
const maxBody = 1 << 20

// Gateway is the local API Gateway.
type Gateway struct {
	handler *httpapi.Handler
	routes  []httpapi.Route
	secret  string
	// Clock, when set, serves GET and PUT /_local/clock.
	Clock *Clock
	// Events, when set, serves GET /_local/events (the local bus), and
	// SLAWatch POST /_local/slawatch; like the clock, only with
	// CHARGEBACK_FAKE_CLOCK=1.
	Events, SLAWatch http.Handler
	// Portal, when set, answers the GET requests no API route matches, as
	// the web function's routes (GET / and GET /{proxy+}) do in AWS.
	Portal *portal.Handler
	// SignIn, when set, serves the local sign-in page under
	// /_local/signin.
	SignIn http.Handler
	// Log, when set, receives one line for each response the gateway
	// sends itself (the handler logs the requests it serves); nil means
	// slog.Default().
	Log *slog.Logger
}

// NewGateway returns a gateway in front of api, verifying HS256 bearer
// tokens with secret.
func NewGateway(api *httpapi.API, secret string) *Gateway {
	return &Gateway{handler: api.Handler(""), routes: api.Routes(), secret: secret}
}

// ServeHTTP matches the route, checks the token as the JWT authorizer would
// and hands the event to the handler. Every response carries the request
// id in X-Request-Id, and each gets one log line: from the handler for the
// requests it serves, from the gateway for the rest.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID()
	w.Header().Set("X-Request-Id", id)
	route, principal, status := g.serve(w, r, id)
	if status == 0 {
		return
	}
	g.logger().LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("principal", principal),
		slog.String("request_id", id),
	)
}

// serve answers r. It returns the route (the route key, or the method and
// path attempted) and the principal to log, and the status the gateway
// answered with itself; 0 means the handler served and logged the request.
func (g *Gateway) serve(w http.ResponseWriter, r *http.Request, id string) (route, principal string, status int) {
	attempted := r.Method + " " + r.URL.Path
	if headerSize(r) > maxHeaderBytes {
		detail := fmt.Sprintf("the request line and headers are larger than %d bytes", maxHeaderBytes)
		return attempted, "", writeProblem(w, http.StatusRequestHeaderFieldsTooLarge, "header_too_large", detail)
	}
	for path, h := range map[string]http.Handler{"/_local/clock": g.clock(), "/_local/events": g.Events, "/_local/slawatch": g.SLAWatch} {
		if r.URL.Path == path && h != nil {
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			h.ServeHTTP(rec, r)
			return attempted, "", rec.status
		}
	}
	if g.SignIn != nil && (r.URL.Path == portal.LocalSignIn || strings.HasPrefix(r.URL.Path, portal.LocalSignIn+"/")) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		g.SignIn.ServeHTTP(rec, r)
		return attempted, "", rec.status
	}
	rt, params, found := httpapi.Match(g.routes, r.Method, r.URL.Path)
	if !found && g.Portal != nil && r.Method == http.MethodGet {
		return g.servePortal(w, r, id)
	}
	if !found {
		return attempted, "", writeProblem(w, http.StatusNotFound, "not_found", "no such route")
	}
	var claims map[string]string
	if !rt.Public {
		token, ok := bearer(r.Header.Get("Authorization"))
		c, err := Verify(g.secret, token, time.Now())
		if !ok || err != nil {
			return rt.Key(), "", writeProblem(w, http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
		}
		claims = c
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		// The body's framing is lost: the connection cannot carry another
		// request.
		w.Header().Set("Connection", "close")
		status, code, detail := bodyProblem(err)
		return rt.Key(), claims["sub"], writeProblem(w, status, code, detail)
	}
	res, _ := g.handler.Handle(r.Context(), event(r, rt.Key(), params, claims, body, id))
	if status := respond(w, res, id); status != 0 {
		return rt.Key(), claims["sub"], status
	}
	return rt.Key(), claims["sub"], 0
}

// clock is the clock's handler, nil when there is none.
func (g *Gateway) clock() http.Handler {
	if g.Clock == nil {
		return nil
	}
	return g.Clock
}

// servePortal hands a GET no API route matched to the portal, as API
// Gateway hands it to the web function: without a token check, on the
// route GET / or GET /{proxy+}.
func (g *Gateway) servePortal(w http.ResponseWriter, r *http.Request, id string) (route, principal string, status int) {
	key, params := "GET /", map[string]string(nil)
	if r.URL.Path != "/" {
		key, params = "GET /{proxy+}", map[string]string{"proxy": strings.TrimPrefix(r.URL.Path, "/")}
	}
	res, _ := g.Portal.Handle(r.Context(), event(r, key, params, nil, nil, id))
	return key, "", respond(w, res, id)
}

// respond writes a handler's response. As API Gateway does, a binary (here
// gzip) body travels base64 from the handler and leaves as bytes. It
// returns 0, or the status the gateway answered with itself.
func respond(w http.ResponseWriter, res events.APIGatewayV2HTTPResponse, id string) int {
	out := []byte(res.Body)
	if res.IsBase64Encoded {
		var err error
		if out, err = base64.StdEncoding.DecodeString(res.Body); err != nil {
			return writeProblem(w, http.StatusBadGateway, "bad_gateway", "the handler's body is not valid base64")
		}
	}
	for k, v := range res.Headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("X-Request-Id", id)
	w.WriteHeader(res.StatusCode)
	_, _ = w.Write(out)
	return 0
}

// bearer reads the token from an Authorization header. The scheme is
// case-insensitive (RFC 7235) and must be followed by a space.
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// bodyProblem names what went wrong reading a body: too large, too slow
// (the server's read timeout), or cut off.
func bodyProblem(err error) (status int, code, detail string) {
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, "too_large", "the body is too large"
	case errors.As(err, &netErr) && netErr.Timeout():
		return http.StatusRequestTimeout, "request_timeout", "the body did not arrive in time"
	default:
		return http.StatusBadRequest, "invalid", "the body could not be read"
	}
}

// logger returns the logger for the gateway's own answers.
func (g *Gateway) logger() *slog.Logger {
	if g.Log == nil {
		return slog.Default()
	}
	return g.Log
}

// statusRecorder remembers the status the clock answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}

// event builds the payload format 2.0 event API Gateway would send for the
// route key, with the path as the client sent it.
func event(r *http.Request, routeKey string, params, claims map[string]string, body []byte, id string) events.APIGatewayV2HTTPRequest {
	headers := map[string]string{}
	for k, v := range r.Header {
		headers[strings.ToLower(k)] = strings.Join(v, ",")
	}
	var query map[string]string
	if q := r.URL.Query(); len(q) > 0 {
		query = map[string]string{}
		for k, v := range q {
			query[k] = strings.Join(v, ",")
		}
	}
	if len(params) == 0 {
		params = nil
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              routeKey,
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		Body:                  string(body),
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:   routeKey,
			DomainName: r.Host,
			Stage:      "$default",
			RequestID:  id,
			TimeEpoch:  time.Now().UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: r.Method, Path: r.URL.Path, Protocol: r.Proto,
				SourceIP: strings.Split(r.RemoteAddr, ":")[0], UserAgent: r.UserAgent(),
			},
		},
	}
	if claims != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
		}
	}
	return ev
}

func requestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writeProblem answers a problem+json document for errors the gateway
// itself raises (no route, bad token, too large), as API Gateway would
// answer them; like the handler's answers, it is never cached or sniffed.
// It returns status.
func writeProblem(w http.ResponseWriter, status int, code, detail string) int {
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail, "code": code,
	})
	return status
}
