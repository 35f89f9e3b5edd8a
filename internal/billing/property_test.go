package billing

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

// This file checks the package against a second, deliberately simple model
// of the money rules over random months of activity: days are counted by
// walking the month's calendar dates, money is exact (big.Rat) and rounded
// half away from zero by hand, prices are found by a linear scan.

// modelLine is what the model expects of one line; money in cents.
type modelLine struct {
	dept      string
	kind      Kind
	days      int
	unitCents int64 // charge and recurring lines
	cents     int64
}

// modelPrice is one row of a price list.
type modelPrice struct {
	effective string
	cents     int64
}

// roundCents is x (in currency units) rounded to whole cents, half away
// from zero.
func roundCents(x *big.Rat) int64 {
	scaled := new(big.Rat).Mul(x, big.NewRat(100, 1))
	num, den := new(big.Int).Abs(scaled.Num()), scaled.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Lsh(rem, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if scaled.Sign() < 0 {
		q.Neg(q)
	}
	return q.Int64()
}

// frac is a/b as an exact rational.
func frac(a, b int64) *big.Rat { return big.NewRat(a, b) }

// cents is c cents as a decimal.
func cents(c int64) decimal.Decimal { return decimal.New(c, -2) }

// modelDays walks every calendar date of the month y-mo and counts those
// from the start date (inclusive) to the end date (exclusive), dates taken
// in loc; first is the first date counted, dim the dates in the month.
func modelDays(y int, mo time.Month, start, end time.Time, loc *time.Location) (first string, days, dim int) {
	from := start.In(loc).Format(time.DateOnly)
	to := ""
	if !end.IsZero() {
		to = end.In(loc).Format(time.DateOnly)
	}
	for day := time.Date(y, mo, 1, 12, 0, 0, 0, time.UTC); day.Month() == mo; day = day.AddDate(0, 0, 1) {
		dim++
		date := day.Format(time.DateOnly)
		if from <= date && (to == "" || date < to) {
			if days == 0 {
				first = date
			}
			days++
		}
	}
	return first, days, dim
}

// modelPriceOn scans the list for the latest row effective on or before day.
func modelPriceOn(prices []modelPrice, day string) (int64, bool) {
	best := -1
	for i, p := range prices {
		if p.effective <= day && (best < 0 || p.effective > prices[best].effective) {
			best = i
		}
	}
	if best < 0 {
		return 0, false
	}
	return prices[best].cents, true
}

// modelCredit is −round2(amount × percent / 100), percent given in halves.
func modelCredit(amountCents, percentHalves int64) int64 {
	return -roundCents(frac(amountCents*percentHalves, 100*2*100))
}

// month is one random month of activity and where the model's lines go.
type month struct {
	y    int
	mo   time.Month
	m    Month
	loc  *time.Location
	want map[string]modelLine
}

func (w *month) expect(t *testing.T, id string, l modelLine) {
	t.Helper()
	if _, dup := w.want[id]; dup {
		t.Fatalf("the model made line %s twice", id)
	}
	w.want[id] = l
}

// subscription is a random subscription near the month, its price list and
// the lines the model expects of it.
func (w *month) subscription(t *testing.T, r *rand.Rand, id, dept string) (Subscription, catalog.Service) {
	t.Helper()
	qc, ph := 1+r.Int64N(5000), r.Int64N(51) // quantity 0.01..50.00; percent 0..25 in halves
	start := time.Date(w.y, w.mo, r.IntN(100)-44, r.IntN(24), r.IntN(60), 0, 0, time.UTC)
	if r.IntN(6) == 0 {
		start = time.Date(w.y, w.mo, 1, 0, 0, 0, 0, w.loc) // midnight on the 1st, in the org's zone
	}
	var end time.Time
	switch r.IntN(10) {
	case 0, 1, 2, 3: // still running
	case 4:
		end = time.Date(w.y, w.mo+1, 1, 0, 0, 0, 0, w.loc) // midnight on the next 1st
	case 5:
		end = start.Add(time.Duration(r.IntN(60)) * time.Minute) // ends (about) the day it starts
	default:
		end = start.Add(time.Duration(r.IntN(80*24*60)) * time.Minute)
	}
	prices := []modelPrice{{fmt.Sprintf("%04d-01-01", w.y-3), r.Int64N(100000)}}
	for range r.IntN(4) {
		day := time.Date(w.y, w.mo, r.IntN(110)-69, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if !slices.ContainsFunc(prices, func(p modelPrice) bool { return p.effective == day }) {
			prices = append(prices, modelPrice{day, r.Int64N(100000)})
		}
	}
	slices.SortFunc(prices, func(a, b modelPrice) int { return cmp.Compare(a.effective, b.effective) })
	svc := catalog.Service{ID: "svc-" + id}
	for _, p := range prices {
		svc.Prices = append(svc.Prices, catalog.Price{Effective: p.effective, UnitPrice: cents(p.cents)})
	}
	s := Subscription{
		RequestID: id, Department: dept, ServiceID: svc.ID, ServiceName: "Service " + id, Unit: "user",
		Quantity: cents(qc), Start: start, End: end, SLAMet: r.IntN(2) == 0, CreditPercent: decimal.New(ph*5, -1),
	}

	first, days, dim := modelDays(w.y, w.mo, start, end, w.loc)
	if days == 0 {
		return s, svc
	}
	pc, ok := modelPriceOn(prices, first)
	if !ok {
		t.Fatalf("the model has no price for %s on %s", id, first)
	}
	amount := roundCents(frac(qc*pc*int64(days), 100*100*int64(dim)))
	w.expect(t, id+"-recurring-"+w.m.String(), modelLine{dept, KindRecurring, days, pc, amount})
	local := start.In(w.loc)
	if local.Year() == w.y && local.Month() == w.mo && !s.SLAMet && ph > 0 {
		w.expect(t, id+"-sla-credit", modelLine{dept: dept, kind: KindSLACredit, cents: modelCredit(amount, ph)})
	}
	return s, svc
}

// charge is a random one-time or hourly fulfilment in the month and the
// lines the model expects of it.
func (w *month) charge(t *testing.T, r *rand.Rand, id, dept string, dim int) Fulfilment {
	t.Helper()
	qc, pc, ph := 1+r.Int64N(5000), r.Int64N(100000), r.Int64N(51)
	at := time.Date(w.y, w.mo, 1+r.IntN(dim), r.IntN(24), r.IntN(60), r.IntN(60), 0, w.loc)
	f := Fulfilment{
		RequestID: id, Department: dept, ServiceID: "svc-" + id, ServiceName: "Service " + id,
		Pricing: []catalog.Pricing{catalog.OneTime, catalog.Hourly}[r.IntN(2)], Unit: "each",
		Quantity: cents(qc), UnitPrice: cents(pc), FulfilledAt: at,
		SLADueAt: at.Add(time.Duration(r.IntN(97)-48) * time.Hour), CreditPercent: decimal.New(ph*5, -1),
	}
	amount := roundCents(frac(qc*pc, 100*100))
	w.expect(t, id+"-charge", modelLine{dept: dept, kind: KindCharge, unitCents: pc, cents: amount})
	if at.After(f.SLADueAt) && ph > 0 {
		w.expect(t, id+"-sla-credit", modelLine{dept: dept, kind: KindSLACredit, cents: modelCredit(amount, ph)})
	}
	return f
}

// checkLine compares one line the package made with the model's.
func (w *month) checkLine(t *testing.T, l Line) {
	t.Helper()
	want, ok := w.want[l.ID]
	if !ok {
		t.Errorf("%s: got a line the model does not have: %s", l.ID, brief(l))
		return
	}
	delete(w.want, l.ID)
	if l.Kind != want.kind || l.Department != want.dept || l.Month != w.m {
		t.Errorf("%s: got %s for %s in %s, want %s for %s in %s", l.ID, l.Kind, l.Department, l.Month, want.kind, want.dept, w.m)
	}
	if !l.Amount.Equal(cents(want.cents)) {
		t.Errorf("%s: got amount %s, want %s", l.ID, l.Amount, cents(want.cents).StringFixed(2))
	}
	if l.Days != want.days {
		t.Errorf("%s: got %d days, want %d", l.ID, l.Days, want.days)
	}
	if (want.kind == KindCharge || want.kind == KindRecurring) && !l.UnitPrice.Equal(cents(want.unitCents)) {
		t.Errorf("%s: got unit price %s, want %s", l.ID, l.UnitPrice, cents(want.unitCents).StringFixed(2))
	}
}

var propertyDepartments = []struct{ id, name, costCenter string }{
	{"radiology", "Radiology", "CC-4100"},
	{"pharmacy", "Pharmacy", "CC-4200"},
	{"laboratory", "Laboratory", "CC-4200"},
	{"him", "Health Information Management", "CC-4300"},
	{"emergency", "Emergency", "CC-4400"},
}

func TestPropertyMonthAgreesWithASimpleModel(t *testing.T) {
	zones := []*time.Location{time.UTC, mustZone(t, "America/New_York"), mustZone(t, "Asia/Kolkata"), mustZone(t, "Pacific/Auckland")}
	allDebits := 0
	for seed := uint64(1); seed <= 200; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 2026))
			w := &month{y: 2026 + r.IntN(3), mo: time.Month(1 + r.IntN(12)), loc: zones[r.IntN(len(zones))], want: map[string]modelLine{}}
			w.m = mustMonth(t, fmt.Sprintf("%04d-%02d", w.y, w.mo))
			_, _, dim := modelDays(w.y, w.mo, time.Time{}, time.Time{}, time.UTC)
			t.Logf("%s in %s", w.m, w.loc)

			var statements []Statement
			for _, dept := range propertyDepartments {
				var lines []Line
				for i := range r.IntN(5) {
					s, svc := w.subscription(t, r, fmt.Sprintf("S-%s-%d", dept.id, i), dept.id)
					more, err := s.Lines(w.m, svc.PriceOn, w.loc)
					if err != nil {
						t.Fatal(err)
					}
					lines = append(lines, more...)
				}
				for i := range r.IntN(4) {
					lines = append(lines, w.charge(t, r, fmt.Sprintf("C-%s-%d", dept.id, i), dept.id, dim).Posting(w.loc).Lines...)
				}
				for i := range r.IntN(3) {
					c := (1 + r.Int64N(50000)) * int64(1-2*r.IntN(2)) // ±0.01..500.00
					id := fmt.Sprintf("ADJ-%s-%d", dept.id, i)
					lines = append(lines, Line{ID: id, Month: w.m, Department: dept.id, Kind: KindAdjustment, Description: "correction", Amount: cents(c)})
					w.expect(t, id, modelLine{dept: dept.id, kind: KindAdjustment, cents: c})
				}
				if len(lines) > 0 {
					statements = append(statements, NewStatement(w.m, dept.id, dept.name, dept.costCenter, lines))
				}
			}
			checkMonth(t, w, statements)
			if debitsOnly(statements) {
				allDebits++
			}
		})
	}
	// The journal's strictest form (debits = credits = month total) needs
	// months where no cost center is in credit; make sure there were some.
	if allDebits < 50 {
		t.Errorf("got %d months where every cost center is debited, want at least 50 of 200", allDebits)
	}
}

