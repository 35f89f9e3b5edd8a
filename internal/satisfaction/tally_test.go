package satisfaction

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// equateDecimals compares decimals by value, so 5 equals 5.00.
var equateDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// show renders an optional metric: "nil" when nothing was measured.
func show(p *decimal.Decimal) string {
	if p == nil {
		return "nil"
	}
	return p.String()
}

// hms is a duration in whole seconds.
func hms(h, m, s int64) int64 { return h*3600 + m*60 + s }

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []int64
		want string
	}{
		{"one value", []int64{42}, "42"},
		{"odd count, sorted", []int64{1, 5, 9}, "5"},
		{"odd count, unsorted", []int64{9, 1, 5}, "5"},
		// (3600 + 7200) / 2 = 5400.
		{"even count is the mean of the middle two", []int64{3600, 7200}, "5400"},
		// sorted 50, 100, 3600, 7200: (100 + 3600) / 2 = 1850.
		{"even count, unsorted", []int64{7200, 100, 3600, 50}, "1850"},
		// (1 + 2) / 2 = 1.5: the half is kept.
		{"even count, half a second", []int64{2, 1}, "1.5"},
		// sorted 3, 3, 3, 10, 10: the third is 3.
		{"duplicates", []int64{10, 3, 3, 10, 3}, "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.xs)
			if got := Median(decimals(in)); !got.Equal(d(tt.want)) {
				t.Errorf("Median(%v): got %s, want %s", tt.xs, got, tt.want)
			}
			if !slices.Equal(in, tt.xs) {
				t.Errorf("Median reordered its input: got %v, want %v", in, tt.xs)
			}
		})
	}
}

func TestP90(t *testing.T) {
	tests := []struct {
		name string
		xs   []int64
		want string
	}{
		// rank ceil(0.9 × 1) = ceil(0.9) = 1.
		{"n=1", []int64{42}, "42"},
		// rank ceil(0.9 × 9) = ceil(8.1) = 9: the largest.
		{"n=9", []int64{90, 10, 80, 20, 70, 30, 60, 40, 50}, "90"},
		// rank ceil(0.9 × 10) = ceil(9) = 9: the second largest.
		{"n=10", []int64{100, 10, 90, 20, 80, 30, 70, 40, 60, 50}, "90"},
		// rank ceil(0.9 × 11) = ceil(9.9) = 10: the second largest.
		{"n=11", []int64{110, 10, 100, 20, 90, 30, 80, 40, 70, 50, 60}, "100"},
		// rank ceil(0.9 × 2) = ceil(1.8) = 2.
		{"n=2", []int64{7, 3}, "7"},
		// rank ceil(0.9 × 20) = 18: values 1..20 reversed, the 18th is 18.
		{"n=20", []int64{20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, "18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.xs)
			if got := P90(decimals(in)); !got.Equal(d(tt.want)) {
				t.Errorf("P90(%v): got %s, want %s", tt.xs, got, tt.want)
			}
			if !slices.Equal(in, tt.xs) {
				t.Errorf("P90 reordered its input: got %v, want %v", in, tt.xs)
			}
		})
	}
}

// metric picks one optional figure out of Metrics by its report name.
var metric = map[string]func(Metrics) *decimal.Decimal{
	"cost_per_unit":         func(m Metrics) *decimal.Decimal { return m.CostPerUnit },
	"cost_per_request":      func(m Metrics) *decimal.Decimal { return m.CostPerRequest },
	"avg_score":             func(m Metrics) *decimal.Decimal { return m.AvgScore },
	"csat_percent":          func(m Metrics) *decimal.Decimal { return m.CSATPercent },
	"response_rate_percent": func(m Metrics) *decimal.Decimal { return m.ResponseRatePercent },
	"sla_met_percent":       func(m Metrics) *decimal.Decimal { return m.SLAMetPercent },
	"median_hours":          func(m Metrics) *decimal.Decimal { return m.MedianHours },
	"p90_hours":             func(m Metrics) *decimal.Decimal { return m.P90Hours },
}

