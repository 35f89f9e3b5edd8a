package local

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// Streams is what the stream reader calls of DynamoDB Streams;
// *dynamodbstreams.Client has it.
type Streams interface {
	DescribeStream(ctx context.Context, in *dynamodbstreams.DescribeStreamInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error)
	GetShardIterator(ctx context.Context, in *dynamodbstreams.GetShardIteratorInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *dynamodbstreams.GetRecordsInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error)
}

// NewStreamsClient returns a DynamoDB Streams client for DynamoDB Local at
// endpoint, with the same fixed local credentials as the table's client.
func NewStreamsClient(endpoint string) *dynamodbstreams.Client {
	return dynamodbstreams.New(dynamodbstreams.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String(endpoint),
	})
}

// StreamHandler is a stream function as Lambda calls it with
// ReportBatchItemFailures on: the outbox consumer's Handle.
type StreamHandler func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)

// StreamReader reads a table's stream as Lambda's event source mapping
// does in AWS, and hands each batch to the same handler: every shard in
// order, a parent shard before its children, batches of at most
// BatchSize records. When the handler reports failed records, the reader
// keeps what came before the first of them and reads again from it after
// a pause, as Lambda does; it never skips a record. Its checkpoints say
// where each shard stands, so a restarted reader resumes there.
type StreamReader struct {
	Client      Streams
	StreamARN   string
	Handle      StreamHandler
	Checkpoints *Checkpoints
	// BatchSize is the most records one call hands on (default 100, the
	// template's).
	BatchSize int32
	// Idle is the pause when no shard had new records (default 100 ms),
	// Retry the pause after a failure (default 500 ms).
	Idle, Retry time.Duration
	// Log receives what failed (default: slog's default logger).
	Log *slog.Logger

	shards    []types.Shard
	described time.Time
	iterators map[string]*string // by shard id: where the next read starts
}

// describeEvery is how often the reader lists the shards again while
// reading; it also does when a shard ends.
const describeEvery = 5 * time.Second

// Run reads the stream until ctx ends.
func (r *StreamReader) Run(ctx context.Context) {
	r.iterators = map[string]*string{}
	for ctx.Err() == nil {
		pause := r.Idle
		if pause <= 0 {
			pause = 100 * time.Millisecond
		}
		read, err := r.pass(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.log().WarnContext(ctx, "local stream: reading failed; trying again", "error", err.Error())
			pause = r.Retry
			if pause <= 0 {
				pause = 500 * time.Millisecond
			}
		case read > 0:
			pause = 0
		}
		if pause > 0 {
			sleep(ctx, pause)
		}
	}
}

