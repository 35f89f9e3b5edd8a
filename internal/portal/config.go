package portal

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	// The org's time zone must load on Lambda, which has no zoneinfo files.
	_ "time/tzdata"

	"chargeback/internal/roles"
)

// LocalSignIn is where the local server's sign-in page lives; config.json
// points the portal there in local mode.
const LocalSignIn = "/_local/signin"

// defaultScope is what the portal asks the issuer for unless
// CHARGEBACK_OIDC_SCOPE says otherwise.
const defaultScope = "openid profile email"

// Config is the portal's settings: GET /config.json serves it as it is,
// and the Content-Security-Policy admits the issuer's origins.
type Config struct {
	Auth     Auth   `json:"auth"`
	Claims   Claims `json:"claims"`
	Currency string `json:"currency"`
	TimeZone string `json:"time_zone"`
	// FiscalYearStart is the month (1 to 12) the org's fiscal year begins
	// in, as the API reads it: the portal names budget years by it.
	FiscalYearStart int `json:"fiscal_year_start"`
	// EndpointsOrigin is the origin of the issuer's authorize and token
	// endpoints when they are not on the issuer's own origin (a Cognito
	// user pool's domain); the browser only needs it admitted by the CSP.
	EndpointsOrigin string `json:"-"`
}

// Auth says how the portal signs people in: "local" sends them to the
// local server's sign-in page, "oidc" runs the authorization code flow with
// PKCE against Authority.
type Auth struct {
	Mode        string `json:"mode"`
	SigninURL   string `json:"signin_url,omitempty"`
	Authority   string `json:"authority,omitempty"`
	ClientID    string `json:"client_id,omitempty"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	Scope       string `json:"scope,omitempty"`
}

// Claims is how a token describes its caller (roles.Claims), handed to the
// portal as the API reads it.
type Claims = roles.Claims

// LocalAuth is the sign-in of `make run`: the local sign-in page.
var LocalAuth = Auth{Mode: "local", SigninURL: LocalSignIn}

// ConfigFromEnv reads the portal's settings with getenv (os.Getenv in
// main), with the API's defaults. The portal signs in with OpenID Connect
// when CHARGEBACK_OIDC_CLIENT_ID is set, and locally otherwise. An empty
// CHARGEBACK_OIDC_REDIRECT_URL means the portal's own address, taken from
// each request.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	claims, err := roles.ClaimsFromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	zone := get("CHARGEBACK_TIMEZONE", "UTC")
	if _, err := time.LoadLocation(zone); err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_TIMEZONE: %w", err)
	}
	fyStart, err := fiscalYearStart(get("CHARGEBACK_FISCAL_YEAR_START", "1"))
	if err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_FISCAL_YEAR_START: %w", err)
	}
	cfg := Config{
		Auth:            LocalAuth,
		Claims:          claims,
		Currency:        get("CHARGEBACK_CURRENCY", "USD"),
		TimeZone:        zone,
		FiscalYearStart: fyStart,
	}
	client := get("CHARGEBACK_OIDC_CLIENT_ID", "")
	if client == "" {
		return cfg, nil
	}
	issuer := get("CHARGEBACK_OIDC_ISSUER", "")
	if _, err := origin(issuer); err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_OIDC_ISSUER: %w", err)
	}
	redirect := get("CHARGEBACK_OIDC_REDIRECT_URL", "")
	if redirect != "" {
		if _, err := origin(redirect); err != nil {
			return Config{}, fmt.Errorf("CHARGEBACK_OIDC_REDIRECT_URL: %w", err)
		}
	}
	if cfg.EndpointsOrigin = get("CHARGEBACK_OIDC_ENDPOINTS_ORIGIN", ""); cfg.EndpointsOrigin != "" {
		o, err := origin(cfg.EndpointsOrigin)
		if err != nil {
			return Config{}, fmt.Errorf("CHARGEBACK_OIDC_ENDPOINTS_ORIGIN: %w", err)
		}
		cfg.EndpointsOrigin = o
	}
	cfg.Auth = Auth{Mode: "oidc", Authority: issuer, ClientID: client, RedirectURI: redirect, Scope: get("CHARGEBACK_OIDC_SCOPE", defaultScope)}
	return cfg, nil
}

// fiscalYearStart reads the fiscal year's first month, "1" to "12", as
// the API does (billing.ParseFiscalYearStart; the web function links
// nothing of the domain, and a test holds the two together).
func fiscalYearStart(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 12 || strconv.Itoa(n) != s {
		return 0, fmt.Errorf("%q is not a month number 1 to 12", s)
	}
	return n, nil
}

// origin returns the scheme and host of an https URL (http only for
// loopback, for testing against a local issuer).
func origin(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("not set")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	loopback := u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1"
	if u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback)) || u.User != nil {
		return "", fmt.Errorf("%q is not an https URL", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}
