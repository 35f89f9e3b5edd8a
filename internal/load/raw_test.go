package load

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/request"
)

// TestTwinsWriteWhatTheStoreReads has the raw twins file and fulfil a
// request, then reads it back through the store. With no prefix the
// twins' items land where the store's own would, so the store must read
// them exactly: the request and its history, its department's list, its
// charge line, the report's counts, and the statement twin's own reads.
// With the run's prefix the API must see only the request itself, which
// nothing lists.
func TestTwinsWriteWhatTheStoreReads(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	cat := catalog.Load()
	org := billing.Org{Catalog: cat, Location: time.UTC}
	tests := []struct {
		name    string
		pricing catalog.Pricing
		prefix  string
	}{
		{"one-time, unprefixed", catalog.OneTime, ""},
		{"monthly, unprefixed", catalog.Monthly, ""},
		{"one-time, hidden from the API", catalog.OneTime, twinPrefix},
		{"monthly, hidden from the API", catalog.Monthly, twinPrefix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			client := dynamo.NewLocalClient(endpoint)
			table := dynamotest.Table(t, client)
			store := dynamo.New(client, table)
			tw := &raw{client: client, table: table, loc: time.UTC, prefix: tt.prefix}
			svc, dept := requestableOf(t, cat, tt.pricing), cat.Departments()[0].ID

			req, err := tw.create(ctx, dept, svc, 3, `{"id": "x"}`)
			if err != nil {
				t.Fatal(err)
			}
			if err := tw.fulfil(ctx, req); err != nil {
				t.Fatal(err)
			}
			m := req.FulfilledMonth

			got, err := store.GetRequest(ctx, req.ID, dept)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(req, got, cmp.AllowUnexported(billing.Month{})); diff != "" {
				t.Errorf("the request read back (-twin's +store's):\n%s", diff)
			}

			visible := tt.prefix == ""
			var wantListed, wantCharges []string
			wantLines, wantSubs, wantCounted := 0, 0, 0
			if visible {
				wantListed, wantCounted = []string{req.ID}, 1
				if tt.pricing == catalog.Monthly {
					wantSubs = 1
				} else {
					wantLines = 1
					wantCharges = []string{req.ID + "-charge " + req.EstimatedCharge.String()}
				}
			}

			page, err := store.ListRequests(ctx, request.Query{Department: dept, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var listed []string
			for _, r := range page.Items {
				listed = append(listed, r.ID)
			}
			if diff := cmp.Diff(wantListed, listed); diff != "" {
				t.Errorf("the department's list (-want +got):\n%s", diff)
			}

			lines, err := store.Lines(ctx, m, dept)
			if err != nil {
				t.Fatal(err)
			}
			var charges []string
			for _, l := range lines {
				charges = append(charges, l.ID+" "+l.Amount.String())
			}
			if diff := cmp.Diff(wantCharges, charges); diff != "" {
				t.Errorf("the statement's lines (-want +got):\n%s", diff)
			}

			book, err := store.ReportBook(ctx, m, m, org)
			if err != nil {
				t.Fatal(err)
			}
			if tally := book.Services[svc.ID]; tally.Requests != wantCounted || tally.Fulfilled != wantCounted {
				t.Errorf("the report counts %d requests, %d fulfilled, want %d and %d", tally.Requests, tally.Fulfilled, wantCounted, wantCounted)
			}

			gotLines, gotSubs, err := tw.statement(ctx, m, dept)
			if err != nil {
				t.Fatal(err)
			}
			if gotLines != wantLines || gotSubs != wantSubs {
				t.Errorf("the statement twin read %d lines and %d subscriptions, want %d and %d", gotLines, gotSubs, wantLines, wantSubs)
			}
		})
	}
}

// TestTwinQuotesAsBefore holds the create twin's quote to the latest
// catalog price times the quantity, rounded to cents by billing.
func TestTwinQuotesAsBefore(t *testing.T) {
	svc := catalog.Service{ID: "s", Pricing: catalog.OneTime, Prices: []catalog.Price{
		{UnitPrice: decimal.RequireFromString("1.00")}, {UnitPrice: decimal.RequireFromString("33.335")},
	}}
	req := newRawRequest("d", svc, 3, time.Now())
	if want := decimal.RequireFromString("100.01"); !req.EstimatedCharge.Equal(want) {
		t.Errorf("got an estimated charge of %s, want %s", req.EstimatedCharge, want)
	}
}

// requestableOf is the first service of pricing the run requests.
func requestableOf(t *testing.T, cat *catalog.Catalog, pricing catalog.Pricing) catalog.Service {
	t.Helper()
	for _, s := range requestable(cat) {
		if s.Pricing == pricing {
			return s
		}
	}
	t.Fatalf("the catalog has no requestable %s service", pricing)
	return catalog.Service{}
}