// debitsOnly reports whether every cost center's total is zero or more.
func debitsOnly(statements []Statement) bool {
	byCenter := map[string]decimal.Decimal{}
	for _, s := range statements {
		byCenter[s.CostCenter] = byCenter[s.CostCenter].Add(s.Total)
	}
	for _, total := range byCenter {
		if total.Sign() < 0 {
			return false
		}
	}
	return true
}

// checkMonth checks every line against the model, each statement's total,
// the month's total and the journal.
func checkMonth(t *testing.T, w *month, statements []Statement) {
	t.Helper()
	deptCents, centerCents, monthCents := map[string]int64{}, map[string]int64{}, int64(0)
	for _, l := range w.want {
		deptCents[l.dept] += l.cents
		monthCents += l.cents
	}
	monthTotal, summaries := decimal.Zero, []Summary{}
	for _, s := range statements {
		for _, l := range s.Lines {
			w.checkLine(t, l)
		}
		if !s.Total.Equal(cents(deptCents[s.Department])) {
			t.Errorf("%s: got total %s, want %s", s.Department, s.Total, cents(deptCents[s.Department]).StringFixed(2))
		}
		centerCents[s.CostCenter] += deptCents[s.Department]
		monthTotal = monthTotal.Add(s.Total)
		summaries = append(summaries, s.Summary())
	}
	for id := range w.want {
		t.Errorf("%s: the model has this line, the package does not", id)
	}
	if !monthTotal.Equal(cents(monthCents)) {
		t.Errorf("month total: got %s, want %s", monthTotal, cents(monthCents).StringFixed(2))
	}
	checkJournal(t, w.m, summaries, centerCents, monthCents)
}

