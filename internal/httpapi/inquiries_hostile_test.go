package httpapi_test

import (
	"strings"
	"testing"

	"chargeback/internal/apitest"
)

// TestInquiryHostileInput sends what a careless or hostile caller might:
// forged and foreign line ids, closed months, amounts that are not money,
// free text that is not text, replays with another body. Each gets the
// 4xx SPEC gives, names the field, and writes nothing (the line stays free
// to be asked about, as the last check shows).
func TestInquiryHostileInput(t *testing.T) {
	w := newInquiryWorld(t)
	e := w.e
	// A credit line on Radiology's March, and a closed February.
	credit := e.Must(t, 201, apitest.Finance, "POST", "/v1/adjustments", `{"department": "radiology", "month": "2026-03", "amount": "-3.00", "description": "goodwill"}`)["line_id"].(string)
	e.CloseMonth(t, "2026-02")
	forged := "01KGES92M037RE4H3H70AQTM2Z-charge"
	body := func(line, extra string) string {
		return `{"month": "2026-03", "line_id": "` + line + `", "reason": "not ours"` + extra + `}`
	}
	missing := e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", body(forged, ""))
	if missing.Status != 404 {
		t.Fatalf("a forged line: got %d, want 404\n%s", missing.Status, missing.Body)
	}
	tests := []struct {
		name   string
		who    apitest.Caller
		body   string
		status int
		field  string // the field a 400 names, or the problem code otherwise
	}{
		{"a line of another department", apitest.Radiology, body(w.theirs, ""), 404, "not_found"},
		{"another department named", apitest.Pharmacy, `{"month": "2026-03", "department": "radiology", "line_id": "` + w.charge + `", "reason": "x"}`, 404, "not_found"},
		{"another department's line on one's own statement", apitest.Pharmacy, body(w.charge, ""), 404, "not_found"},
		{"finance naming the wrong department", apitest.Finance, `{"month": "2026-03", "department": "pharmacy", "line_id": "` + w.charge + `", "reason": "x"}`, 404, "not_found"},
		{"a line of another month", apitest.Radiology, `{"month": "2026-02", "line_id": "` + w.charge + `", "reason": "x"}`, 409, "period_closed"},
		{"a closed month", apitest.Radiology, `{"month": "2026-02", "line_id": "` + forged + `", "reason": "x"}`, 409, "period_closed"},
		{"a month not begun", apitest.Radiology, `{"month": "2026-04", "line_id": "` + w.charge + `", "reason": "x"}`, 400, "month"},
		{"a month that is not one", apitest.Radiology, `{"month": "2026-13", "line_id": "` + w.charge + `", "reason": "x"}`, 400, "month"},
		{"no month", apitest.Radiology, `{"line_id": "` + w.charge + `", "reason": "x"}`, 400, "month"},
		{"no line", apitest.Radiology, `{"month": "2026-03", "reason": "x"}`, 400, "line_id"},
		{"a line id of 10,000 characters", apitest.Radiology, body(strings.Repeat("A", 10000), ""), 404, "not_found"},
		{"a line id that is a key prefix", apitest.Radiology, body("LINE#", ""), 404, "not_found"},
		{"a credit line", apitest.Radiology, body(credit, ""), 400, "line_id"},
		{"three decimals", apitest.Radiology, body(w.charge, `, "amount": "1.005"`), 400, "amount"},
		{"three decimals as a number", apitest.Radiology, body(w.charge, `, "amount": 1.005`), 400, "amount"},
		{"above the line", apitest.Radiology, body(w.charge, `, "amount": "`+w.chargeOf+`1"`), 400, "amount"},
		{"zero", apitest.Radiology, body(w.charge, `, "amount": 0`), 400, "amount"},
		{"negative", apitest.Radiology, body(w.charge, `, "amount": "-1.00"`), 400, "amount"},
		{"an exponent", apitest.Radiology, body(w.charge, `, "amount": 1e1`), 400, "amount"},
		{"not a number", apitest.Radiology, body(w.charge, `, "amount": "ten"`), 400, "amount"},
		{"no reason", apitest.Radiology, `{"month": "2026-03", "line_id": "` + w.charge + `"}`, 400, "reason"},
		{"a blank reason", apitest.Radiology, `{"month": "2026-03", "line_id": "` + w.charge + `", "reason": " \u200b\t"}`, 400, "reason"},
		{"a reason of 1001 characters", apitest.Radiology, `{"month": "2026-03", "line_id": "` + w.charge + `", "reason": "` + strings.Repeat("x", 1001) + `"}`, 400, "reason"},
		{"NUL in the reason", apitest.Radiology, `{"month": "2026-03", "line_id": "` + w.charge + `", "reason": "a\u0000b"}`, 400, "reason"},
		{"a terminal escape in the reason", apitest.Radiology, `{"month": "2026-03", "line_id": "` + w.charge + `", "reason": "\u001b[2J"}`, 400, "reason"},
		{"a bidi override in the reason", apitest.Radiology, `{"month": "2026-03", "line_id": "` + w.charge + `", "reason": "abc\u202edcb"}`, 400, "reason"},
		{"an unknown field", apitest.Radiology, body(w.charge, `, "status": "resolved"`), 400, "status"},
		{"a field given twice", apitest.Radiology, body(w.charge, `, "reason": "again"`), 400, "reason"},
		{"a field in another case", apitest.Radiology, body(w.charge, `, "Amount": "1.00"`), 400, "Amount"},
		{"a fulfiller", apitest.Fulfiller, body(w.charge, ""), 403, "forbidden"},
		{"leadership", apitest.OnlyLeadership, body(w.charge, ""), 403, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.Do(t, tt.who, "POST", "/v1/inquiries", tt.body)
			if tt.status == 400 {
				apitest.MustField(t, res, tt.field)
				return
			}
			apitest.MustCode(t, res, tt.status, tt.field)
			if tt.status == 404 && res.Body != missing.Body {
				t.Errorf("told apart from a missing line:\n got %s\nwant %s", res.Body, missing.Body)
			}
		})
	}

	// Replays: the same key and body answer the first inquiry again;
	// another body is 422 and writes nothing.
	first := e.Must(t, 201, apitest.Radiology, "POST", "/v1/inquiries", body(w.charge, `, "amount": "1.00"`), "Idempotency-Key", "k1")
	again := e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", body(w.charge, `, "amount": 1`), "Idempotency-Key", "k1")
	if again.Status != 201 || again.JSON(t)["id"] != first["id"] || again.Headers["Idempotent-Replayed"] != "true" {
		t.Errorf("replay: got %d %s, want the first inquiry again", again.Status, again.Body)
	}
	for _, other := range []string{body(w.charge, `, "amount": "2.00"`), body(w.charge, ""), body(w.monthly, `, "amount": "1.00"`)} {
		apitest.MustCode(t, e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", other, "Idempotency-Key", "k1"), 422, "idempotency_key_reused")
	}
	id := first["id"].(string)

	// Resolving and withdrawing: bad answers, wrong callers, other
	// departments.
	resolves := []struct {
		name   string
		who    apitest.Caller
		target string
		body   string
		status int
		field  string
	}{
		{"credit of three decimals", apitest.Finance, id, `{"outcome": "credit", "amount": "0.333", "note": "n"}`, 400, "amount"},
		{"credit above the line", apitest.Finance, id, `{"outcome": "credit", "amount": "` + w.chargeOf + `1", "note": "n"}`, 400, "amount"},
		{"credit without amount", apitest.Finance, id, `{"outcome": "credit", "note": "n"}`, 400, "amount"},
		{"rejection with an amount", apitest.Finance, id, `{"outcome": "rejected", "amount": "1.00", "note": "n"}`, 400, "amount"},
		{"no note", apitest.Finance, id, `{"outcome": "rejected"}`, 400, "note"},
		{"a note with an escape", apitest.Finance, id, `{"outcome": "rejected", "note": "\u001b]0;x\u0007"}`, 400, "note"},
		{"an unknown outcome", apitest.Finance, id, `{"outcome": "refund", "note": "n"}`, 400, "outcome"},
		{"a requester resolving", apitest.Radiology, id, `{"outcome": "credit", "amount": "1.00", "note": "n"}`, 403, "forbidden"},
		{"a forged inquiry id", apitest.Finance, "01KGES92M037RE4H3H70AQTM2Z", `{"outcome": "rejected", "note": "n"}`, 404, "not_found"},
		{"an id that is no id", apitest.Finance, "..%2F..", `{"outcome": "rejected", "note": "n"}`, 404, "not_found"},
	}
	for _, tt := range resolves {
		t.Run("resolve/"+tt.name, func(t *testing.T) {
			res := e.Do(t, tt.who, "POST", "/v1/inquiries/"+tt.target+"/resolve", tt.body)
			if tt.status == 400 {
				apitest.MustField(t, res, tt.field)
				return
			}
			apitest.MustCode(t, res, tt.status, tt.field)
		})
	}
	for _, path := range []string{"", "/withdraw"} {
		method := map[string]string{"": "GET", "/withdraw": "POST"}[path]
		theirs := e.Do(t, apitest.Pharmacy, method, "/v1/inquiries/"+id+path, "")
		nothing := e.Do(t, apitest.Pharmacy, method, "/v1/inquiries/01KGES92M037RE4H3H70AQTM2Z"+path, "")
		if theirs.Status != 404 || strings.ReplaceAll(theirs.Body, id, "") != nothing.Body {
			t.Errorf("%s another department's inquiry: got %d %s, want the 404 of a missing one %s", method, theirs.Status, theirs.Body, nothing.Body)
		}
	}
	for _, q := range []string{"?status=pending", "?month=2026-3", "?department=pharmacy", "?cursor=Zm9yZ2Vk", "?limit=0"} {
		if res := e.Do(t, apitest.Radiology, "GET", "/v1/inquiries"+q, ""); res.Status != 400 && res.Status != 403 {
			t.Errorf("GET /v1/inquiries%s: got %d, want 400 or 403", q, res.Status)
		}
	}

	// Nothing above wrote anything: the inquiry is as opened, and the
	// statement shows only it.
	if q := e.Must(t, 200, apitest.Finance, "GET", "/v1/inquiries/"+id, ""); q["status"] != "open" || q["version"] != float64(1) {
		t.Errorf("after the hostile calls: got %v", q)
	}
	if got := w.statement(t, "2026-03")["inquiries"].(map[string]any); got["open"] != float64(1) || got["resolved"] != float64(0) {
		t.Errorf("statement counts: got %v, want 1 open", got)
	}
}
