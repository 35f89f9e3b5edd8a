package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"
)

// fakeBus is EventBridge's PutEvents: it keeps what it accepted, in order,
// and refuses what refuse says (a whole call, or single entries).
type fakeBus struct {
	calls    int
	sizes    []int
	sent     [][]byte // every input as JSON, as it would travel
	accepted []types.PutEventsRequestEntry
	// refuse decides a call: an error fails it whole; otherwise each entry
	// whose code is not "" fails with that code.
	refuse func(call int, e types.PutEventsRequestEntry) (code string, err error)
}

func (b *fakeBus) PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	b.calls++
	b.sizes = append(b.sizes, len(in.Entries))
	raw, _ := json.Marshal(in)
	b.sent = append(b.sent, raw)
	if len(in.Entries) > maxEntries {
		return nil, fmt.Errorf("ValidationException: %d entries", len(in.Entries))
	}
	out := &eventbridge.PutEventsOutput{}
	for _, e := range in.Entries {
		code, err := "", error(nil)
		if b.refuse != nil {
			code, err = b.refuse(b.calls, e)
		}
		if err != nil {
			return nil, err
		}
		if code != "" {
			out.FailedEntryCount++
			out.Entries = append(out.Entries, types.PutEventsResultEntry{ErrorCode: aws.String(code), ErrorMessage: aws.String("refused")})
			continue
		}
		b.accepted = append(b.accepted, e)
		out.Entries = append(out.Entries, types.PutEventsResultEntry{EventId: aws.String(fmt.Sprint("eb-", len(b.accepted)))})
	}
	return out, nil
}

// ids lists the event ids the bus accepted, in order.
func (b *fakeBus) ids(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, e := range b.accepted {
		var d map[string]any
		if err := json.Unmarshal([]byte(aws.ToString(e.Detail)), &d); err != nil {
			t.Fatalf("detail is not JSON: %v", err)
		}
		out = append(out, d["event_id"].(string))
	}
	return out
}

// batch is a stream batch of n records, request history entries of
// `requests` requests taking turns (r-0 v1, r-1 v1, ..., r-0 v2, ...).
func batch(t *testing.T, n, requests int) events.DynamoDBEvent {
	t.Helper()
	base := historyImages(t)[0]
	var ev events.DynamoDBEvent
	for i := range n {
		img := map[string]events.DynamoDBAttributeValue{}
		for k, v := range base {
			img[k] = v
		}
		id := fmt.Sprint("r-", i%requests)
		img["PK"], img["request_id"] = events.NewStringAttribute("REQ#"+id), events.NewStringAttribute(id)
		img["SK"] = events.NewStringAttribute(fmt.Sprintf("EVENT#%010d", i/requests+1))
		ev.Records = append(ev.Records, record(i, img))
	}
	return ev
}

// wantIDs are the event ids of records, in order.
func wantIDs(t *testing.T, records []events.DynamoDBEventRecord) []string {
	t.Helper()
	var out []string
	for _, r := range records {
		if e, ok, _ := FromImage(r.Change.NewImage); ok {
			out = append(out, e.ID)
		}
	}
	return out
}

// failures are the sequence numbers reported, as record indexes.
func failures(res events.DynamoDBEventResponse) []int {
	out := []int{}
	for _, f := range res.BatchItemFailures {
		i, _ := strconv.Atoi(f.ItemIdentifier)
		out = append(out, i)
	}
	return out
}

func consumer(bus Bus, waits *[]time.Duration) *Consumer {
	return &Consumer{
		Bus: bus, BusName: "chargeback-events", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sleep: func(ctx context.Context, d time.Duration) error {
			*waits = append(*waits, d)
			return ctx.Err()
		},
	}
}

