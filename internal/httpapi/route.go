package httpapi

import (
	"context"
	"strings"
)

// The Lambda functions routes are served by. Each is a folder in functions/
// and a resource in template.yaml.
const (
	FnCatalog    = "catalog"
	FnRequests   = "requests"
	FnStatements = "statements"
	FnReports    = "reports"
)

// Route is one API route: the method and path template API Gateway matches
// (its route key), the function that serves it and who may call it.
type Route struct {
	Method   string
	Path     string
	Function string
	// Public routes need no token.
	Public bool
	// Roles may call the route; empty means any authenticated caller.
	Roles []string
	// Scope says for which departments a caller acts on the route.
	Scope  Scope
	handle func(context.Context, *call) (*reply, error)
}

// Scope says for which departments callers act on a route: the one place
// that decides whose data a caller may see or change.
type Scope struct {
	// Departmental routes read or change one department's data.
	Departmental bool
	// AnyDepartment are the roles that act for every department; a caller
	// with none of them acts for the department of their token only, which
	// must be a catalog department.
	AnyDepartment []string
}

// Key is the API Gateway route key, such as "GET /v1/services/{id}".
func (r Route) Key() string { return r.Method + " " + r.Path }

// Match finds the route for a method and concrete path the way API Gateway
// does: segments must line up, and a literal segment beats a {parameter}. It
// returns the route and the path parameters.
func Match(routes []Route, method, path string) (Route, map[string]string, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	best, bestScore := -1, -1
	var bestParams map[string]string
	for i, r := range routes {
		if r.Method != method {
			continue
		}
		params, score, ok := matchPath(strings.Split(strings.TrimPrefix(r.Path, "/"), "/"), segs)
		if ok && score > bestScore {
			best, bestScore, bestParams = i, score, params
		}
	}
	if best < 0 {
		return Route{}, nil, false
	}
	return routes[best], bestParams, true
}

// matchPath matches template segments against path segments, scoring one
// point per literal segment.
func matchPath(tmpl, segs []string) (map[string]string, int, bool) {
	if len(tmpl) != len(segs) {
		return nil, 0, false
	}
	params := map[string]string{}
	score := 0
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[t[1:len(t)-1]] = segs[i]
			continue
		}
		if t != segs[i] {
			return nil, 0, false
		}
		score++
	}
	return params, score, true
}
