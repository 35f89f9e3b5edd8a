package dynamo

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// GetRequest reads a request with its history, strongly consistent, in one
// Query of its partition. With dept set, a request of another department
// is "not found", exactly like a missing one: the error is the same, byte
// for byte, and never names the id asked for.
func (s *Store) GetRequest(ctx context.Context, id, dept string) (*request.Request, error) {
	notFound := errs.New(errs.NotFound, "no such request, or not one you may see")
	if !request.ValidID(id) {
		return nil, notFound
	}
	in := &dynamodb.QueryInput{
		TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: requestPK(id)}},
	}
	var r *request.Request
	var history []request.Event
	var charges []request.Charge
	var survey *request.Survey
	err := s.queryAll(ctx, "query request", in, func(raw map[string]types.AttributeValue) error {
		return readRequestPart(raw, &r, &history, &charges, &survey)
	})
	if err != nil {
		return nil, err
	}
	if r == nil || (dept != "" && r.Department != dept) {
		return nil, notFound
	}
	r.History = history
	r.Charges = append(r.Charges, charges...)
	r.Survey = survey
	return r, nil
}

// readRequestPart reads one item of a request's partition: the request, one
// of its history events (which sort before it, in version order), a line a
// month close posted for it (which sort first) or its survey (last).
func readRequestPart(raw map[string]types.AttributeValue, r **request.Request, history *[]request.Event, charges *[]request.Charge, survey **request.Survey) error {
	sk, _ := raw[attrSK].(*types.AttributeValueMemberS)
	switch {
	case sk == nil:
		return errors.New("dynamodb: a request item has no sort key")
	case sk.Value == requestSK:
		var it requestItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		req, err := it.request()
		*r = req
		return err
	case sk.Value == surveySK:
		var it surveyItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		sv, err := it.survey()
		*survey = sv
		return err
	case strings.HasPrefix(sk.Value, chargeSKPrefix):
		var it chargeItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		c, err := it.charge()
		*charges = append(*charges, c)
		return err
	case strings.HasPrefix(sk.Value, eventSKPrefix):
		var it eventItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		e, err := it.event()
		*history = append(*history, e)
		return err
	}
	return nil
}

// CreateRequest writes a new request with its first history entry in one
// transaction. With once, the first reply is stored in the same
// transaction, and a retry gets the stored reply back (non-nil) instead of
// a second request.
func (s *Store) CreateRequest(ctx context.Context, r *request.Request, once *idempotency.Once) (*idempotency.Reply, error) {
	t := s.newTx()
	t.put(toRequestItem(r), notExists, ErrVersion)
	for _, e := range toEventItems(r, 0) {
		t.put(e, notExists, ErrVersion)
	}
	return s.commitOnce(ctx, once, t)
}

// ChangeRequest reads the request (another department's, with dept set, is
// "not found"), applies the change (which alters the request and returns
// what it posts) and writes it in one transaction with
// its history entry, the lines it posts and a check that each month it
// touches is open, conditional on the version and status it was judged
// against. When another writer got there first it starts over, so the
// change is judged against the request as it now stands.
func (s *Store) ChangeRequest(ctx context.Context, id, dept string, change func(*request.Request) (billing.Posting, error)) (*request.Request, error) {
	var r *request.Request
	_, err := withRetries(ctx, func(attempt int) (bool, error) {
		var err error
		if r, err = s.GetRequest(ctx, id, dept); err != nil {
			return false, err
		}
		version, status := r.Version, r.Status
		posting, err := change(r)
		if err != nil {
			return false, err
		}
		err = s.commit(ctx, s.changeTx(r, version, status, posting))
		if (errors.Is(err, ErrVersion) || errors.Is(err, errWriteConflict)) && attempt < maxAttempts {
			return false, nil
		}
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// changeTx is the write of a changed request: the request if still at
// version and status, the history entries after version, the posted lines,
// and the open-month checks.
func (s *Store) changeTx(r *request.Request, version int, status request.Status, p billing.Posting) *tx {
	t := s.newTx()
	t.put(toRequestItem(r), cond{
		expr:  "version = :version AND #status = :status",
		names: map[string]string{"#status": "status"},
		values: map[string]types.AttributeValue{
			":version": &types.AttributeValueMemberN{Value: strconv.Itoa(version)},
			":status":  &types.AttributeValueMemberS{Value: string(status)},
		},
	}, ErrVersion)
	for _, e := range toEventItems(r, version) {
		t.put(e, notExists, ErrVersion)
	}
	for _, m := range p.OpenMonths() {
		s.checkOpen(t, m)
	}
	for _, l := range p.Lines {
		t.put(toLineItem(l), notExists, ErrLinePosted)
	}
	if r.Status == request.Fulfilled && status != request.Fulfilled {
		t.put(toFulfilledItem(r), notExists, ErrVersion)
	}
	return t
}
