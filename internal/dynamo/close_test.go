package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// closeOrg is the org of these tests: the embedded catalog, in UTC.
func closeOrg() billing.Org {
	return billing.Org{Catalog: catalog.Load(), Location: time.UTC}
}

// mustMonth parses a month or fails the test.
func mustMonth(t *testing.T, s string) billing.Month {
	t.Helper()
	m, err := billing.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// at is a time in 2026, UTC.
func at(month time.Month, day, hour int) time.Time {
	return time.Date(2026, month, day, hour, 0, 0, 0, time.UTC)
}

// seeded is one request the seed makes: filed, approved when its service
// needs it, fulfilled, and ended when ended is set.
type seeded struct {
	dept, service       string
	quantity            int64
	created, fulfilled  time.Time
	ended               time.Time
	hours               string // actual hours, for hourly services
	wantMarchLineKinds  []billing.Kind
	wantMarchLineAmount []string
}

// marchSeed is a month of several departments' subscriptions, with a
// charge and an hourly job, that the close tests post and close. Every
// amount is March's, computed by hand.
var marchSeed = []seeded{
	// ehr-licence 2 × 89.50 × 22/31 (Mar 10 to Apr 1) = 3938/31 = 127.032… → 127.03;
	// 48 h SLA missed: −round2(127.03 × 5%) = −6.3515 → −6.35.
	{dept: "radiology", service: "ehr-licence", quantity: 2, created: at(3, 2, 9), fulfilled: at(3, 10, 9),
		wantMarchLineKinds: []billing.Kind{billing.KindRecurring, billing.KindSLACredit}, wantMarchLineAmount: []string{"127.03", "-6.35"}},
	// pacs-viewer-licence since February: all March, 1 × 126.00 × 31/31 = 126.00; no credit in a later month.
	{dept: "radiology", service: "pacs-viewer-licence", quantity: 1, created: at(2, 18, 9), fulfilled: at(2, 19, 9),
		wantMarchLineKinds: []billing.Kind{billing.KindRecurring}, wantMarchLineAmount: []string{"126.00"}},
	// barcode-scanner, one time, in its 72 h: 289.00, posted at fulfilment.
	{dept: "radiology", service: "barcode-scanner", quantity: 1, created: at(3, 2, 9), fulfilled: at(3, 3, 9),
		wantMarchLineKinds: []billing.Kind{billing.KindCharge}, wantMarchLineAmount: []string{"289.00"}},
	// vpn-access 5 × 4.50 × 30/31 (Mar 2 to Apr 1) = 675/31 = 21.774… → 21.77, in its 24 h.
	{dept: "pharmacy", service: "vpn-access", quantity: 5, created: at(3, 2, 9), fulfilled: at(3, 2, 12),
		wantMarchLineKinds: []billing.Kind{billing.KindRecurring}, wantMarchLineAmount: []string{"21.77"}},
	// productivity-licence 3 × 23.50 × 15/31 (Mar 5 to Mar 20) = 1057.5/31 = 34.112… → 34.11.
	{dept: "pharmacy", service: "productivity-licence", quantity: 3, created: at(3, 5, 9), fulfilled: at(3, 5, 10), ended: at(3, 20, 0),
		wantMarchLineKinds: []billing.Kind{billing.KindRecurring}, wantMarchLineAmount: []string{"34.11"}},
	// report-development 3.5 h × 110.00 = 385.00, posted at fulfilment.
	{dept: "pharmacy", service: "report-development", quantity: 4, created: at(3, 2, 9), fulfilled: at(3, 6, 9), hours: "3.5",
		wantMarchLineKinds: []billing.Kind{billing.KindCharge}, wantMarchLineAmount: []string{"385.00"}},
	// backup-storage 1 × 38.00 × 31/31 = 38.00 (fulfilled Mar 1), in its 24 h.
	{dept: "laboratory", service: "backup-storage", quantity: 1, created: at(3, 1, 9), fulfilled: at(3, 1, 10),
		wantMarchLineKinds: []billing.Kind{billing.KindRecurring}, wantMarchLineAmount: []string{"38.00"}},
	// server-vm 2 × 138.00 × 17/31 (Mar 15 to Apr 1) = 4692/31 = 151.354… → 151.35; 48 h SLA
	// missed: −round2(151.35 × 10%) = −15.135 → −15.14.
	{dept: "emergency", service: "server-vm", quantity: 2, created: at(3, 2, 9), fulfilled: at(3, 15, 9),
		wantMarchLineKinds: []billing.Kind{billing.KindRecurring, billing.KindSLACredit}, wantMarchLineAmount: []string{"151.35", "-15.14"}},
	// server-vm ended before March: no line.
	{dept: "emergency", service: "server-vm", quantity: 1, created: at(2, 2, 9), fulfilled: at(2, 3, 9), ended: at(3, 1, 0)},
}

// marchTotals are the statement totals of marchSeed, with laboratory's
// −5.00 adjustment:
// radiology  127.03 − 6.35 + 126.00 + 289.00 = 535.68
// pharmacy   21.77 + 34.11 + 385.00 = 440.88
// laboratory 38.00 − 5.00 = 33.00
// emergency  151.35 − 15.14 = 136.21
// month      535.68 + 440.88 + 33.00 + 136.21 = 1145.77
var marchTotals = map[string]string{"radiology": "535.68", "pharmacy": "440.88", "laboratory": "33.00", "emergency": "136.21"}

// seedIDs are request ids for marchSeed, made once so that twin tables
// hold the same requests.
func seedIDs() []string {
	ids := make([]string, len(marchSeed))
	for i, r := range marchSeed {
		ids[i] = request.NewID(r.created)
	}
	return ids
}

// seedMarch writes marchSeed into s with ids, as the API would: create,
// approve, fulfil and end through the store, and laboratory's adjustment.
func seedMarch(t *testing.T, s *Store, ids []string) {
	t.Helper()
	ctx := context.Background()
	cat := catalog.Load()
	for i, x := range marchSeed {
		q := decimal.NewFromInt(x.quantity)
		r, err := request.New(ids[i], request.Draft{ServiceID: x.service, Department: x.dept, Quantity: &q, By: "dana"}, cat, x.created, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateRequest(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
		change := func(what string, fn func(*request.Request) (billing.Posting, error)) {
			t.Helper()
			if _, err := s.ChangeRequest(ctx, r.ID, x.dept, fn); err != nil {
				t.Fatalf("%s %s %s: %v", what, x.dept, x.service, err)
			}
		}
		if r.Status == request.Submitted {
			change("approve", func(r *request.Request) (billing.Posting, error) {
				return billing.Posting{}, r.Act(request.Approve, "sam", "", x.created.Add(time.Minute))
			})
		}
		var hours *decimal.Decimal
		if x.hours != "" {
			h := decimal.RequireFromString(x.hours)
			hours = &h
		}
		change("fulfil", func(r *request.Request) (billing.Posting, error) {
			return r.Fulfill(hours, &x.fulfilled, "sam", x.fulfilled.Add(time.Hour), time.UTC)
		})
		if !x.ended.IsZero() {
			change("end", func(r *request.Request) (billing.Posting, error) {
				return r.End(&x.ended, "sam", x.fulfilled.Add(2*time.Hour), time.UTC)
			})
		}
	}
	adj := billing.Line{
		ID: "01KADJUSTMENT0000000000000-adjustment", Month: mustMonth(t, "2026-03"), Department: "laboratory",
		Kind: billing.KindAdjustment, Description: "Credit for the LIS outage", Amount: decimal.RequireFromString("-5.00"), PostedAt: at(3, 20, 9),
	}
	if _, err := s.PostLine(ctx, adj, nil); err != nil {
		t.Fatal(err)
	}
}

// closeState is what a month close leaves in the table, in stored form:
// the period item, every line item of every statement partition of the
// month, and the line copies each request keeps.
type closeState struct {
	Period  periodItem
	Lines   map[string][]lineItem   // department → its statement partition, in key order
	Charges map[string][]chargeItem // request id → its CHARGE# items
}

// readCloseState reads everything a close of m writes, with raw Queries,
// so that a line stored twice under two keys would show.
func readCloseState(t *testing.T, s *Store, m billing.Month, ids []string) closeState {
	t.Helper()
	ctx := context.Background()
	out := closeState{Lines: map[string][]lineItem{}, Charges: map[string][]chargeItem{}}
	got, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(periodPK(m), periodSK), ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if err := attributevalue.UnmarshalMap(got.Item, &out.Period); err != nil {
		t.Fatal(err)
	}
	query := func(pk, prefix string, each func(map[string]types.AttributeValue)) {
		t.Helper()
		in := &dynamodb.QueryInput{
			TableName: &s.table, ConsistentRead: aws.Bool(true),
			KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :p)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":pk": &types.AttributeValueMemberS{Value: pk}, ":p": &types.AttributeValueMemberS{Value: prefix},
			},
		}
		if err := s.queryAll(ctx, "test query", in, func(raw map[string]types.AttributeValue) error { each(raw); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range catalog.Load().Departments() {
		query(statementPK(m, d.ID), lineSKPrefix, func(raw map[string]types.AttributeValue) {
			var it lineItem
			if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
				t.Fatal(err)
			}
			out.Lines[d.ID] = append(out.Lines[d.ID], it)
		})
	}
	for _, id := range ids {
		query(requestPK(id), chargeSKPrefix, func(raw map[string]types.AttributeValue) {
			var it chargeItem
			if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
				t.Fatal(err)
			}
			out.Charges[id] = append(out.Charges[id], it)
		})
	}
	return out
}

// lineCount is the number of line items over every statement of a state.
func (c closeState) lineCount() int {
	n := 0
	for _, lines := range c.Lines {
		n += len(lines)
	}
	return n
}

// TestCloseMonthResumes stops a month close between its steps (and within
// one), as a crash or a Lambda timeout would, then reruns it: the result
// is item for item the clean close of a twin table, nothing posted twice or
// missed, and a further rerun changes nothing.
func TestCloseMonthResumes(t *testing.T) {
	ctx := context.Background()
	org := closeOrg()
	march := mustMonth(t, "2026-03")
	closedAt := at(4, 1, 9)
	ids := seedIDs()

	clean := localStore(t)
	seedMarch(t, clean, ids)
	before := readCloseState(t, clean, march, ids)
	p, err := clean.CloseMonth(ctx, march, "scheduler", closedAt, org)
	if err != nil {
		t.Fatal(err)
	}
	want := readCloseState(t, clean, march, ids)
	if p.Status != billing.PeriodClosed || p.Total.StringFixed(2) != "1145.77" {
		t.Fatalf("clean close: got %s %s, want closed 1145.77", p.Status, p.Total.StringFixed(2))
	}
	for _, sum := range p.Statements {
		if got := sum.Total.StringFixed(2); got != marchTotals[sum.Department] {
			t.Errorf("clean close, %s: got %s, want %s", sum.Department, got, marchTotals[sum.Department])
		}
	}
	if len(p.Statements) != len(marchTotals) {
		t.Errorf("clean close: got %d statements, want %d", len(p.Statements), len(marchTotals))
	}
	// The seed's March lines, as the clean close left them.
	for i, x := range marchSeed {
		var got []string
		for _, l := range want.Lines[x.dept] {
			if l.RequestID == ids[i] {
				got = append(got, l.Kind+" "+decimal.RequireFromString(l.Amount).StringFixed(2))
			}
		}
		var wantLines []string
		for j, k := range x.wantMarchLineKinds {
			wantLines = append(wantLines, string(k)+" "+x.wantMarchLineAmount[j])
		}
		slices.Sort(got)
		slices.Sort(wantLines)
		if diff := cmp.Diff(wantLines, got); diff != "" {
			t.Errorf("clean close, %s %s (-want +got):\n%s", x.dept, x.service, diff)
		}
	}

	tests := []struct {
		name string
		// stop runs the close up to where it stops.
		stop func(t *testing.T, s *Store)
		// posted is how many of the close's own lines (beyond those posted
		// before it) the stopped close wrote.
		posted int
	}{
		{"stopped after open → closing", func(t *testing.T, s *Store) {
			mustDo(t, s.MovePeriod(ctx, march, billing.PeriodOpen, billing.PeriodClosing))
		}, 0},
		{"stopped after the first department's recurring lines", func(t *testing.T, s *Store) {
			mustDo(t, s.MovePeriod(ctx, march, billing.PeriodOpen, billing.PeriodClosing))
			mustDo(t, s.postRecurring(ctx, march, org, org.Catalog.Departments()[:1]))
		}, 3}, // radiology: 2 recurring lines and a credit
		{"stopped within a department, a line without its copy on the request", func(t *testing.T, s *Store) {
			mustDo(t, s.MovePeriod(ctx, march, billing.PeriodOpen, billing.PeriodClosing))
			lines, err := s.pendingLines(ctx, march, "emergency", org)
			mustDo(t, err)
			mustDo(t, s.putAll(ctx, []any{toLineItem(lines[0])}))
		}, 1},
		{"stopped before the freeze", func(t *testing.T, s *Store) {
			mustDo(t, s.MovePeriod(ctx, march, billing.PeriodOpen, billing.PeriodClosing))
			mustDo(t, s.postRecurring(ctx, march, org, org.Catalog.Departments()))
		}, want.lineCount() - before.lineCount()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := localStore(t)
			seedMarch(t, s, ids)
			tt.stop(t, s)

			stopped := readCloseState(t, s, march, ids)
			if stopped.Period.Status != string(billing.PeriodClosing) {
				t.Fatalf("stopped close: got period %q, want closing", stopped.Period.Status)
			}
			if got := stopped.lineCount() - before.lineCount(); got != tt.posted {
				t.Errorf("stopped close: got %d lines posted, want %d", got, tt.posted)
			}
			// While the close is stopped, the month takes nothing.
			late := billing.Line{ID: "late-adjustment", Month: march, Department: "radiology", Kind: billing.KindAdjustment,
				Description: "late", Amount: decimal.NewFromInt(1), PostedAt: closedAt}
			if _, err := s.PostLine(ctx, late, nil); !errors.Is(err, ErrPeriodClosed) {
				t.Errorf("posting into a closing month: got %v, want ErrPeriodClosed", err)
			}

			for run := 1; run <= 2; run++ {
				// The first rerun closes at the clean close's time; the second, an
				// hour later, must find the month closed and change nothing.
				p, err := s.CloseMonth(ctx, march, "scheduler", closedAt.Add(time.Duration(run-1)*time.Hour), org)
				if err != nil {
					t.Fatalf("rerun %d: %v", run, err)
				}
				got := readCloseState(t, s, march, ids)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("rerun %d differs from the clean close (-clean +rerun):\n%s", run, diff)
				}
				if p.Total.StringFixed(2) != "1145.77" || p.Status != billing.PeriodClosed {
					t.Errorf("rerun %d: got %s %s, want closed 1145.77", run, p.Status, p.Total.StringFixed(2))
				}
				for _, d := range org.Catalog.Departments() {
					a, _, errA := s.Statement(ctx, march, d, org)
					b, _, errB := clean.Statement(ctx, march, d, org)
					if errA != nil || errB != nil || a.Checksum != b.Checksum || !a.Total.Equal(b.Total) || len(a.Lines) != len(b.Lines) {
						t.Errorf("rerun %d, %s: got %s %s %d lines (%v), clean %s %s %d lines (%v)",
							run, d.ID, a.Checksum, a.Total, len(a.Lines), errA, b.Checksum, b.Total, len(b.Lines), errB)
					}
				}
			}
		})
	}
}