// pass reads one batch from each shard that may be read now and reports
// how many records it handed on.
func (r *StreamReader) pass(ctx context.Context) (int, error) {
	if r.shards == nil || time.Since(r.described) > describeEvery {
		if err := r.describe(ctx); err != nil {
			return 0, err
		}
	}
	total := 0
	for _, s := range r.readable() {
		n, err := r.readShard(ctx, aws.ToString(s.ShardId))
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// describe lists every shard of the stream.
func (r *StreamReader) describe(ctx context.Context) error {
	var shards []types.Shard
	in := &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(r.StreamARN)}
	for {
		out, err := r.Client.DescribeStream(ctx, in)
		if err != nil {
			return err
		}
		shards = append(shards, out.StreamDescription.Shards...)
		if out.StreamDescription.LastEvaluatedShardId == nil {
			break
		}
		in.ExclusiveStartShardId = out.StreamDescription.LastEvaluatedShardId
	}
	r.shards, r.described = shards, time.Now()
	return nil
}

// readable lists the shards not read to their end whose parent is (or is
// no longer in the stream): a child's records come after its parent's.
func (r *StreamReader) readable() []types.Shard {
	listed := map[string]bool{}
	for _, s := range r.shards {
		listed[aws.ToString(s.ShardId)] = true
	}
	var out []types.Shard
	for _, s := range r.shards {
		if _, done := r.Checkpoints.Get(r.StreamARN, aws.ToString(s.ShardId)); done {
			continue
		}
		parent := aws.ToString(s.ParentShardId)
		if _, parentDone := r.Checkpoints.Get(r.StreamARN, parent); parent == "" || parentDone || !listed[parent] {
			out = append(out, s)
		}
	}
	return out
}

// errHandlerFailed means the handler reported failed records: the reader
// reads them again after a pause.
var errHandlerFailed = errors.New("the stream handler reported failed records")

// readShard reads and hands on one batch of the shard, and reports how
// many records it handed on.
func (r *StreamReader) readShard(ctx context.Context, shard string) (int, error) {
	it, err := r.iterator(ctx, shard)
	if err != nil {
		return 0, err
	}
	size := r.BatchSize
	if size <= 0 {
		size = 100
	}
	out, err := r.Client.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(size)})
	if err != nil {
		delete(r.iterators, shard) // expired, or the shard is gone: ask again
		return 0, err
	}
	handed, err := r.hand(ctx, shard, out.Records)
	if err != nil {
		delete(r.iterators, shard) // resume after the checkpoint
		return handed, err
	}
	if out.NextShardIterator == nil {
		delete(r.iterators, shard)
		r.shards = nil // the shard ended: its children may be listed now
		return handed, r.Checkpoints.Finish(r.StreamARN, shard)
	}
	r.iterators[shard] = out.NextShardIterator
	return handed, nil
}

// hand passes records to the handler and checkpoints the last one before
// the first it reports failed (all of them when none failed).
func (r *StreamReader) hand(ctx context.Context, shard string, records []types.Record) (int, error) {
	if len(records) == 0 {
		return 0, nil
	}
	ev, err := lambdaEvent(r.StreamARN, records)
	if err != nil {
		return 0, err
	}
	res, err := r.Handle(ctx, ev)
	if err != nil {
		return 0, err
	}
	failed := map[string]bool{}
	for _, f := range res.BatchItemFailures {
		failed[f.ItemIdentifier] = true
	}
	handed := len(ev.Records)
	for i, rec := range ev.Records {
		if failed[rec.Change.SequenceNumber] {
			handed = i
			break
		}
	}
	if handed > 0 {
		if err := r.Checkpoints.Advance(r.StreamARN, shard, ev.Records[handed-1].Change.SequenceNumber); err != nil {
			return handed, err
		}
	}
	if handed < len(ev.Records) {
		return handed, errHandlerFailed
	}
	return handed, nil
}

// iterator is where the next read of the shard starts: after its
// checkpoint, or at its oldest record when it has none (or the
// checkpointed record has aged out of the stream's 24 hours).
func (r *StreamReader) iterator(ctx context.Context, shard string) (*string, error) {
	if it := r.iterators[shard]; it != nil {
		return it, nil
	}
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(r.StreamARN), ShardId: aws.String(shard), ShardIteratorType: types.ShardIteratorTypeTrimHorizon}
	if seq, _ := r.Checkpoints.Get(r.StreamARN, shard); seq != "" {
		in.ShardIteratorType, in.SequenceNumber = types.ShardIteratorTypeAfterSequenceNumber, aws.String(seq)
	}
	out, err := r.Client.GetShardIterator(ctx, in)
	var trimmed *types.TrimmedDataAccessException
	if errors.As(err, &trimmed) {
		r.log().WarnContext(ctx, "local stream: the checkpoint aged out of the stream; reading the shard from its oldest record", "shard", shard)
		in.ShardIteratorType, in.SequenceNumber = types.ShardIteratorTypeTrimHorizon, nil
		out, err = r.Client.GetShardIterator(ctx, in)
	}
	if err != nil {
		return nil, err
	}
	r.iterators[shard] = out.ShardIterator
	return out.ShardIterator, nil
}

func (r *StreamReader) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
