package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// slaItem is the marker that an open request passed an SLA threshold, in
// the request's partition: written once per request and threshold, never
// changed, so the stream publishes request.sla_at_risk (75) or
// request.sla_breached (100) once (internal/outbox reads it). It holds
// ids, the status and times only.
type slaItem struct {
	PK         string
	SK         string
	Type       string `dynamodbav:"type"`
	RequestID  string `dynamodbav:"request_id"`
	Department string `dynamodbav:"department"`
	ServiceID  string `dynamodbav:"service_id"`
	Threshold  int    `dynamodbav:"threshold"`
	Status     string `dynamodbav:"status"`
	SLADueAt   string `dynamodbav:"sla_due_at"`
	At         string `dynamodbav:"at"`
}

func toSLAItem(r *request.Request, threshold int, now time.Time) slaItem {
	return slaItem{
		PK: requestPK(r.ID), SK: slaSK(threshold), Type: "sla_crossing",
		RequestID: r.ID, Department: r.Department, ServiceID: r.ServiceID, Threshold: threshold,
		Status: string(r.Status), SLADueAt: formatTime(r.SLADueAt), At: formatTime(now),
	}
}

// SLACrossing is one crossing WatchSLAs recorded.
type SLACrossing struct {
	RequestID string
	Threshold int
}

// Why a crossing was not recorded: another run recorded it first, or the
// request moved (fulfilled, cancelled, rejected, or just started) since
// the index was read, in which case the next run judges it afresh.
var (
	errSLARecorded = errs.New(errs.Conflict, "the SLA crossing was recorded before")
	errSLAMoved    = errs.New(errs.Conflict, "the request changed status since the open-request index was read")
)

// WatchSLAs records each SLA threshold (request.SLAThresholds) an open
// request has passed at now and that was not recorded for it before. It
// reads the open requests from the open-request index (one Query, no
// Scan), skips the crossings whose marker it finds already written (a
// BatchGetItem per 100), and writes each other crossing as one
// transaction: the marker, on condition it does not exist yet, and a
// check that the request still has the status the index showed. So a
// rerun, an overlapping run or a retry never records a crossing twice,
// and a request fulfilled, cancelled or rejected before a run never gets
// one, however far the index lags. It reports the crossings it recorded,
// and stops at the first error other than those two refusals.
func (s *Store) WatchSLAs(ctx context.Context, now time.Time) ([]SLACrossing, error) {
	open, err := s.openFromIndex(ctx)
	if err != nil {
		return nil, err
	}
	var found []SLACrossing
	byID := map[string]*request.Request{}
	for _, r := range open {
		byID[r.ID] = r
		for _, threshold := range r.SLACrossed(now) {
			found = append(found, SLACrossing{RequestID: r.ID, Threshold: threshold})
		}
	}
	marked, err := s.slaMarked(ctx, found)
	if err != nil {
		return nil, err
	}
	var recorded []SLACrossing
	moved := map[string]bool{}
	for _, c := range found {
		if marked[c] || moved[c.RequestID] {
			continue
		}
		err := s.recordSLA(ctx, byID[c.RequestID], c.Threshold, now)
		switch {
		case errors.Is(err, errSLAMoved):
			moved[c.RequestID] = true // its later thresholds would fail the same check
		case errors.Is(err, errSLARecorded):
		case errors.Is(err, errWriteConflict):
			// Another run is writing it (or the request is changing):
			// what is still missing, the next run records.
		case err != nil:
			return recorded, err
		default:
			recorded = append(recorded, c)
		}
	}
	return recorded, nil
}

// slaMarked reads which of the crossings have their marker written. It
// only saves writes: a marker it misses is refused by its condition.
func (s *Store) slaMarked(ctx context.Context, crossings []SLACrossing) (map[SLACrossing]bool, error) {
	keys := make([]map[string]types.AttributeValue, len(crossings))
	for i, c := range crossings {
		keys[i] = key(requestPK(c.RequestID), slaSK(c.Threshold))
	}
	out := map[SLACrossing]bool{}
	err := s.getAll(ctx, keys, func(raw map[string]types.AttributeValue) error {
		var it slaItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		out[SLACrossing{RequestID: it.RequestID, Threshold: it.Threshold}] = true
		return nil
	})
	return out, err
}

// recordSLA writes one crossing's marker if r still has the status it was
// read with.
func (s *Store) recordSLA(ctx context.Context, r *request.Request, threshold int, now time.Time) error {
	t := s.newTx()
	t.check(key(requestPK(r.ID), requestSK), cond{
		expr:   "#status = :status",
		names:  map[string]string{"#status": "status"},
		values: map[string]types.AttributeValue{":status": &types.AttributeValueMemberS{Value: string(r.Status)}},
	}, errSLAMoved)
	t.put(toSLAItem(r, threshold, now), notExists, errSLARecorded)
	return s.commit(ctx, t)
}

// openFromIndex reads every request the open-request index lists as open
// (the index projects whole request items), as the index shows them.
func (s *Store) openFromIndex(ctx context.Context) ([]*request.Request, error) {
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(indexOpen),
		KeyConditionExpression:    aws.String("GSI3PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: openPK}},
	}
	var out []*request.Request
	err := s.queryAll(ctx, "query open requests", in, keepOpen(&out))
	return out, err
}