func TestMetrics(t *testing.T) {
	tests := []struct {
		name   string
		tally  Tally
		metric string
		want   string // "nil" when nothing was measured
	}{
		// cost_per_unit = round2(charged / units).
		// 100 / 3 = 33.333… → 33.33.
		{"cost per unit rounds to cents", Tally{Charged: d("100"), Units: d("3")}, "cost_per_unit", "33.33"},
		// 715.13 / 7.5 = 95.350666… → 95.35.
		{"cost per unit over fractional units", Tally{Charged: d("715.13"), Units: d("7.5")}, "cost_per_unit", "95.35"},
		// 1.25 / 10 = 0.125 → 0.13 (half away from zero).
		{"cost per unit half up", Tally{Charged: d("1.25"), Units: d("10")}, "cost_per_unit", "0.13"},
		// −1.25 / 10 = −0.125 → −0.13 (half away from zero, not towards +∞).
		{"cost per unit negative half", Tally{Charged: d("-1.25"), Units: d("10")}, "cost_per_unit", "-0.13"},
		{"cost per unit nil without units", Tally{Charged: d("-12.50"), Credits: d("-12.50")}, "cost_per_unit", "nil"},
		{"cost per unit nil with units 0.00", Tally{Charged: d("40.00"), Units: d("0.00")}, "cost_per_unit", "nil"},

		// cost_per_request = round2(charged / requests submitted), or per
		// request fulfilled when none was submitted in the range.
		// 250.00 / 7 = 35.714… → 35.71.
		{"cost per request per submitted", Tally{Requests: 7, Fulfilled: 5, Charged: d("250.00")}, "cost_per_request", "35.71"},
		// 250.00 / 4 = 62.50: nothing submitted, four delivered.
		{"cost per request per fulfilled when none submitted", Tally{Fulfilled: 4, Charged: d("250.00")}, "cost_per_request", "62.5"},
		{"cost per request nil without requests", Tally{Charged: d("-12.50")}, "cost_per_request", "nil"},

		// avg_score = round2(score sum / responses).
		// 25 / 8 = 3.125 → 3.13.
		{"avg score half up", Tally{Responses: 8, ScoreSum: 25}, "avg_score", "3.13"},
		// 14 / 3 = 4.666… → 4.67.
		{"avg score repeating", Tally{Responses: 3, ScoreSum: 14}, "avg_score", "4.67"},
		// 5 / 1 = 5.
		{"avg score one response", Tally{Responses: 1, ScoreSum: 5}, "avg_score", "5"},
		{"avg score nil without responses", Tally{Fulfilled: 4}, "avg_score", "nil"},

		// csat_percent = round1(promoters / responses × 100).
		// 1 / 16 × 100 = 6.25 → 6.3.
		{"csat half up", Tally{Responses: 16, ScoreSum: 40, Promoters: 1}, "csat_percent", "6.3"},
		// 3 / 16 × 100 = 18.75 → 18.8.
		{"csat half up again", Tally{Responses: 16, ScoreSum: 40, Promoters: 3}, "csat_percent", "18.8"},
		// 1 / 8 × 100 = 12.5, already one decimal.
		{"csat exact", Tally{Responses: 8, ScoreSum: 20, Promoters: 1}, "csat_percent", "12.5"},
		// 2 / 3 × 100 = 66.666… → 66.7.
		{"csat repeating", Tally{Responses: 3, ScoreSum: 12, Promoters: 2}, "csat_percent", "66.7"},
		// 0 / 4 × 100 = 0: measured, so 0 and not nil.
		{"csat zero is not nil", Tally{Responses: 4, ScoreSum: 8}, "csat_percent", "0"},
		{"csat nil without responses", Tally{Fulfilled: 4}, "csat_percent", "nil"},

		// response_rate_percent = round1(responses / fulfilled × 100).
		// 1 / 16 × 100 = 6.25 → 6.3.
		{"response rate half up", Tally{Fulfilled: 16, Responses: 1, ScoreSum: 3}, "response_rate_percent", "6.3"},
		// 3 / 4 × 100 = 75.
		{"response rate exact", Tally{Fulfilled: 4, Responses: 3, ScoreSum: 9}, "response_rate_percent", "75"},
		// 0 / 5 × 100 = 0.
		{"response rate zero is not nil", Tally{Fulfilled: 5}, "response_rate_percent", "0"},
		{"response rate nil when nothing fulfilled", Tally{Requests: 3}, "response_rate_percent", "nil"},

		// sla_met_percent = round1(sla met / fulfilled × 100).
		// 15 / 16 × 100 = 93.75 → 93.8.
		{"sla met half up", Tally{Fulfilled: 16, SLAMet: 15}, "sla_met_percent", "93.8"},
		// 2 / 3 × 100 = 66.666… → 66.7.
		{"sla met repeating", Tally{Fulfilled: 3, SLAMet: 2}, "sla_met_percent", "66.7"},
		// 0 / 2 × 100 = 0.
		{"sla met zero is not nil", Tally{Fulfilled: 2}, "sla_met_percent", "0"},
		{"sla met nil when nothing fulfilled", Tally{Requests: 3}, "sla_met_percent", "nil"},

		// median_hours and p90_hours = round1(seconds / 3600).
		// 3 h 3 min = 10980 s = 3.05 h → 3.1.
		{"median hours half up", Tally{Fulfilled: 1, Seconds: []int64{hms(3, 3, 0)}}, "median_hours", "3.1"},
		{"p90 hours half up", Tally{Fulfilled: 1, Seconds: []int64{hms(3, 3, 0)}}, "p90_hours", "3.1"},
		// 3 h 2 min 59 s = 10979 s = 3.04972… h → 3.0.
		{"median hours just under the half", Tally{Fulfilled: 1, Seconds: []int64{hms(3, 2, 59)}}, "median_hours", "3"},
		// (3600 + 7200) / 2 = 5400 s = 1.5 h.
		{"median hours even count", Tally{Fulfilled: 2, Seconds: []int64{7200, 3600}}, "median_hours", "1.5"},
		// (10800 + 11160) / 2 = 10980 s = 3.05 h → 3.1: the mean of the
		// middle two lands on the half.
		{"median hours even count on the half", Tally{Fulfilled: 2, Seconds: []int64{hms(3, 6, 0), hms(3, 0, 0)}}, "median_hours", "3.1"},
		// sorted 1 h, 2 h, 10 h: the middle is 2 h.
		{"median hours odd count", Tally{Fulfilled: 3, Seconds: []int64{hms(10, 0, 0), hms(1, 0, 0), hms(2, 0, 0)}}, "median_hours", "2"},
		// ten values 1 h … 10 h, rank ceil(0.9 × 10) = 9: 9 h.
		{"p90 hours n=10", Tally{Fulfilled: 10, Seconds: []int64{
			hms(10, 0, 0), hms(1, 0, 0), hms(9, 0, 0), hms(2, 0, 0), hms(8, 0, 0),
			hms(3, 0, 0), hms(7, 0, 0), hms(4, 0, 0), hms(6, 0, 0), hms(5, 0, 0),
		}}, "p90_hours", "9"},
		{"median hours nil without times", Tally{Requests: 2}, "median_hours", "nil"},
		{"p90 hours nil without times", Tally{Requests: 2}, "p90_hours", "nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pick, ok := metric[tt.metric]
			if !ok {
				t.Fatalf("no metric %q", tt.metric)
			}
			if got := show(pick(tt.tally.Metrics())); got != tt.want {
				t.Errorf("%s: got %s, want %s", tt.metric, got, tt.want)
			}
		})
	}
}

