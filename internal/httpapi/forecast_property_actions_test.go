package httpapi_test

import (
	"fmt"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/apitest"
)

// The steps of TestForecastProperty. Each makes a call the API must
// accept, changes the model the same way, and reports false when there is
// nothing to act on.

func (r *forecastRun) quantity(svc catalog.Service) decimal.Decimal {
	if svc.Fractional {
		return decimal.New(int64(1+r.rnd.IntN(40))*25, -2) // 0.25 to 10.00
	}
	return decimal.NewFromInt(int64(1 + r.rnd.IntN(12)))
}

func (r *forecastRun) requester(q *modelRequest) apitest.Caller { return departments[q.dept] }

func (r *forecastRun) path(q *modelRequest, action string) string {
	if action == "" {
		return "/v1/requests/" + q.id
	}
	return "/v1/requests/" + q.id + "/" + action
}

// create files a request, checking its price, estimate, status and budget
// block against the model.
func (r *forecastRun) create() bool {
	dept := "radiology"
	if r.rnd.IntN(3) == 0 {
		dept = "pharmacy"
	}
	svc, _ := r.w.cat.Service(propertySvc[r.rnd.IntN(len(propertySvc))])
	now := r.clock.Now()
	q := &modelRequest{
		dept: dept, service: svc.ID, pricing: svc.Pricing, quantity: r.quantity(svc), status: "submitted", created: now,
		quoted: r.w.priceOn(svc.ID, now.In(r.w.loc).Format(time.DateOnly)), slaHours: svc.SLAHours, creditPercent: svc.SLACreditPercent,
	}
	if svc.Approval == catalog.ApprovalNone {
		q.status = "approved"
	}
	fy := fiscalYear(ymOf(now, r.w.loc), r.w.fyFrom)
	_, before := r.w.forecast(dept, fy, now)
	var wantBlock any
	if b, ok := r.w.budgets[fy][dept]; ok {
		after := before.Add(r.w.commitment(q, fy, ymOf(now, r.w.loc)))
		wantBlock = map[string]any{
			"year": fmt.Sprint(fy), "remaining_before": b.Sub(before).StringFixed(2), "remaining_after": b.Sub(after).StringFixed(2),
			"used_percent_after": after.Mul(decimal.NewFromInt(100)).Div(b).Round(1).StringFixed(1), "status_after": r.w.status(after, b),
		}
	}
	r.note("%s creates %s × %s at %s", dept, q.quantity, svc.ID, now.Format(time.RFC3339))
	got := r.must(201, departments[dept], "POST", "/v1/requests", fmt.Sprintf(`{"service_id": %q, "quantity": %q}`, svc.ID, q.quantity))
	q.id = fmt.Sprint(got["id"])
	r.log[len(r.log)-1] += ": " + q.id
	want := map[string]any{"quoted_unit_price": q.quoted.StringFixed(2), "estimated_charge": q.estimate().StringFixed(2), "status": q.status, "budget": wantBlock}
	gotPart := map[string]any{"quoted_unit_price": got["quoted_unit_price"], "estimated_charge": got["estimated_charge"], "status": got["status"], "budget": got["budget"]}
	if diff := cmp.Diff(want, gotPart); diff != "" {
		r.fail("create (-model +API):\n%s", diff)
	}
	r.w.reqs = append(r.w.reqs, q)
	r.noteCrossed(dept)
	return true
}

// change sets a new quantity on a request not yet started.
func (r *forecastRun) change() bool {
	q := r.pick(func(q *modelRequest) bool { return q.status == "submitted" || q.status == "approved" })
	if q == nil {
		return false
	}
	svc, _ := r.w.cat.Service(q.service)
	qty := r.quantity(svc)
	r.note("%s quantity %s → %s", q.id, q.quantity, qty)
	r.must(200, r.requester(q), "PATCH", r.path(q, ""), fmt.Sprintf(`{"quantity": %q}`, qty))
	q.quantity = qty
	r.noteCrossed(q.dept)
	return true
}

// move applies an action that only changes a request's status.
func (r *forecastRun) move(from []string, action, to, body string, who func(*modelRequest) apitest.Caller) bool {
	q := r.pick(func(q *modelRequest) bool {
		for _, s := range from {
			if q.status == s {
				return true
			}
		}
		return false
	})
	if q == nil {
		return false
	}
	r.note("%s %s (%s)", action, q.id, q.status)
	r.must(200, who(q), "POST", r.path(q, action), body)
	q.status = to
	return true
}

func byFulfiller(*modelRequest) apitest.Caller { return apitest.Fulfiller }

func (r *forecastRun) approve() bool {
	return r.move([]string{"submitted"}, "approve", "approved", `{}`, byFulfiller)
}

func (r *forecastRun) start() bool {
	return r.move([]string{"approved"}, "start", "in_progress", `{}`, byFulfiller)
}

func (r *forecastRun) reject() bool {
	return r.move([]string{"submitted", "approved"}, "reject", "rejected", `{"reason": "not this year"}`, byFulfiller)
}

