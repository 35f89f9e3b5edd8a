package local

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// fakeStream is a stream of shards, each a list of sequence numbers; a
// shard with closed set has ended. An iterator is "shard:position".
type fakeStream struct {
	mu     sync.Mutex
	shards []fakeShard
}

type fakeShard struct {
	id, parent string
	seqs       []string
	closed     bool
}

func (f *fakeStream) DescribeStream(_ context.Context, in *dynamodbstreams.DescribeStreamInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var shards []types.Shard
	for _, s := range f.shards {
		sh := types.Shard{ShardId: aws.String(s.id)}
		if s.parent != "" {
			sh.ParentShardId = aws.String(s.parent)
		}
		shards = append(shards, sh)
	}
	return &dynamodbstreams.DescribeStreamOutput{StreamDescription: &types.StreamDescription{Shards: shards}}, nil
}

func (f *fakeStream) shard(id string) fakeShard {
	for _, s := range f.shards {
		if s.id == id {
			return s
		}
	}
	return fakeShard{}
}

func (f *fakeStream) GetShardIterator(_ context.Context, in *dynamodbstreams.GetShardIteratorInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	pos := 0
	if in.ShardIteratorType == types.ShardIteratorTypeAfterSequenceNumber {
		pos = slices.Index(f.shard(aws.ToString(in.ShardId)).seqs, aws.ToString(in.SequenceNumber)) + 1
	}
	return &dynamodbstreams.GetShardIteratorOutput{ShardIterator: aws.String(fmt.Sprintf("%s:%d", aws.ToString(in.ShardId), pos))}, nil
}

func (f *fakeStream) GetRecords(_ context.Context, in *dynamodbstreams.GetRecordsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var id string
	var pos int
	if _, err := fmt.Sscanf(aws.ToString(in.ShardIterator), "%1s:%d", &id, &pos); err != nil {
		return nil, err
	}
	s := f.shard(id)
	end := min(pos+int(aws.ToInt32(in.Limit)), len(s.seqs))
	out := &dynamodbstreams.GetRecordsOutput{}
	for _, seq := range s.seqs[pos:end] {
		out.Records = append(out.Records, types.Record{EventID: aws.String(seq), EventName: types.OperationTypeInsert,
			Dynamodb: &types.StreamRecord{SequenceNumber: aws.String(seq), Keys: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "P#" + seq}}}})
	}
	if !(s.closed && end == len(s.seqs)) {
		out.NextShardIterator = aws.String(fmt.Sprintf("%s:%d", id, end))
	}
	return out, nil
}

// handled collects the sequence numbers a handler was given, failing
// each listed in failOnce the first time it comes.
type handled struct {
	mu       sync.Mutex
	seqs     []string
	failOnce map[string]bool
}

func (h *handled) handle(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	res := events.DynamoDBEventResponse{}
	failing := false
	for _, r := range ev.Records {
		seq := r.Change.SequenceNumber
		if h.failOnce[seq] {
			delete(h.failOnce, seq)
			failing = true
		}
		if failing {
			res.BatchItemFailures = append(res.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: seq})
			continue
		}
		h.seqs = append(h.seqs, seq)
	}
	return res, nil
}

func (h *handled) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seqs)
}

// runUntil runs the reader until want records were handed on (at most 10
// seconds) and stops it.
func runUntil(t *testing.T, r *StreamReader, h *handled, want int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(h.got()) < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
}

// The reader reads a parent shard to its end before its child, reads a
// record the handler failed again (with what followed it), and a second
// reader on the same checkpoints starts after the last record handed on.
func TestStreamReaderOrderAndCheckpoints(t *testing.T) {
	seqs := func(from, to int) []string {
		var out []string
		for i := from; i <= to; i++ {
			out = append(out, strconv.Itoa(100+i))
		}
		return out
	}
	// The child is listed first: the reader must still wait for its parent.
	stream := &fakeStream{shards: []fakeShard{
		{id: "b", parent: "a", seqs: seqs(6, 8)},
		{id: "a", seqs: seqs(1, 5), closed: true},
	}}
	path := filepath.Join(t.TempDir(), "cp.json")
	cps, err := OpenCheckpoints(path)
	if err != nil {
		t.Fatal(err)
	}
	h := &handled{failOnce: map[string]bool{"103": true, "107": true}}
	r := &StreamReader{Client: stream, StreamARN: "arn:s", Handle: h.handle, Checkpoints: cps, BatchSize: 2, Idle: time.Millisecond, Retry: time.Millisecond, Log: quiet}
	runUntil(t, r, h, 8)
	if got, want := h.got(), seqs(1, 8); !slices.Equal(got, want) {
		t.Errorf("handed on %v, want %v", got, want)
	}
	if seq, done := cps.Get("arn:s", "a"); !done || seq != "105" {
		t.Errorf("shard a: checkpoint %q, done %v; want 105, done", seq, done)
	}

	// Two more records arrive in the child while no reader runs.
	stream.mu.Lock()
	stream.shards[0].seqs = append(stream.shards[0].seqs, seqs(9, 10)...)
	stream.mu.Unlock()
	reopened, err := OpenCheckpoints(path)
	if err != nil {
		t.Fatal(err)
	}
	h2 := &handled{}
	r2 := &StreamReader{Client: stream, StreamARN: "arn:s", Handle: h2.handle, Checkpoints: reopened, BatchSize: 2, Idle: time.Millisecond, Log: quiet}
	runUntil(t, r2, h2, 2)
	if got, want := h2.got(), seqs(9, 10); !slices.Equal(got, want) {
		t.Errorf("after a restart handed on %v, want %v", got, want)
	}
}
