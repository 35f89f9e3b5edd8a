// Package local stands in for API Gateway on a laptop: it turns each HTTP
// request into the events.APIGatewayV2HTTPRequest API Gateway would send,
// with the JWT claims an authorizer would pass on, and calls the same handler
// Lambda runs. It also serves the test clock.
package local

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/httpapi"
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
}

// NewGateway returns a gateway in front of api, verifying HS256 bearer
// tokens with secret.
func NewGateway(api *httpapi.API, secret string) *Gateway {
	return &Gateway{handler: api.Handler(""), routes: api.Routes(), secret: secret}
}

// ServeHTTP matches the route, checks the token as the JWT authorizer would
// and hands the event to the handler.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_local/clock" && g.Clock != nil {
		g.Clock.ServeHTTP(w, r)
		return
	}
	route, params, found := httpapi.Match(g.routes, r.Method, r.URL.Path)
	if !found {
		writeProblem(w, http.StatusNotFound, "not_found", "no route for "+r.Method+" "+r.URL.Path)
		return
	}
	var claims map[string]string
	if !route.Public {
		token, ok := bearer(r.Header.Get("Authorization"))
		c, err := Verify(g.secret, token, time.Now())
		if !ok || err != nil {
			writeProblem(w, http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
			return
		}
		claims = c
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeProblem(w, http.StatusRequestEntityTooLarge, "too_large", "the body is too large")
		return
	}
	res, _ := g.handler.Handle(r.Context(), event(r, route, params, claims, body))
	for k, v := range res.Headers {
		w.Header().Set(k, v)
	}
	w.WriteHeader(res.StatusCode)
	_, _ = io.WriteString(w, res.Body)
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

// event builds the payload format 2.0 event API Gateway would send.
func event(r *http.Request, route httpapi.Route, params, claims map[string]string, body []byte) events.APIGatewayV2HTTPRequest {
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
		RouteKey:              route.Key(),
		RawPath:               r.URL.Path,
		RawQueryString:        r.URL.RawQuery,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		Body:                  string(body),
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:  route.Key(),
			Stage:     "$default",
			RequestID: requestID(),
			TimeEpoch: time.Now().UnixMilli(),
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
// itself raises (no route, bad token), as API Gateway would answer them.
func writeProblem(w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail, "code": code,
	})
}