func TestConsumerPublishesEachEventOnce(t *testing.T) {
	refusedOnce := map[string]bool{}
	tests := []struct {
		name      string
		refuse    func(call int, e types.PutEventsRequestEntry) (string, error)
		wantCalls []int // entries per call
		wantWaits []time.Duration
	}{
		{"all accepted", nil, []int{10, 10, 5}, nil},
		{"two entries refused once (FailedEntryCount 2), sent again alone", func(call int, e types.PutEventsRequestEntry) (string, error) {
			d := aws.ToString(e.Detail)
			if (strings.Contains(d, `"request_id":"r-3"`) || strings.Contains(d, `"request_id":"r-7"`)) && !refusedOnce[d] {
				refusedOnce[d] = true
				return "ThrottlingException", nil
			}
			return "", nil
		}, []int{10, 2, 10, 2, 5, 1}, []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond}},
		{"a call throttled twice", func(call int, e types.PutEventsRequestEntry) (string, error) {
			if call <= 2 {
				return "", errors.New("operation error EventBridge: PutEvents, ThrottlingException: Rate exceeded")
			}
			return "", nil
		}, []int{10, 10, 10, 10, 5}, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
		{"a call timed out", func(call int, e types.PutEventsRequestEntry) (string, error) {
			if call == 2 {
				return "", fmt.Errorf("operation error EventBridge: PutEvents, https response error: %w", context.DeadlineExceeded)
			}
			return "", nil
		}, []int{10, 10, 10, 5}, []time.Duration{100 * time.Millisecond}},
		{"an internal failure of one entry", func(call int, e types.PutEventsRequestEntry) (string, error) {
			if call == 3 && strings.Contains(aws.ToString(e.Detail), `"request_id":"r-1"`) {
				return "InternalFailure", nil
			}
			return "", nil
		}, []int{10, 10, 5, 1}, []time.Duration{100 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// 25 records of 10 requests: r-3 and r-7 have entries in
			// each call of 10.
			ev := batch(t, 25, 10)
			bus := &fakeBus{refuse: tt.refuse}
			var waits []time.Duration
			res, err := consumer(bus, &waits).Handle(context.Background(), ev)
			if err != nil {
				t.Fatal(err)
			}
			if got := failures(res); len(got) != 0 {
				t.Errorf("reported failures %v, want none", got)
			}
			if diff := cmp.Diff(tt.wantCalls, bus.sizes); diff != "" {
				t.Errorf("entries per call (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWaits, waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			got, want := bus.ids(t), wantIDs(t, ev.Records)
			slices.Sort(got)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("published (-want +got): none lost, none twice\n%s", diff)
			}
		})
	}
}

// An entry the bus refuses on every attempt goes back to the stream with
// everything not yet published and every later record of its request;
// records published meanwhile of other requests are not reported.
func TestConsumerReportsWhatStillFailsInOrder(t *testing.T) {
	ev := batch(t, 25, 4) // record i is request r-(i%4), version i/4+1
	bus := &fakeBus{refuse: func(call int, e types.PutEventsRequestEntry) (string, error) {
		// Record 12 (r-0, version 4) is in the second call.
		if strings.Contains(aws.ToString(e.Detail), "REQ#r-0/EVENT#0000000004/") {
			return "InternalFailure", nil
		}
		return "", nil
	}}
	var waits []time.Duration
	res, err := consumer(bus, &waits).Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	// 12 failed; 16 is r-0's next in the same call; 20 to 24 were never sent.
	if diff := cmp.Diff([]int{12, 16, 20, 21, 22, 23, 24}, failures(res)); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{10, 10, 1, 1, 1}, bus.sizes); diff != "" {
		t.Errorf("entries per call (-want +got): four attempts in all\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}, waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	// Lambda sends the reported records again: then all is published, and
	// only records reported twice (16, r-0's next) appear twice, with one id.
	bus.refuse = nil
	var again events.DynamoDBEvent
	for _, i := range failures(res) {
		again.Records = append(again.Records, ev.Records[i])
	}
	if res, _ := consumer(bus, &waits).Handle(context.Background(), again); len(res.BatchItemFailures) != 0 {
		t.Fatalf("the retry reported %v", failures(res))
	}
	got := bus.ids(t)
	for _, id := range wantIDs(t, ev.Records) {
		if n := count(got, id); n != 1 && !(id == wantIDs(t, ev.Records[16:17])[0] && n == 2) {
			t.Errorf("%s published %d times", id, n)
		}
	}
}

func count(l []string, s string) int {
	n := 0
	for _, x := range l {
		if x == s {
			n++
		}
	}
	return n
}

// When the function's time runs out, what is not published is reported.
func TestConsumerReportsWhatTheDeadlineCut(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	bus := &fakeBus{refuse: func(call int, e types.PutEventsRequestEntry) (string, error) {
		if call == 2 {
			cancel()
			return "", context.Canceled
		}
		return "", nil
	}}
	var waits []time.Duration
	res, _ := consumer(bus, &waits).Handle(ctx, batch(t, 25, 25))
	want := []int{}
	for i := 10; i < 25; i++ {
		want = append(want, i)
	}
	if diff := cmp.Diff(want, failures(res)); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
	if bus.calls != 2 {
		t.Errorf("calls: got %d, want 2 (no retry once the context ended)", bus.calls)
	}
}

// A record that cannot be mapped stops the batch there: what came before
// is published, it and what follows go back to the stream.
func TestConsumerStopsAtAnUnreadableRecord(t *testing.T) {
	ev := batch(t, 6, 6)
	ev.Records[3].Change.NewImage["action"] = events.NewStringAttribute("teleport")
	bus := &fakeBus{}
	var waits []time.Duration
	res, _ := consumer(bus, &waits).Handle(context.Background(), ev)
	if diff := cmp.Diff([]int{3, 4, 5}, failures(res)); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantIDs(t, ev.Records[:3]), bus.ids(t)); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
}

// Items that are no events cost no call.
func TestConsumerIgnoresItemsThatAreNoEvents(t *testing.T) {
	ev := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{
		record(1, periodImage("open")), record(2, inquiryImage("withdrawn", 2)), record(3, nil),
		record(4, attrs("PK", "IDEM#x", "SK", "IDEMPOTENCY", "type", "idempotency")),
	}}
	bus := &fakeBus{}
	var waits []time.Duration
	res, err := consumer(bus, &waits).Handle(context.Background(), ev)
	if err != nil || len(res.BatchItemFailures) != 0 || bus.calls != 0 {
		t.Errorf("got %v, failures %v, %d calls; want nothing done", err, failures(res), bus.calls)
	}
}

