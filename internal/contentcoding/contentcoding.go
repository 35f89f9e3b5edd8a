// Package contentcoding reads what a client accepts as a response's
// content coding. The API and the portal both compress for clients that
// accept gzip; the portal must not link the API, so the rule lives here.
package contentcoding

import "strings"

// AcceptsGzip reports whether an Accept-Encoding header allows gzip: it
// names gzip with no quality, or a quality above zero.
func AcceptsGzip(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