func TestMetricsOfEmptyTallyAreAllNil(t *testing.T) {
	m := Tally{}.Metrics()
	for name, pick := range metric {
		if got := show(pick(m)); got != "nil" {
			t.Errorf("%s: got %s, want nil", name, got)
		}
	}
}

func TestMetricsCarryTheCounts(t *testing.T) {
	tally := Tally{
		Requests: 7, Fulfilled: 5, SLAMet: 4, Seconds: []int64{3600, 3600, 3600, 3600, 3600},
		Units: d("12.5"), Charged: d("250.00"), Credits: d("-10.00"),
		Responses: 2, ScoreSum: 9, Promoters: 2,
	}
	got := tally.Metrics()
	// 250.00 / 12.5 = 20; 250.00 / 7 = 35.71; 9 / 2 = 4.5; 2 / 2 × 100 = 100; 2 / 5 × 100 = 40;
	// 4 / 5 × 100 = 80; every time is 3600 s = 1 h.
	want := Metrics{
		Requests: 7, Fulfilled: 5, Units: d("12.5"), Charged: d("250.00"), Credits: d("-10.00"),
		CostPerUnit: ptr(d("20")), CostPerRequest: ptr(d("35.71")), Responses: 2, AvgScore: ptr(d("4.5")), CSATPercent: ptr(d("100")),
		ResponseRatePercent: ptr(d("40")), SLAMetPercent: ptr(d("80")),
		MedianHours: ptr(d("1")), P90Hours: ptr(d("1")),
	}
	if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
		t.Errorf("Metrics() mismatch (-want +got):\n%s", diff)
	}
}