// checkJournal checks the journal's rows and CSV against the model's cost
// center and month totals.
func checkJournal(t *testing.T, m Month, summaries []Summary, centerCents map[string]int64, monthCents int64) {
	t.Helper()
	rows := Journal(m, summaries, testLedger)
	if got, want := len(rows), len(centerCents)+1; got != want {
		t.Fatalf("journal rows: got %d, want %d", got, want)
	}
	debits, credits := decimal.Zero, decimal.Zero
	for i, r := range rows {
		debits, credits = debits.Add(r.Debit), credits.Add(r.Credit)
		if r.Debit.Sign() < 0 || r.Credit.Sign() < 0 || (r.Debit.Sign() != 0 && r.Credit.Sign() != 0) {
			t.Errorf("%s: got debit %s and credit %s, want one side, not negative", r.CostCenter, r.Debit, r.Credit)
		}
		want := -monthCents // the IT recovery row, last
		if i < len(rows)-1 {
			want = centerCents[r.CostCenter]
		}
		if got := r.Debit.Sub(r.Credit); !got.Equal(cents(want)) {
			t.Errorf("%s: got debit − credit %s, want %s", r.CostCenter, got, cents(want).StringFixed(2))
		}
	}
	if !debits.Equal(credits) {
		t.Errorf("journal: got debits %s and credits %s, want them equal", debits, credits)
	}
	strict := monthCents >= 0
	for _, c := range centerCents {
		strict = strict && c >= 0
	}
	if strict && !debits.Equal(cents(monthCents)) {
		t.Errorf("journal: got debits %s, want the month total %s", debits, cents(monthCents).StringFixed(2))
	}
	records, err := csv.NewReader(bytes.NewReader(JournalCSV(m, rows))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	csvDebits, csvCredits := decimal.Zero, decimal.Zero
	for _, rec := range records[1:] {
		if rec[4] != "" {
			csvDebits = csvDebits.Add(decimal.RequireFromString(rec[4]))
		}
		if rec[5] != "" {
			csvCredits = csvCredits.Add(decimal.RequireFromString(rec[5]))
		}
	}
	if !csvDebits.Equal(debits) || !csvCredits.Equal(credits) {
		t.Errorf("journal CSV: got debits %s and credits %s, want %s and %s", csvDebits, csvCredits, debits, credits)
	}
}
