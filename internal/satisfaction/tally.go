package satisfaction

import (
	"cmp"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
)

// Tally is what the metrics of one service (or department) are computed
// from, over one month or several: counts and sums that add up month by
// month, and the fulfilment times themselves (a median does not add up).
type Tally struct {
	// Requests were submitted in the range.
	Requests int
	// Fulfilled were fulfilled in the range; SLAMet of them within their
	// SLA; Seconds holds each one's time from submission to fulfilment.
	Fulfilled int
	SLAMet    int
	Seconds   []int64
	// Units, Charged and Credits sum the range's statement lines.
	Units   decimal.Decimal
	Charged decimal.Decimal
	Credits decimal.Decimal
	// Responses, ScoreSum and Promoters (see Promoter) count the surveys
	// of the requests fulfilled in the range.
	Responses int
	ScoreSum  int
	Promoters int
}

// Add adds o to t.
func (t *Tally) Add(o Tally) {
	t.Requests += o.Requests
	t.Fulfilled += o.Fulfilled
	t.SLAMet += o.SLAMet
	t.Seconds = append(t.Seconds, o.Seconds...)
	t.Units = t.Units.Add(o.Units)
	t.Charged = t.Charged.Add(o.Charged)
	t.Credits = t.Credits.Add(o.Credits)
	t.Responses += o.Responses
	t.ScoreSum += o.ScoreSum
	t.Promoters += o.Promoters
}

// AddLine counts a statement line: every line's amount is charged;
// charge and recurring lines add their quantity to the units, SLA credits
// their amount to the credits.
func (t *Tally) AddLine(l billing.Line) {
	t.Charged = t.Charged.Add(l.Amount)
	switch l.Kind {
	case billing.KindCharge, billing.KindRecurring:
		t.Units = t.Units.Add(l.Quantity)
	case billing.KindSLACredit:
		t.Credits = t.Credits.Add(l.Amount)
	}
}

// AddFulfilment counts a request fulfilled in the range: submitted at
// created, fulfilled at done, due at due.
func (t *Tally) AddFulfilment(created, done, due time.Time) {
	t.Fulfilled++
	if billing.SLAMet(done, due) {
		t.SLAMet++
	}
	t.Seconds = append(t.Seconds, int64(done.Sub(created)/time.Second))
}

// AddSurvey counts a survey of a request fulfilled in the range.
func (t *Tally) AddSurvey(score int) {
	t.Responses++
	t.ScoreSum += score
	if Promoter(score) {
		t.Promoters++
	}
}

// Metrics are a tally's figures as the reports show them; nil where there
// was nothing to measure.
type Metrics struct {
	Requests    int
	Fulfilled   int
	Units       decimal.Decimal
	Charged     decimal.Decimal
	Credits     decimal.Decimal
	CostPerUnit *decimal.Decimal
	// CostPerRequest is what the chart plots: charged per request
	// submitted in the range, or per request fulfilled when none was
	// submitted (a range that only delivers older requests).
	CostPerRequest      *decimal.Decimal
	Responses           int
	AvgScore            *decimal.Decimal
	CSATPercent         *decimal.Decimal
	ResponseRatePercent *decimal.Decimal
	SLAMetPercent       *decimal.Decimal
	MedianHours         *decimal.Decimal
	P90Hours            *decimal.Decimal
}

// Metrics computes the figures: cost per unit and the average score to 2
// decimals, percentages and hours to 1, all rounded half away from zero.
func (t Tally) Metrics() Metrics {
	m := Metrics{
		Requests: t.Requests, Fulfilled: t.Fulfilled, Units: t.Units, Charged: t.Charged, Credits: t.Credits,
		Responses: t.Responses,
	}
	if !t.Units.IsZero() {
		m.CostPerUnit = ptr(billing.Round2(t.Charged.Div(t.Units)))
	}
	if n := cmp.Or(t.Requests, t.Fulfilled); n > 0 {
		m.CostPerRequest = ptr(billing.Round2(t.Charged.Div(decimal.NewFromInt(int64(n)))))
	}
	if t.Responses > 0 {
		m.AvgScore = ptr(billing.Round2(ratio(t.ScoreSum, t.Responses, 1)))
		m.CSATPercent = ptr(ratio(t.Promoters, t.Responses, 100).Round(1))
	}
	if t.Fulfilled > 0 {
		m.ResponseRatePercent = ptr(ratio(t.Responses, t.Fulfilled, 100).Round(1))
		m.SLAMetPercent = ptr(ratio(t.SLAMet, t.Fulfilled, 100).Round(1))
	}
	if len(t.Seconds) > 0 {
		m.MedianHours, m.P90Hours = ptr(hours(Median(decimals(t.Seconds)))), ptr(hours(P90(decimals(t.Seconds))))
	}
	return m
}

// hours turns seconds into hours to 1 decimal.
func hours(seconds decimal.Decimal) decimal.Decimal {
	return seconds.Div(decimal.NewFromInt(3600)).Round(1)
}

// ratio is a / b × scale, exactly enough for rounding to 2 decimals.
func ratio(a, b int, scale int64) decimal.Decimal {
	return decimal.NewFromInt(int64(a) * scale).Div(decimal.NewFromInt(int64(b)))
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }
