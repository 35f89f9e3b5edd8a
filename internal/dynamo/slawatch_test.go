package dynamo

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// slaRequest files a one-time request for shared-mailbox (no approval, a
// 24-hour SLA) at created.
func slaRequest(t *testing.T, s *Store, created time.Time) *request.Request {
	t.Helper()
	qty := decimal.NewFromInt(1)
	r, err := request.New(request.NewID(created), request.Draft{ServiceID: "shared-mailbox", Department: "radiology", Quantity: &qty, By: "dana"}, catalog.Load(), created, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRequest(context.Background(), r, nil); err != nil {
		t.Fatal(err)
	}
	return r
}

// slaMarkers reads the SLA markers in a request's partition, by threshold.
func slaMarkers(t *testing.T, s *Store, id string) map[int]slaItem {
	t.Helper()
	in := partitionQuery(s.table, requestPK(id))
	in.KeyConditionExpression = aws.String("PK = :pk AND begins_with(SK, :sla)")
	in.ExpressionAttributeValues[":sla"] = &types.AttributeValueMemberS{Value: slaSKPrefix}
	out := map[int]slaItem{}
	err := s.queryAll(context.Background(), "query markers", in, func(raw map[string]types.AttributeValue) error {
		var it slaItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		out[it.Threshold] = it
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// watchTogether runs n WatchSLAs at once at now and returns every crossing
// they report recording.
func watchTogether(t *testing.T, s *Store, n int, now time.Time) []SLACrossing {
	t.Helper()
	var (
		mu  sync.Mutex
		all []SLACrossing
		wg  sync.WaitGroup
	)
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			got, err := s.WatchSLAs(context.Background(), now)
			errs <- err
			mu.Lock()
			all = append(all, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("WatchSLAs at %s: %v", now.Format(time.RFC3339), err)
		}
	}
	return all
}

// TestWatchSLAsRecordsEachCrossingOnce: ten overlapping runs at each of
// three moments record each threshold of each open request exactly once,
// with the status it had; a request cancelled before its first crossing,
// and one fulfilled between its two, get nothing after they closed.
func TestWatchSLAsRecordsEachCrossingOnce(t *testing.T) {
	s := localStore(t)
	ctx := context.Background()
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	open := slaRequest(t, s, created)
	cancelled := slaRequest(t, s, created)
	fulfilled := slaRequest(t, s, created)
	atRisk, due := open.SLAThresholdAt(75), open.SLADueAt

	if _, err := s.ChangeRequest(ctx, cancelled.ID, "", func(r *request.Request) (billing.Posting, error) {
		return billing.Posting{}, r.Act(request.Cancel, "dana", "", atRisk.Add(-time.Minute))
	}); err != nil {
		t.Fatal(err)
	}
	type crossing = SLACrossing
	steps := []struct {
		name string
		now  time.Time
		want []crossing
	}{
		{"before 75 %", atRisk.Add(-time.Second), nil},
		{"past 75 %", atRisk.Add(time.Second), []crossing{{open.ID, 75}, {fulfilled.ID, 75}}},
		{"past due", due.Add(time.Second), []crossing{{open.ID, 100}}},
		{"again, long after", due.Add(48 * time.Hour), nil},
	}
	for _, st := range steps {
		if st.name == "past due" {
			if _, err := s.ChangeRequest(ctx, fulfilled.ID, "", func(r *request.Request) (billing.Posting, error) {
				return r.Fulfill(nil, nil, "sam", due.Add(-time.Minute), time.UTC)
			}); err != nil {
				t.Fatal(err)
			}
		}
		got := watchTogether(t, s, 10, st.now)
		if diff := gocmp.Diff(sortedCrossings(st.want), sortedCrossings(got)); diff != "" {
			t.Errorf("%s: crossings recorded by 10 overlapping runs (-want +got):\n%s", st.name, diff)
		}
	}

	checks := []struct {
		name string
		id   string
		want map[int]slaItem
	}{
		{"the open request: both, each at its first run", open.ID, map[int]slaItem{
			75:  toSLAItem(&request.Request{ID: open.ID, Department: "radiology", ServiceID: "shared-mailbox", Status: request.Approved, SLADueAt: due}, 75, atRisk.Add(time.Second)),
			100: toSLAItem(&request.Request{ID: open.ID, Department: "radiology", ServiceID: "shared-mailbox", Status: request.Approved, SLADueAt: due}, 100, due.Add(time.Second)),
		}},
		{"cancelled before 75 %: none", cancelled.ID, map[int]slaItem{}},
		{"fulfilled between 75 and 100 %: 75 only", fulfilled.ID, map[int]slaItem{
			75: toSLAItem(&request.Request{ID: fulfilled.ID, Department: "radiology", ServiceID: "shared-mailbox", Status: request.Approved, SLADueAt: due}, 75, atRisk.Add(time.Second)),
		}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if diff := gocmp.Diff(c.want, slaMarkers(t, s, c.id)); diff != "" {
				t.Errorf("markers (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWatchSLAsChecksTheRequestStillHasItsStatus: a crossing judged on a
// stale read of the index (the request was fulfilled meanwhile) is refused
// by the transaction's check, and nothing is written.
func TestWatchSLAsChecksTheRequestStillHasItsStatus(t *testing.T) {
	s := localStore(t)
	ctx := context.Background()
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	r := slaRequest(t, s, created)
	stale := *r
	if _, err := s.ChangeRequest(ctx, r.ID, "", func(r *request.Request) (billing.Posting, error) {
		return r.Fulfill(nil, nil, "sam", created.Add(time.Hour), time.UTC)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.recordSLA(ctx, &stale, 100, r.SLADueAt.Add(time.Hour)); !errors.Is(err, errSLAMoved) {
		t.Errorf("recording on a stale read: got %v, want %v", err, errSLAMoved)
	}
	if got := slaMarkers(t, s, r.ID); len(got) != 0 {
		t.Errorf("markers written for a fulfilled request: %v", got)
	}
}

// sortedCrossings is c in request, then threshold, order.
func sortedCrossings(c []SLACrossing) []SLACrossing {
	out := slices.Clone(c)
	slices.SortFunc(out, func(a, b SLACrossing) int {
		return cmp.Or(strings.Compare(a.RequestID, b.RequestID), a.Threshold-b.Threshold)
	})
	return out
}

// TestWatchSLAsRerunsWriteNothing: a run after the crossings were recorded
// reads the markers and tries no write (each try would be a transaction
// its condition refuses, billed all the same).
func TestWatchSLAsRerunsWriteNothing(t *testing.T) {
	s := localStore(t)
	var mu sync.Mutex
	calls := map[string]int{}
	counting := NewLocalClient(endpoint(t), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Initialize.Add(middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				mu.Lock()
				calls[middleware.GetOperationName(ctx)]++
				mu.Unlock()
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
		})
	})
	watcher := New(counting, s.table)
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	var due time.Time
	for range 3 {
		due = slaRequest(t, s, created).SLADueAt
	}
	for run, want := range []int{6, 0} {
		mu.Lock()
		clear(calls)
		mu.Unlock()
		got, err := watcher.WatchSLAs(context.Background(), due.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		writes := calls["TransactWriteItems"] + calls["PutItem"]
		mu.Unlock()
		if len(got) != want || writes != want {
			t.Errorf("run %d: recorded %d with %d writes, want %d and %d (calls %v)", run+1, len(got), writes, want, want, calls)
		}
	}
}