// Every entry names the bus, the source, its type as detail-type and its
// time.
func TestConsumerEntries(t *testing.T) {
	var ev events.DynamoDBEvent
	for i, img := range eventImages(t) {
		ev.Records = append(ev.Records, record(i, img))
	}
	bus := &fakeBus{}
	var waits []time.Duration
	if _, err := consumer(bus, &waits).Handle(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	if len(bus.accepted) != len(ev.Records) {
		t.Fatalf("accepted %d entries, want %d", len(bus.accepted), len(ev.Records))
	}
	for i, e := range bus.accepted {
		want, _, _ := FromImage(ev.Records[i].Change.NewImage)
		got := fmt.Sprint(aws.ToString(e.EventBusName), " ", aws.ToString(e.Source), " ", aws.ToString(e.DetailType), " ", aws.ToTime(e.Time).UTC())
		if w := fmt.Sprint("chargeback-events chargeback ", want.Type, " ", want.Time.UTC()); got != w {
			t.Errorf("entry %d: got %s, want %s", i, got, w)
		}
	}
}

// No free text is ever published: every note, reason, comment,
// description, outcome and author the items hold is marked, and no byte
// sent to the bus holds a mark.
func TestNoFreeTextIsPublished(t *testing.T) {
	var ev events.DynamoDBEvent
	for i, img := range eventImages(t) {
		ev.Records = append(ev.Records, record(i, img))
	}
	// Each marker must really be in the items, or the test proves nothing.
	all := fmt.Sprint(ev)
	for _, s := range secrets {
		if !strings.Contains(all, s) {
			t.Fatalf("no test item holds %s", s)
		}
	}
	bus := &fakeBus{}
	var waits []time.Duration
	if _, err := consumer(bus, &waits).Handle(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	if len(bus.sent) == 0 {
		t.Fatal("nothing was sent")
	}
	for _, raw := range bus.sent {
		for _, s := range secrets {
			if strings.Contains(string(raw), s) {
				t.Errorf("published %s:\n%s", s, raw)
			}
		}
		for _, field := range []string{"note", "reason", "comment", "description", "outcome", "by"} {
			if strings.Contains(string(raw), `\"`+field+`\"`) {
				t.Errorf("published a %q field:\n%s", field, raw)
			}
		}
	}
}