// mustDo fails the test on an error.
func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// storedSize is an item's size as DynamoDB counts it, near enough: each
// attribute's name and value, strings and binaries by their bytes,
// numbers by about one byte per two digits, lists and maps with 3 bytes of
// their own and one per element.
func storedSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return (len(v.Value)+1)/2 + 1
	case *types.AttributeValueMemberB:
		return len(v.Value)
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		return 3 + len(v.Value) + storedSize(v.Value)
	default:
		return 1
	}
}

// TestAStatementOfThreeThousandLinesCloses: a statement of 3,000 lines
// closes, reads back whole (over several Query pages) with its checksum,
// and the period item records a summary of it, not its lines: it stays a
// few kilobytes, where the lines themselves are far over DynamoDB's 400 KB
// item limit.
func TestAStatementOfThreeThousandLinesCloses(t *testing.T) {
	ctx := context.Background()
	org := closeOrg()
	march := mustMonth(t, "2026-03")
	s := localStore(t)
	// Two vpn-access subscriptions fulfilled Mar 1 in their SLA: all March,
	// 1 × 4.50 × 31/31 = 4.50 each.
	cat := catalog.Load()
	for range 2 {
		one := decimal.NewFromInt(1)
		r, err := request.New(request.NewID(at(3, 1, 9)), request.Draft{ServiceID: "vpn-access", Department: "radiology", Quantity: &one, By: "dana"}, cat, at(3, 1, 9), time.UTC)
		mustDo(t, err)
		_, err = s.CreateRequest(ctx, r, nil)
		mustDo(t, err)
		_, err = s.ChangeRequest(ctx, r.ID, "", func(r *request.Request) (billing.Posting, error) {
			return billing.Posting{}, r.Act(request.Approve, "sam", "", at(3, 1, 9))
		})
		mustDo(t, err)
		_, err = s.ChangeRequest(ctx, r.ID, "", func(r *request.Request) (billing.Posting, error) {
			return r.Fulfill(nil, nil, "sam", at(3, 1, 10), time.UTC)
		})
		mustDo(t, err)
	}
	// 2,998 adjustments of 0.01 to 29.98: 0.01 × (1 + … + 2998) = 0.01 ×
	// 2998 × 2999 / 2 = 44955.01.
	const n = 2998
	items := make([]any, 0, n)
	linesSize := 0
	for i := 1; i <= n; i++ {
		it := toLineItem(billing.Line{
			ID: fmt.Sprintf("01KBULK%019d-adjustment", i), Month: march, Department: "radiology", Kind: billing.KindAdjustment,
			Description: fmt.Sprintf("Correction %d of the imaging archive storage count for February", i),
			Amount:      decimal.New(int64(i), -2), PostedAt: at(3, 20, 9),
		})
		av, err := attributevalue.MarshalMap(it)
		mustDo(t, err)
		linesSize += storedSize(av)
		items = append(items, it)
	}
	mustDo(t, s.putAll(ctx, items))

	start := time.Now()
	p, err := s.CloseMonth(ctx, march, "scheduler", at(4, 1, 9), org)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("closed a 3,000-line statement in %v", time.Since(start))
	// 44955.01 + 2 × 4.50 = 44964.01.
	if len(p.Statements) != 1 || p.Statements[0].Lines != 3000 || p.Total.StringFixed(2) != "44964.01" {
		t.Fatalf("close: got %d statements, %+v, total %s; want one of 3000 lines, 44964.01", len(p.Statements), p.Statements, p.Total.StringFixed(2))
	}
	dept, _ := cat.Department("radiology")
	st, read, err := s.Statement(ctx, march, dept, org)
	if err != nil {
		t.Fatalf("reading the closed statement back: %v", err)
	}
	if len(st.Lines) != 3000 || st.Checksum != p.Statements[0].Checksum || st.Checksum != billing.Checksum(st.CSV()) || read.Status != billing.PeriodClosed {
		t.Errorf("closed statement: got %d lines, checksum %s (recorded %s), period %s; want 3000, the recorded checksum, closed",
			len(st.Lines), st.Checksum, p.Statements[0].Checksum, read.Status)
	}
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(periodPK(march), periodSK), ConsistentRead: aws.Bool(true)})
	mustDo(t, err)
	size := storedSize(out.Item)
	t.Logf("period item %d bytes; the 3,000 line items %d bytes", size, linesSize)
	if size > 2048 {
		t.Errorf("period item: got %d bytes, want under 2 KB (a summary per statement, never its lines)", size)
	}
	if linesSize < 400<<10 {
		t.Errorf("the lines: got %d bytes, want over 400 KB, or this test proves nothing about the item limit", linesSize)
	}
}
