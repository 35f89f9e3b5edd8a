package portal

import (
	"path"
	"regexp"
	"strings"
)

// Cache policies: hashed assets never change under their name; everything
// else is checked with the server on every use.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	cacheNever      = "no-store"
)

// hashed matches an asset name that carries its content's hash the way
// web/build.mjs names them (esbuild's [hash]: eight capitals and digits),
// such as app-3F2A9C1B.js; a name like print-settings.css does not, so it
// is never cached for a year by mistake.
var hashed = regexp.MustCompile(`-[A-Z0-9]{8}\.[a-z0-9]+$`)

// cacheControl is the Cache-Control of a file of the built portal.
func cacheControl(name string) string {
	if strings.HasPrefix(name, "assets/") && hashed.MatchString(path.Base(name)) {
		return cacheImmutable
	}
	return cacheRevalidate
}

// contentTypes are the types of the files a portal build holds. The table
// is fixed rather than read from the system's mime.types, which differs
// from one machine to the next and costs a file read on Lambda.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".webp":        "image/webp",
	".webmanifest": "application/manifest+json",
}

// contentType is a file's Content-Type by its extension.
func contentType(name string) string {
	if t, ok := contentTypes[path.Ext(name)]; ok {
		return t
	}
	return "application/octet-stream"
}

// textual reports whether a Content-Type is text that travels in the
// response as it is (the rest travels base64) and is worth compressing.
func textual(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/json") ||
		strings.HasPrefix(ct, "application/manifest+json") || strings.HasPrefix(ct, "image/svg+xml")
}

// ContentSecurityPolicy is the policy every response carries: nothing but
// the deployment's own files, no inline script or style, no framing, and
// the issuer's origins only where sign-in needs them (fetching its
// discovery document, keys and tokens, and posting a sign-out form).
func ContentSecurityPolicy(cfg Config) string {
	extra := ""
	for _, raw := range []string{cfg.Auth.Authority, cfg.EndpointsOrigin} {
		if o, err := origin(raw); err == nil && !strings.Contains(extra, " "+o) {
			extra += " " + o
		}
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:",
		"connect-src 'self'" + extra,
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"form-action 'self'" + extra,
		"object-src 'none'",
	}, "; ")
}
