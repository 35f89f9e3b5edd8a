package httpapi

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"chargeback/internal/errs"
	"chargeback/internal/workbook"
)

// The media types routes answer in besides JSON.
const (
	mediaJSON = "application/json"
	mediaCSV  = "text/csv"
)

// format is one way a route may answer: its ?format= name and media type.
type format struct{ name, media string }

// The formats routes offer.
var (
	formatJSON = format{"json", mediaJSON}
	formatCSV  = format{"csv", mediaCSV}
	formatXLSX = format{"xlsx", workbook.MediaType}
)

// wantsCSV reports whether the caller of a route that answers JSON or CSV
// asked for CSV (see negotiate).
func wantsCSV(c *call) (bool, error) {
	f, err := negotiate(c, formatJSON, formatCSV)
	return f == formatCSV, err
}

// negotiate picks the format a route that offers several answers in.
// ?format= decides when given: one of the offers' names, in lower case
// (anything else is 400 naming format). Otherwise the Accept header does
// (see prefer); none, or an empty one, means the first offer.
func negotiate(c *call, offers ...format) (format, error) {
	name := c.query("format")
	if name == "" {
		return prefer(c.header("Accept"), offers)
	}
	for _, f := range offers {
		if f.name == name {
			return f, nil
		}
	}
	names := make([]string, len(offers))
	for i, f := range offers {
		names[i] = f.name
	}
	slices.Sort(names)
	last := len(names) - 1
	return offers[0], badQuery("format", "must be %s or %s, in lower case", strings.Join(names[:last], ", "), names[last])
}

// prefer reads an Accept header for a route that offers several formats:
// the one it gives the highest quality, and on a tie the one whose range
// comes first (the first offer when one range, such as */*, allows
// several). A header that allows none is 406.
func prefer(accept string, offers []format) (format, error) {
	if strings.TrimSpace(accept) == "" {
		return offers[0], nil
	}
	ranges := parseAccept(accept)
	best, bestQ, bestAt := offers[0], 0.0, len(ranges)
	for _, f := range offers {
		q, at := acceptQ(ranges, f.media)
		if q > bestQ || (q == bestQ && q > 0 && at < bestAt) {
			best, bestQ, bestAt = f, q, at
		}
	}
	if bestQ == 0 {
		medias := make([]string, len(offers))
		for i, f := range offers {
			medias[i] = f.media
		}
		none := "none of them"
		if len(offers) == 2 {
			none = "neither"
		}
		return offers[0], errs.New(errs.NotAcceptable, "this route answers %s, and the Accept header allows %s", strings.Join(medias, " or "), none)
	}
	return best, nil
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
