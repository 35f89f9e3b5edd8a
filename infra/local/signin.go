package local

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"chargeback/catalog"
	"chargeback/internal/portal"
	"chargeback/web"
)

// signInTTL is how long a token minted by the sign-in page lasts: a
// working day.
const signInTTL = 12 * time.Hour

// signInCSS is the sign-in page's stylesheet path; the page has no inline
// style or script, so the portal's Content-Security-Policy holds for it.
const signInCSS = portal.LocalSignIn + "/signin.css"

// Person is someone the local sign-in page can sign in as.
type Person struct {
	// ID is what the page posts back: "requester:<department>" or a role.
	ID string
	// Label names the person on the page's button.
	Label string
	// Claims are the token's claims, exp aside.
	Claims map[string]any
}

// SignIn is the local sign-in page: pick a person, get their dev token.
// It stands in for the identity provider, and exists only in the local
// server.
type SignIn struct {
	secret string
	people []Person
	csp    string
}

// NewSignIn returns the sign-in page for the department heads of every
// department in cat and the banner's fulfiller, finance and leadership
// people, minting tokens with secret. csp is the policy the page is served
// with, the portal's.
func NewSignIn(secret string, cat *catalog.Catalog, csp string) *SignIn {
	return &SignIn{secret: secret, people: signInPeople(cat), csp: csp}
}

// signInPeople is everyone on the page: a requester for each department,
// then IT, finance and leadership as the banner names them, each holding
// only their own role.
func signInPeople(cat *catalog.Catalog) []Person {
	var people []Person
	for _, d := range cat.Departments() {
		label := "Requester for " + d.Name
		if !d.Active {
			label += " (inactive department)"
		}
		people = append(people, Person{ID: "requester:" + d.ID, Label: label, Claims: map[string]any{
			"sub": "head." + d.ID, "email": "head." + d.ID + "@hospital.example", "groups": []string{"requester"}, "department": d.ID,
		}})
	}
	for _, role := range []string{"fulfiller", "finance", "leadership"} {
		p := Person{ID: role, Label: strings.ToUpper(role[:1]) + role[1:], Claims: map[string]any{"sub": role, "groups": []string{role}}}
		for _, u := range DevUsers {
			if u.Role == role {
				p.Claims["sub"], p.Claims["email"] = u.Claims["sub"], u.Claims["email"]
			}
		}
		people = append(people, p)
	}
	return people
}

// ServeHTTP serves the page (GET), its stylesheet, and the sign-in (POST),
// which answers 303 to the portal with the token in the fragment: the
// portal keeps it in sessionStorage and clears the address.
func (s *SignIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	switch {
	case r.URL.Path == signInCSS && r.Method == http.MethodGet:
		h.Set("Content-Type", "text/css; charset=utf-8")
		_, _ = w.Write([]byte(signInStyle))
	case r.URL.Path != portal.LocalSignIn:
		http.Error(w, "not found", http.StatusNotFound)
	case r.Method == http.MethodGet:
		h.Set("Content-Type", "text/html; charset=utf-8")
		_ = signInPage.Execute(w, s.people)
	case r.Method == http.MethodPost:
		s.signIn(w, r)
	default:
		h.Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// signIn mints the chosen person's token and sends the browser to the
// portal with it.
func (s *SignIn) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id := r.PostFormValue("person")
	for _, p := range s.people {
		if p.ID != id {
			continue
		}
		claims := map[string]any{"exp": time.Now().Add(signInTTL).Unix()}
		for k, v := range p.Claims {
			claims[k] = v
		}
		token, err := Sign(s.secret, claims)
		if err != nil {
			http.Error(w, "could not mint the token", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Location", "/#token="+url.QueryEscape(token))
		w.WriteHeader(http.StatusSeeOther)
		return
	}
	http.Error(w, "pick a person on "+portal.LocalSignIn, http.StatusBadRequest)
}

// signInPage lists everyone as a button of one form; each button's text is
// its accessible name.
var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in (local)</title>
<link rel="stylesheet" href="` + signInCSS + `">
</head>
<body>
<main>
<h1>Sign in (local)</h1>
<p>This page exists only in <code>make run</code>: in AWS the portal signs people in with the organisation's identity provider. Pick who you are.</p>
<form method="post" action="` + portal.LocalSignIn + `">
<fieldset>
<legend>Department heads</legend>
<ul>
{{range .}}{{if eq (printf "%.10s" .ID) "requester:"}}<li><button type="submit" name="person" value="{{.ID}}">{{.Label}}</button></li>
{{end}}{{end}}</ul>
</fieldset>
<fieldset>
<legend>IT, finance and leadership</legend>
<ul>
{{range .}}{{if ne (printf "%.10s" .ID) "requester:"}}<li><button type="submit" name="person" value="{{.ID}}">{{.Label}}</button></li>
{{end}}{{end}}</ul>
</fieldset>
</form>
</main>
</body>
</html>
`))

// signInStyle is the page's stylesheet: readable, large targets, visible
// focus, AA contrast.
const signInStyle = `body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
fieldset { border: 1px solid #767676; border-radius: 6px; margin: 1.25rem 0; padding: .75rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
button { font: inherit; width: 100%; text-align: left; padding: .6rem .9rem; border: 1px solid #0b5cad; border-radius: 6px; background: #f3f8fd; color: #0b3f75; cursor: pointer; }
button:hover { background: #dcebfa; }
button:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
code { background: #f2f2f2; padding: 0 .25rem; border-radius: 3px; }
`

// ServePortal puts the portal and the local sign-in page on g: the
// portal's settings as the web function reads them with getenv, but
// signing in here, with tokens minted with secret.
func (g *Gateway) ServePortal(getenv func(string) string, secret string, log *slog.Logger) error {
	cfg, err := portal.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	cfg.Auth, cfg.EndpointsOrigin = portal.LocalAuth, ""
	g.Portal = portal.New(web.Assets(), cfg, log)
	g.SignIn = NewSignIn(secret, catalog.Load(), portal.ContentSecurityPolicy(cfg))
	return nil
}
