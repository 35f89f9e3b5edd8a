package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"chargeback/internal/errs"
)

// FuzzDecodeCreateBody feeds any bytes to the strict decoder as the body of
// POST /v1/requests, then reads its quantity as the route does. A body is
// either refused with a 400 problem, or it is one JSON object whose every
// key is exactly a field of the body, read just as a plain JSON decoder
// reads it: nothing in front of the API can see a different body. (A bare
// null is the one other body accepted; it reads as {}.)
func FuzzDecodeCreateBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &call{body: body}
		var got createBody
		if err := c.decode(&got); err != nil {
			checkBadRequest(t, err)
			return
		}
		if string(bytes.TrimSpace(body)) == "null" {
			// encoding/json reads null into a struct as nothing at all:
			// the same as {}, which each route then judges.
			if got.ServiceID != "" || got.Quantity != nil || got.Note != "" || got.Department != "" {
				t.Fatalf("decode read %+v from null", got)
			}
			return
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
			t.Fatalf("decode accepted %q, which is not a JSON object (%v)", body, err)
		}
		known := fieldNames(&got)
		for key := range fields {
			if !known[key] {
				t.Fatalf("decode accepted the unknown key %q in %q", key, body)
			}
		}
		var plain createBody
		if err := json.Unmarshal(body, &plain); err != nil {
			t.Fatalf("decode accepted %q, which a plain decoder refuses: %v", body, err)
		}
		if got.ServiceID != plain.ServiceID || got.Note != plain.Note || got.Department != plain.Department || !bytes.Equal(got.Quantity, plain.Quantity) {
			t.Fatalf("decode read %+v from %q, a plain decoder %+v", got, body, plain)
		}
		if _, problem := decimalField("quantity", got.Quantity); problem != nil && (problem.Field != "quantity" || problem.Message == "") {
			t.Fatalf("quantity %q: got the field problem %+v, want one naming quantity", got.Quantity, problem)
		}
	})
}

// FuzzDecimalField reads any bytes as a money or quantity field. A value it
// accepts has no exponent and is exactly the number written (compared as a
// rational, never through float64), and every plain JSON number or numeric
// string without an exponent is accepted.
func FuzzDecimalField(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, problem := decimalField("amount", raw)
		text := strings.TrimSpace(string(raw))
		quoted := strings.HasPrefix(text, `"`)
		if quoted {
			var s string
			if json.Unmarshal([]byte(text), &s) == nil {
				text = strings.TrimSpace(s)
			}
		}
		switch {
		case problem != nil:
			if problem.Field != "amount" || problem.Message == "" {
				t.Fatalf("%q: got the field problem %+v, want one naming amount", raw, problem)
			}
			if plainDecimal(text) && (!quoted || json.Valid(raw)) {
				t.Fatalf("%q: refused a plain decimal: %s", raw, problem.Message)
			}
		case d == nil:
			if s := strings.TrimSpace(string(raw)); s != "" && s != "null" {
				t.Fatalf("%q: got no value and no problem", raw)
			}
		default:
			if strings.ContainsAny(text, "eE") {
				t.Fatalf("%q: accepted an exponent as %s", raw, d)
			}
			if r, ok := new(big.Rat).SetString(text); ok && plainDecimal(text) && r.Cmp(d.Rat()) != 0 {
				t.Fatalf("%q: read %s, want %s", raw, d, r.RatString())
			}
			if back, err := decimal.NewFromString(d.String()); err != nil || !back.Equal(*d) {
				t.Fatalf("%q: %s does not read back as itself (%v)", raw, d, err)
			}
		}
	})
}

// plainDecimal reports whether s is a JSON number without an exponent,
// such as -12, 0.5 or 1250.00, with no more decimal places than a decimal
// reads (decimal.MaxDecodeExponent: more is refused, not a slow parse).
func plainDecimal(s string) bool {
	if strings.ContainsAny(s, "eE") || s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return false
	}
	if _, frac, found := strings.Cut(s, "."); found && len(frac) > decimal.MaxDecodeExponent {
		return false
	}
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

// checkBadRequest fails unless err is what a client should see for a body
// it got wrong: a 400 problem+json document with a code.
func checkBadRequest(t *testing.T, err error) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("got %T %v, want an invalid-input error", err, err)
	}
	r := problemReply(err)
	var doc struct {
		Status int    `json:"status"`
		Code   string `json:"code"`
	}
	if r.status != http.StatusBadRequest || json.Unmarshal(r.body, &doc) != nil || doc.Status != r.status || doc.Code == "" {
		t.Fatalf("got %d %s, want a 400 problem with a code", r.status, r.body)
	}
}
