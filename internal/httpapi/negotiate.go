package httpapi

import (
	"math"
	"strconv"
	"strings"

	"chargeback/internal/errs"
)

// The media types a route that offers CSV answers in.
const (
	mediaJSON = "application/json"
	mediaCSV  = "text/csv"
)

// wantsCSV reports whether the caller of a route that answers JSON or CSV
// asked for CSV. ?format= decides when given: csv or json, in lower case
// (anything else is 400 naming format). Otherwise the Accept header does
// (see preferCSV); none, or an empty one, means JSON.
func wantsCSV(c *call) (bool, error) {
	switch c.query("format") {
	case "csv":
		return true, nil
	case "json":
		return false, nil
	case "":
		return preferCSV(c.header("Accept"))
	default:
		return false, badQuery("format", "must be csv or json, in lower case")
	}
}

// preferCSV reads an Accept header for a route that answers JSON or CSV:
// the one it gives the higher quality, and on a tie the one whose range
// comes first (JSON when one range, such as */*, allows both). A header
// that allows neither is 406.
func preferCSV(accept string) (bool, error) {
	if strings.TrimSpace(accept) == "" {
		return false, nil
	}
	ranges := parseAccept(accept)
	jsonQ, jsonAt := acceptQ(ranges, mediaJSON)
	csvQ, csvAt := acceptQ(ranges, mediaCSV)
	switch {
	case jsonQ == 0 && csvQ == 0:
		return false, errs.New(errs.NotAcceptable, "this route answers %s or %s, and the Accept header allows neither", mediaJSON, mediaCSV)
	case jsonQ != csvQ:
		return csvQ > jsonQ, nil
	default:
		return csvAt < jsonAt, nil
	}
}

// mediaRange is one range of an Accept header, such as text/* with its q.
type mediaRange struct {
	typ, sub string
	q        float64
}

// parseAccept reads an Accept header's ranges in order. Names are compared
// in lower case; a q that does not read as a number counts as 1, and one
// outside 0..1 is brought inside; a part that is not type/subtype is kept
// as a range that matches nothing, so positions stay as written.
func parseAccept(accept string) []mediaRange {
	var out []mediaRange
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(part, ";")
		typ, sub, _ := strings.Cut(strings.ToLower(strings.TrimSpace(name)), "/")
		r := mediaRange{typ: typ, sub: sub, q: 1}
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && !math.IsNaN(q) {
					r.q = min(max(q, 0), 1)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// acceptQ is the quality ranges give media (type/subtype): that of the
// most specific range that matches it (type/subtype over type/* over */*),
// 0 when none does; and that range's position.
func acceptQ(ranges []mediaRange, media string) (q float64, at int) {
	typ, sub, _ := strings.Cut(media, "/")
	best, at := 0, len(ranges)
	for i, r := range ranges {
		var specificity int
		switch {
		case r.typ == typ && r.sub == sub:
			specificity = 3
		case r.typ == typ && r.sub == "*":
			specificity = 2
		case r.typ == "*" && r.sub == "*":
			specificity = 1
		default:
			continue
		}
		if specificity > best {
			best, q, at = specificity, r.q, i
		}
	}
	return q, at
}
