package local

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/catalog"
	"chargeback/web"
)

// portalGateway is a gateway serving the API, the portal and the sign-in
// page, as `make run` does.
func portalGateway(t *testing.T) *Gateway {
	t.Helper()
	gw, _ := newGateway(t, io.Discard)
	if err := gw.ServePortal(func(string) string { return "" }, secret, gw.Log); err != nil {
		t.Fatal(err)
	}
	return gw
}

// serve sends one request through gw.
func serve(gw *Gateway, method, target, body string, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	gw.ServeHTTP(rec, req)
	return rec
}

var buttonRE = regexp.MustCompile(`<button type="submit" name="person" value="([^"]+)">([^<]+)</button>`)

func TestSignInPageListsEveryone(t *testing.T) {
	gw := portalGateway(t)
	res := serve(gw, "GET", "/_local/signin", "", nil)
	if res.Code != 200 || res.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("got %d %s, want 200 text/html", res.Code, res.Header().Get("Content-Type"))
	}
	page := res.Body.String()
	var got []string
	for _, m := range buttonRE.FindAllStringSubmatch(page, -1) {
		got = append(got, m[1]+" = "+m[2])
	}
	var want []string
	for _, d := range catalog.Load().Departments() {
		label := "Requester for " + d.Name
		if !d.Active {
			label += " (inactive department)"
		}
		want = append(want, "requester:"+d.ID+" = "+label)
	}
	want = append(want, "fulfiller = Fulfiller", "finance = Finance", "leadership = Leadership")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
	if inline := regexp.MustCompile(`<script|<style|\sstyle=|\son[a-z]+=`).FindString(page); inline != "" {
		t.Errorf("the page has %q: the CSP would block it", inline)
	}
	for _, l := range []string{"<legend>Department heads</legend>", "<legend>IT, finance and leadership</legend>", `<html lang="en">`} {
		if !strings.Contains(page, l) {
			t.Errorf("the page lacks %s", l)
		}
	}
	if csp := res.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy: got %q", csp)
	}
	css := serve(gw, "GET", signInCSS, "", nil)
	if css.Code != 200 || css.Header().Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(page, `href="`+signInCSS+`"`) {
		t.Errorf("stylesheet: got %d %s", css.Code, css.Header().Get("Content-Type"))
	}
}

func TestSignInMintsATokenTheGatewayAccepts(t *testing.T) {
	gw := portalGateway(t)
	tests := []struct {
		person               string
		wantGroups, wantDept string
		wantSub              string
	}{
		{"requester:radiology", "[requester]", "radiology", "head.radiology"},
		{"requester:patient-financial-services", "[requester]", "patient-financial-services", "head.patient-financial-services"},
		{"fulfiller", "[fulfiller]", "", "sam.it"},
		{"finance", "[finance]", "", "fran.finance"},
		{"leadership", "[leadership]", "", "lee.cio"},
	}
	for _, tt := range tests {
		t.Run(tt.person, func(t *testing.T) {
			res := serve(gw, "POST", "/_local/signin", url.Values{"person": {tt.person}}.Encode(),
				map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
			loc := res.Header().Get("Location")
			token, ok := strings.CutPrefix(loc, "/#token=")
			if res.Code != http.StatusSeeOther || !ok {
				t.Fatalf("got %d Location %q, want 303 to /#token=...", res.Code, loc)
			}
			claims, err := Verify(secret, token, time.Now())
			if err != nil {
				t.Fatalf("the gateway refuses the token: %v", err)
			}
			got := []string{claims["sub"], claims["groups"], claims["department"]}
			if want := []string{tt.wantSub, tt.wantGroups, tt.wantDept}; !slices.Equal(got, want) {
				t.Errorf("sub, groups, department: got %q, want %q", got, want)
			}
			if exp, err := strconv.ParseInt(claims["exp"], 10, 64); err != nil || time.Until(time.Unix(exp, 0)) > signInTTL {
				t.Errorf("exp: got %q, want within %s", claims["exp"], signInTTL)
			}
			api := serve(gw, "GET", "/v1/departments", "", map[string]string{"Authorization": "Bearer " + token})
			if api.Code != 200 {
				t.Errorf("GET /v1/departments with the token: got %d, want 200\n%s", api.Code, api.Body)
			}
		})
	}
}

func TestSignInRefuses(t *testing.T) {
	gw := portalGateway(t)
	tests := []struct {
		name, method, target, body string
		want                       int
	}{
		{"nobody picked", "POST", "/_local/signin", "", 400},
		{"someone not on the page", "POST", "/_local/signin", "person=admin", 400},
		{"a department not in the catalog", "POST", "/_local/signin", "person=requester:nowhere", 400},
		{"another method", "PUT", "/_local/signin", "", 405},
		{"a path below the page", "GET", "/_local/signin/out", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(gw, tt.method, tt.target, tt.body, map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
			if res.Code != tt.want || res.Header().Get("Location") != "" {
				t.Errorf("got %d (Location %q), want %d", res.Code, res.Header().Get("Location"), tt.want)
			}
		})
	}
}

// The local gateway routes as API Gateway does: the API's routes first
// (with their token check), then the web function's GET / and GET
// /{proxy+} without one; anything else is the gateway's own 404.
func TestGatewayRoutesAPIThenPortal(t *testing.T) {
	gw := portalGateway(t)
	index, err := fs.ReadFile(web.Assets(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	script := regexp.MustCompile(`src="(/assets/app-[^"]+\.js)"`).FindSubmatch(index)
	if script == nil {
		t.Fatalf("the built index.html names no script:\n%s", index)
	}
	tests := []struct {
		name, method, path  string
		wantStatus          int
		wantType, wantCache string
		fromPortal          bool // the portal's headers: its CSP
	}{
		{"a public API route", "GET", "/v1/health", 200, "application/json", "no-store", false},
		{"an API route wants its token", "GET", "/v1/services", 401, "application/problem+json", "no-store", false},
		{"an unknown API path by GET reaches the portal, which answers the API's 404", "GET", "/v1/nope", 404, "application/problem+json", "no-store", true},
		{"an unknown API path by POST is the gateway's 404", "POST", "/v1/nope", 404, "application/problem+json", "no-store", false},
		{"the page", "GET", "/", 200, "text/html; charset=utf-8", "no-cache", true},
		{"config.json", "GET", "/config.json", 200, "application/json", "no-cache", true},
		{"a hashed asset", "GET", string(script[1]), 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", true},
		{"an unknown page", "GET", "/nowhere", 404, "text/plain; charset=utf-8", "no-store", true},
		{"an encoded way out", "GET", "/%2e%2e/go.mod", 404, "text/plain; charset=utf-8", "no-store", true},
		{"POST to the page has no route", "POST", "/", 404, "application/problem+json", "no-store", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(gw, tt.method, tt.path, "", nil)
			if res.Code != tt.wantStatus {
				t.Errorf("status: got %d, want %d\n%.200s", res.Code, tt.wantStatus, res.Body)
			}
			if got := res.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type: got %q, want %q", got, tt.wantType)
			}
			if got := res.Header().Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control: got %q, want %q", got, tt.wantCache)
			}
			if got := res.Header().Get("Content-Security-Policy") != ""; got != tt.fromPortal {
				t.Errorf("served by the portal: got %v, want %v", got, tt.fromPortal)
			}
		})
	}
	if res := serve(gw, "GET", "/config.json", "", nil); !strings.Contains(res.Body.String(), `"auth":{"mode":"local","signin_url":"/_local/signin"}`) {
		t.Errorf("config.json: got %s, want local sign-in at /_local/signin", res.Body)
	}
}