func (r *forecastRun) cancel() bool {
	who := byFulfiller
	if r.rnd.IntN(2) == 0 {
		who = r.requester
	}
	return r.move([]string{"submitted", "approved", "in_progress"}, "cancel", "cancelled", `{}`, who)
}

// fulfil delivers a request now or back-dated into a month still open;
// an hourly one with its actual hours.
func (r *forecastRun) fulfil() bool {
	q := r.pick(func(q *modelRequest) bool { return q.status == "approved" || q.status == "in_progress" })
	if q == nil {
		return false
	}
	now := r.clock.Now()
	at, body := now, map[string]string{}
	if r.rnd.IntN(10) < 7 {
		at = r.between(r.earliest(q.created), now)
		body["fulfilled_at"] = at.UTC().Format(time.RFC3339)
	}
	if q.pricing == catalog.Hourly {
		q.hours = decimal.New(int64(1+r.rnd.IntN(32))*25, -2)
		body["quantity"] = q.hours.String()
	}
	r.note("fulfil %s (%s, created %s) at %s %v", q.id, q.service, q.created.Format(time.RFC3339), at.Format(time.RFC3339), body)
	r.must(200, apitest.Fulfiller, "POST", r.path(q, "fulfill"), jsonObject(body))
	q.status, q.fulfilled = "fulfilled", at
	r.noteCrossed(q.dept)
	return true
}

// end stops a running subscription now, back-dated into a month still
// open, or at a date up to eleven months ahead.
func (r *forecastRun) end() bool {
	q := r.pick(func(q *modelRequest) bool { return q.pricing == catalog.Monthly && q.status == "fulfilled" })
	if q == nil {
		return false
	}
	now := r.clock.Now()
	at, body := now, map[string]string{}
	switch r.rnd.IntN(3) {
	case 0:
		at = r.between(r.earliest(q.fulfilled), now)
		body["ended_at"] = at.UTC().Format(time.RFC3339)
	case 1:
		at = r.between(now.Add(time.Hour), now.AddDate(0, 11, 0))
		body["ended_at"] = at.UTC().Format(time.RFC3339)
	}
	who := byFulfiller
	if r.rnd.IntN(2) == 0 {
		who = r.requester
	}
	r.note("end %s (%s, fulfilled %s) at %s", q.id, q.service, q.fulfilled.Format(time.RFC3339), at.Format(time.RFC3339))
	r.must(200, who(q), "POST", r.path(q, "end"), jsonObject(body))
	q.status, q.ended = "ended", at
	return true
}

// adjustment posts a charge or credit into a month still open that has
// begun.
func (r *forecastRun) adjustment() bool {
	dept := "radiology"
	if r.rnd.IntN(3) == 0 {
		dept = "pharmacy"
	}
	current := ymOf(r.clock.Now(), r.w.loc)
	var months []ym
	for a := r.firstOpen; !current.before(a); a = a.plus(1) {
		months = append(months, a)
	}
	a := months[r.rnd.IntN(len(months))]
	cents := r.rnd.Int64N(200000) - 50000
	if cents == 0 {
		cents = 1
	}
	amount := decimal.New(cents, -2)
	r.note("adjust %s %s by %s", dept, a, amount.StringFixed(2))
	r.must(201, apitest.Finance, "POST", "/v1/adjustments",
		fmt.Sprintf(`{"department": %q, "month": %q, "amount": %q, "description": "property test"}`, dept, a, amount.StringFixed(2)))
	if r.w.adjust[dept] == nil {
		r.w.adjust[dept] = map[ym]decimal.Decimal{}
	}
	r.w.adjust[dept][a] = r.w.adjust[dept][a].Add(amount)
	r.noteCrossed(dept)
	return true
}

// closeMonth closes the earliest month still open once it is over, and
// the model freezes its totals.
func (r *forecastRun) closeMonth() bool {
	a := r.firstOpen
	if r.clock.Now().Before(a.plus(1).start(r.w.loc)) {
		return false
	}
	r.note("close %s", a)
	r.must(200, apitest.Finance, "POST", "/v1/periods/"+a.String()+"/close", `{}`)
	frozen := map[string]decimal.Decimal{}
	for dept := range departments {
		frozen[dept] = r.w.monthTotal(dept, a)
	}
	r.w.frozen[a] = frozen
	r.firstOpen = a.plus(1)
	return true
}

// tick lets an hour to twenty days pass.
func (r *forecastRun) tick() bool {
	d := time.Hour + time.Duration(r.rnd.Int64N(int64(20*24*time.Hour)))
	r.clock.Set(r.clock.Now().Add(d).Truncate(time.Second))
	r.note("time passes to %s", r.clock.Now().Format(time.RFC3339))
	return true
}

// jsonObject writes string fields as a JSON object.
func jsonObject(fields map[string]string) string {
	out := "{"
	for k, v := range fields {
		if len(out) > 1 {
			out += ", "
		}
		out += fmt.Sprintf("%q: %q", k, v)
	}
	return out + "}"
}
