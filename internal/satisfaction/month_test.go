package satisfaction

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/billing"
)

var march = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// line is a statement line of a department for a service ("" for none).
func line(kind billing.Kind, service, dept, qty, amount string) billing.Line {
	l := billing.Line{Kind: kind, ServiceID: service, Department: dept, Amount: d(amount)}
	if qty != "" {
		l.Quantity = d(qty)
	}
	return l
}

// fulfilment is a request of a department for a service submitted at
// march, fulfilled after took, due 24 hours after submission.
func fulfilment(service, dept string, took time.Duration) Fulfilment {
	return Fulfilment{ServiceID: service, Department: dept, Created: march, Done: march.Add(took), Due: march.Add(24 * time.Hour)}
}

// marchFacts and aprilFacts are two months of two services (vpn, ehr)
// and two departments (lab, pharmacy), with an adjustment without a
// service in each.
var (
	marchFacts = Facts{
		Lines: []billing.Line{
			line(billing.KindCharge, "vpn", "lab", "2", "20.00"),
			line(billing.KindCharge, "ehr", "lab", "1", "150.00"),
			line(billing.KindSLACredit, "ehr", "lab", "", "-15.00"),
			line(billing.KindCharge, "vpn", "pharmacy", "3", "30.00"),
			line(billing.KindAdjustment, "", "lab", "", "-7.50"),
		},
		Submitted: []Submission{{"vpn", "lab"}, {"ehr", "lab"}, {"vpn", "pharmacy"}, {"ehr", "pharmacy"}},
		Fulfilled: []Fulfilment{
			fulfilment("vpn", "lab", 2*time.Hour),
			fulfilment("ehr", "lab", 30*time.Hour),
			fulfilment("vpn", "pharmacy", 24*time.Hour),
		},
	}
	aprilFacts = Facts{
		Lines: []billing.Line{
			line(billing.KindRecurring, "vpn", "lab", "2", "18.67"),
			line(billing.KindCharge, "ehr", "pharmacy", "4", "600.00"),
			line(billing.KindAdjustment, "", "pharmacy", "", "12.00"),
		},
		Submitted: []Submission{{"vpn", "lab"}},
		Fulfilled: []Fulfilment{fulfilment("ehr", "pharmacy", time.Hour)},
	}
)

func TestTallyMonth(t *testing.T) {
	got := TallyMonth(marchFacts)
	want := Book{
		Services: map[string]Tally{
			// lines 20.00 (2 units) + 30.00 (3 units); submitted by lab and
			// pharmacy; fulfilled in 2 h (7200 s) and 24 h (86400 s), both
			// on time.
			"vpn": {Requests: 2, Fulfilled: 2, SLAMet: 2, Seconds: []int64{7200, 86400},
				Units: d("5"), Charged: d("50.00"), Credits: d("0")},
			// 150.00 (1 unit) − 15.00; submitted by lab and pharmacy;
			// fulfilled in 30 h (108000 s), late.
			"ehr": {Requests: 2, Fulfilled: 1, SLAMet: 0, Seconds: []int64{108000},
				Units: d("1"), Charged: d("135.00"), Credits: d("-15.00")},
			// The adjustment has no service.
			"": {Charged: d("-7.50")},
		},
		Departments: map[string]Tally{
			// 20.00 + 150.00 − 15.00 − 7.50 = 147.50; units 2 + 1 = 3;
			// two submitted, two fulfilled (one on time); no times.
			"lab": {Requests: 2, Fulfilled: 2, SLAMet: 1,
				Units: d("3"), Charged: d("147.50"), Credits: d("-15.00")},
			// 30.00 (3 units); two submitted, one fulfilled on time.
			"pharmacy": {Requests: 2, Fulfilled: 1, SLAMet: 1,
				Units: d("3"), Charged: d("30.00"), Credits: d("0")},
		},
	}
	if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
		t.Errorf("TallyMonth mismatch (-want +got):\n%s", diff)
	}
}

func TestTallyMonthDepartmentsCarryNoTimes(t *testing.T) {
	b := TallyMonth(marchFacts)
	for dept, tally := range b.Departments {
		t.Run(dept, func(t *testing.T) {
			if tally.Seconds != nil {
				t.Errorf("Seconds: got %v, want nil", tally.Seconds)
			}
			m := tally.Metrics()
			if got := show(m.MedianHours); got != "nil" {
				t.Errorf("median_hours: got %s, want nil", got)
			}
			if got := show(m.P90Hours); got != "nil" {
				t.Errorf("p90_hours: got %s, want nil", got)
			}
			if got := show(m.SLAMetPercent); got == "nil" {
				t.Errorf("sla_met_percent: got nil, want a value (the department fulfilled %d)", tally.Fulfilled)
			}
		})
	}
}