func TestAddLine(t *testing.T) {
	tests := []struct {
		name                          string
		line                          billing.Line
		wantUnits, wantCharged, wantC string
	}{
		{"charge counts units and is charged",
			billing.Line{Kind: billing.KindCharge, Quantity: d("7.5"), Amount: d("715.13")}, "7.5", "715.13", "0"},
		{"recurring counts units and is charged",
			billing.Line{Kind: billing.KindRecurring, Quantity: d("3"), Amount: d("41.61")}, "3", "41.61", "0"},
		// The quantity is set on purpose: a credit never adds units.
		{"sla credit is a credit and is charged",
			billing.Line{Kind: billing.KindSLACredit, Quantity: d("7.5"), Amount: d("-89.39")}, "0", "-89.39", "-89.39"},
		// The quantity is set on purpose: an adjustment never adds units.
		{"adjustment is only charged",
			billing.Line{Kind: billing.KindAdjustment, Quantity: d("2"), Amount: d("-25.00")}, "0", "-25.00", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Tally
			got.AddLine(tt.line)
			if !got.Units.Equal(d(tt.wantUnits)) {
				t.Errorf("Units: got %s, want %s", got.Units, tt.wantUnits)
			}
			if !got.Charged.Equal(d(tt.wantCharged)) {
				t.Errorf("Charged: got %s, want %s", got.Charged, tt.wantCharged)
			}
			if !got.Credits.Equal(d(tt.wantC)) {
				t.Errorf("Credits: got %s, want %s", got.Credits, tt.wantC)
			}
		})
	}
}

func TestAddLineSums(t *testing.T) {
	var got Tally
	for _, l := range []billing.Line{
		{Kind: billing.KindCharge, Quantity: d("7.5"), Amount: d("715.13")},
		{Kind: billing.KindSLACredit, Amount: d("-89.39")},
		{Kind: billing.KindRecurring, Quantity: d("3"), Amount: d("41.61")},
		{Kind: billing.KindAdjustment, Amount: d("-25.00")},
		{Kind: billing.KindSLACredit, Amount: d("-4.16")},
	} {
		got.AddLine(l)
	}
	// units 7.5 + 3 = 10.5;
	// charged 715.13 − 89.39 + 41.61 − 25.00 − 4.16 = 638.19;
	// credits −89.39 − 4.16 = −93.55.
	want := Tally{Units: d("10.5"), Charged: d("638.19"), Credits: d("-93.55")}
	if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
		t.Errorf("tally mismatch (-want +got):\n%s", diff)
	}
}

