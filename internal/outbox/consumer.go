package outbox

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// Bus is the one call the consumer makes: EventBridge's PutEvents. The real
// one is *eventbridge.Client; the local bus stand-in implements it too.
type Bus interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

// maxEntries is the most entries one PutEvents call takes.
const maxEntries = 10

// Consumer publishes a stream batch's events to the bus BusName names.
// Attempts, Backoff and Sleep have defaults; tests shorten them.
type Consumer struct {
	Bus     Bus
	BusName string
	// Attempts is how often an entry is sent before it counts as failed
	// (default 4).
	Attempts int
	// Backoff is the wait before the first retry; it doubles each time
	// (default 100 ms).
	Backoff time.Duration
	// Sleep waits d or until ctx ends (default: a timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Log receives what failed (default: slog's default logger).
	Log *slog.Logger
}

// pending is one record's event on its way to the bus.
type pending struct {
	record int // index in the batch
	entry  types.PutEventsRequestEntry
}

// Handle is the Lambda handler of the table's stream (ReportBatchItemFailures
// on). It maps every record in order, sends the events in calls of at most
// ten entries, and sends entries the bus refused again, entry by entry, with
// a doubling wait. At the first record it cannot map or publish it stops:
// that record, every later one of the batch not yet published, and every
// later record of the failed ones' partitions are reported as failures, so
// Lambda retries them in order (and, after its bounded retries, hands the
// batch to the dead-letter destination). It never returns an error: what
// failed is in the response.
func (c *Consumer) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var queue []pending
	stop := len(ev.Records)
	for i, rec := range ev.Records {
		e, ok, err := FromImage(rec.Change.NewImage)
		if err != nil {
			c.log().ErrorContext(ctx, "outbox: cannot map a stream record", "event_id", rec.EventID, "error", err.Error())
			stop = i
			break
		}
		if ok {
			queue = append(queue, pending{record: i, entry: c.entry(e)})
		}
	}
	var failed []int
	for start := 0; start < len(queue) && failed == nil; start += maxEntries {
		chunk := queue[start:min(start+maxEntries, len(queue))]
		failed = c.send(ctx, chunk)
		if failed != nil {
			// Nothing after this chunk was sent.
			for _, p := range queue[start+len(chunk):] {
				stop = min(stop, p.record)
			}
		}
	}
	return c.report(ev.Records, failed, stop), nil
}

// entry is e as one PutEvents entry.
func (c *Consumer) entry(e Event) types.PutEventsRequestEntry {
	detail, _ := json.Marshal(e.Detail) // strings, numbers and null only: cannot fail
	return types.PutEventsRequestEntry{
		Source: aws.String(Source), DetailType: aws.String(string(e.Type)), Time: aws.Time(e.Time),
		EventBusName: aws.String(c.BusName), Detail: aws.String(string(detail)),
	}
}

// send publishes chunk, sending again what the bus refuses (a failed call
// or a failed entry), and returns the records still not published.
func (c *Consumer) send(ctx context.Context, chunk []pending) []int {
	wait := c.Backoff
	if wait <= 0 {
		wait = 100 * time.Millisecond
	}
	attempts := c.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	for attempt := 1; ; attempt++ {
		entries := make([]types.PutEventsRequestEntry, len(chunk))
		for i, p := range chunk {
			entries[i] = p.entry
		}
		out, err := c.Bus.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		var left []pending
		switch {
		case err != nil:
			c.log().WarnContext(ctx, "outbox: PutEvents failed", "entries", len(chunk), "attempt", attempt, "error", err.Error())
			left = chunk
		case len(out.Entries) != len(chunk):
			// The answer does not say which entries made it: send them all
			// again (their ids let consumers drop a duplicate).
			c.log().WarnContext(ctx, "outbox: PutEvents answered for a different number of entries", "sent", len(chunk), "answered", len(out.Entries))
			left = chunk
		default:
			for i, r := range out.Entries {
				if r.ErrorCode != nil {
					c.log().WarnContext(ctx, "outbox: an entry failed", "detail_type", aws.ToString(chunk[i].entry.DetailType),
						"attempt", attempt, "code", aws.ToString(r.ErrorCode), "message", aws.ToString(r.ErrorMessage))
					left = append(left, chunk[i])
				}
			}
		}
		if len(left) == 0 {
			return nil
		}
		chunk = left
		if attempt == attempts || c.sleep(ctx, wait) != nil {
			break
		}
		wait *= 2
	}
	out := make([]int, len(chunk))
	for i, p := range chunk {
		out[i] = p.record
	}
	c.log().ErrorContext(ctx, "outbox: events not published; the records go back to the stream", "records", len(out))
	return out
}

// report lists as failures the failed records, every record from stop on,
// and every record after a failed one in the same partition.
func (c *Consumer) report(records []events.DynamoDBEventRecord, failed []int, stop int) events.DynamoDBEventResponse {
	first := stop
	blocked := map[string]bool{}
	isFailed := map[int]bool{}
	for _, i := range failed {
		isFailed[i] = true
		first = min(first, i)
	}
	res := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	for i := first; i < len(records); i++ {
		pk := partition(records[i])
		if i >= stop || isFailed[i] || blocked[pk] {
			blocked[pk] = true
			res.BatchItemFailures = append(res.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: records[i].Change.SequenceNumber})
		}
	}
	return res
}

// partition is the record's partition key value.
func partition(rec events.DynamoDBEventRecord) string {
	im := &image{attrs: rec.Change.Keys}
	if pk := im.optional("PK"); pk != "" {
		return pk
	}
	im.attrs = rec.Change.NewImage
	return im.optional("PK")
}

func (c *Consumer) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Consumer) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.Default()
}