func TestTallyMonthEmpty(t *testing.T) {
	got := TallyMonth(Facts{})
	if diff := cmp.Diff(NewBook(), got, equateDecimals); diff != "" {
		t.Errorf("TallyMonth(empty) mismatch (-want +got):\n%s", diff)
	}
}

func TestAddSurveys(t *testing.T) {
	tests := []struct {
		name          string
		service, dept string
		want          Book
	}{
		{"service only", "vpn", "", Book{
			Services:    map[string]Tally{"vpn": {Responses: 3, ScoreSum: 11, Promoters: 2}},
			Departments: map[string]Tally{},
		}},
		{"department only", "", "lab", Book{
			Services:    map[string]Tally{},
			Departments: map[string]Tally{"lab": {Responses: 3, ScoreSum: 11, Promoters: 2}},
		}},
		{"both", "vpn", "lab", Book{
			Services:    map[string]Tally{"vpn": {Responses: 3, ScoreSum: 11, Promoters: 2}},
			Departments: map[string]Tally{"lab": {Responses: 3, ScoreSum: 11, Promoters: 2}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewBook()
			got.AddSurveys(tt.service, tt.dept, 3, 11, 2)
			if diff := cmp.Diff(tt.want, got, equateDecimals); diff != "" {
				t.Errorf("book mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddSurveysToTalliedMonth(t *testing.T) {
	b := TallyMonth(marchFacts)
	b.AddSurveys("vpn", "", 2, 9, 2)
	b.AddSurveys("", "lab", 1, 2, 0)
	vpn, lab := b.Services["vpn"], b.Departments["lab"]
	// vpn: 2 responses of 2 fulfilled; lab: 1 response of 2 fulfilled.
	if vpn.Responses != 2 || vpn.ScoreSum != 9 || vpn.Promoters != 2 {
		t.Errorf("vpn surveys: got %d/%d/%d, want 2/9/2", vpn.Responses, vpn.ScoreSum, vpn.Promoters)
	}
	if lab.Responses != 1 || lab.ScoreSum != 2 || lab.Promoters != 0 {
		t.Errorf("lab surveys: got %d/%d/%d, want 1/2/0", lab.Responses, lab.ScoreSum, lab.Promoters)
	}
	// The rest of the tally is kept: vpn still fulfilled 2 and charged 50.00.
	if vpn.Fulfilled != 2 || !vpn.Charged.Equal(d("50.00")) {
		t.Errorf("vpn tally: got fulfilled %d charged %s, want 2 and 50.00", vpn.Fulfilled, vpn.Charged)
	}
	// 2 / 2 × 100 = 100; 1 / 2 × 100 = 50.
	if got := show(vpn.Metrics().ResponseRatePercent); got != "100" {
		t.Errorf("vpn response_rate_percent: got %s, want 100", got)
	}
	if got := show(lab.Metrics().ResponseRatePercent); got != "50" {
		t.Errorf("lab response_rate_percent: got %s, want 50", got)
	}
	if _, ok := b.Departments[""]; ok {
		t.Errorf(`Departments[""]: got a tally, want none`)
	}
}

func TestBookAdd(t *testing.T) {
	union := Facts{
		Lines:     slices.Concat(marchFacts.Lines, aprilFacts.Lines),
		Submitted: slices.Concat(marchFacts.Submitted, aprilFacts.Submitted),
		Fulfilled: slices.Concat(marchFacts.Fulfilled, aprilFacts.Fulfilled),
	}
	tests := []struct {
		name   string
		months []Facts
		want   Facts
	}{
		{"one month into an empty book", []Facts{marchFacts}, marchFacts},
		{"two months", []Facts{marchFacts, aprilFacts}, union},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewBook()
			for _, f := range tt.months {
				got.Add(TallyMonth(f))
			}
			if diff := cmp.Diff(TallyMonth(tt.want), got, equateDecimals); diff != "" {
				t.Errorf("book mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBookAddLeavesTheOtherBook(t *testing.T) {
	m3, m4 := TallyMonth(marchFacts), TallyMonth(aprilFacts)
	total := NewBook()
	total.Add(m3)
	total.Add(m4)
	if diff := cmp.Diff(TallyMonth(marchFacts), m3, equateDecimals); diff != "" {
		t.Errorf("march changed by adding it (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(TallyMonth(aprilFacts), m4, equateDecimals); diff != "" {
		t.Errorf("april changed by adding it (-want +got):\n%s", diff)
	}
	// vpn over both months: 50.00 + 18.67 = 68.67 over 5 + 2 = 7 units,
	// 9.81 per unit.
	if got := show(total.Services["vpn"].Metrics().CostPerUnit); got != "9.81" {
		t.Errorf("vpn cost_per_unit: got %s, want 9.81", got)
	}
}