func TestAddFulfilment(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	due := created.Add(48 * time.Hour)
	tests := []struct {
		name        string
		done        time.Time
		wantMet     int
		wantSeconds int64
	}{
		// 3 h = 10800 s.
		{"well within the SLA", created.Add(3 * time.Hour), 1, 10800},
		// 48 h = 172800 s; done at due still meets the SLA.
		{"exactly at due", due, 1, 172800},
		// 48 h + 1 s = 172801 s.
		{"one second after due", due.Add(time.Second), 0, 172801},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Tally
			got.AddFulfilment(created, tt.done, due)
			want := Tally{Fulfilled: 1, SLAMet: tt.wantMet, Seconds: []int64{tt.wantSeconds}}
			if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
				t.Errorf("tally mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddFulfilmentCounts(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	due := created.Add(24 * time.Hour)
	var got Tally
	got.AddFulfilment(created, created.Add(time.Hour), due)
	got.AddFulfilment(created, due.Add(time.Second), due)
	got.AddFulfilment(created, due, due)
	// Three fulfilled, two on time; 3600, 86401 and 86400 s in order.
	want := Tally{Fulfilled: 3, SLAMet: 2, Seconds: []int64{3600, 86401, 86400}}
	if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
		t.Errorf("tally mismatch (-want +got):\n%s", diff)
	}
}

func TestAddSurvey(t *testing.T) {
	var got Tally
	for _, score := range []int{1, 2, 3, 4, 5} {
		got.AddSurvey(score)
	}
	// 5 responses; 1+2+3+4+5 = 15; promoters are the 4 and the 5.
	want := Tally{Responses: 5, ScoreSum: 15, Promoters: 2}
	if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
		t.Errorf("tally mismatch (-want +got):\n%s", diff)
	}
}

func TestTallyAdd(t *testing.T) {
	a := Tally{
		Requests: 3, Fulfilled: 2, SLAMet: 1, Seconds: []int64{3600, 7200},
		Units: d("2"), Charged: d("100.00"), Credits: d("-5.00"),
		Responses: 2, ScoreSum: 9, Promoters: 2,
	}
	b := Tally{
		Requests: 4, Fulfilled: 1, SLAMet: 1, Seconds: []int64{60},
		Units: d("1.5"), Charged: d("30.25"), Credits: d("0"),
		Responses: 1, ScoreSum: 2, Promoters: 0,
	}
	tests := []struct {
		name string
		t, o Tally
		want Tally
	}{
		// 3+4, 2+1, 1+1, seconds appended, 2+1.5, 100.00+30.25, −5.00+0,
		// 2+1, 9+2, 2+0.
		{"two months", a, b, Tally{
			Requests: 7, Fulfilled: 3, SLAMet: 2, Seconds: []int64{3600, 7200, 60},
			Units: d("3.5"), Charged: d("130.25"), Credits: d("-5.00"),
			Responses: 3, ScoreSum: 11, Promoters: 2,
		}},
		{"into an empty tally", Tally{}, a, a},
		{"an empty tally", a, Tally{}, a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.t
			got.Seconds = slices.Clone(tt.t.Seconds)
			oSeconds := slices.Clone(tt.o.Seconds)
			got.Add(tt.o)
			if diff := cmp.Diff(tt.want, got, equateDecimals); diff != "" {
				t.Errorf("tally mismatch (-want +got):\n%s", diff)
			}
			if !slices.Equal(tt.o.Seconds, oSeconds) {
				t.Errorf("Add changed its argument's Seconds: got %v, want %v", tt.o.Seconds, oSeconds)
			}
		})
	}
}
