package dynamo

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/inquiry"
	"chargeback/internal/request"
)

// Errors the inquiry writes' conditions report.
var (
	// ErrInquiryExists means the line already has an open inquiry.
	ErrInquiryExists = errs.New(errs.Conflict, "that line already has an open inquiry; add to it or wait for its answer").WithCode("inquiry_exists")
	// errInquiryChanged means the inquiry changed since it was read.
	errInquiryChanged = errs.New(errs.Conflict, "the inquiry changed since it was read; read it again").WithCode("version_conflict")
	// errCreditMoved means another credit on the line landed since the
	// credits were read: judge the credit again.
	errCreditMoved = errs.New(errs.Conflict, "another credit on the line landed meanwhile; retry").WithCode("version_conflict")
)

// inquiryNotFound is the one answer for an inquiry that does not exist or
// belongs to another department: the same bytes either way.
var inquiryNotFound = errs.New(errs.NotFound, "no such inquiry, or not one you may see")

// OpenInquiry writes a new inquiry in one transaction with the line's
// record (which refuses a second open inquiry on the line), the month's
// count of open inquiries, and a check that the month is not closed. With
// once, a retry gets the first reply back (non-nil) instead.
func (s *Store) OpenInquiry(ctx context.Context, q *inquiry.Inquiry, once *idempotency.Once) (*idempotency.Reply, error) {
	t := s.newTx()
	t.put(toInquiryItem(q), notExists, errInquiryChanged)
	t.updateIf(key(lineInquiryPK(q.LineID), lineInquirySK),
		cond{expr: "SET #open = :id", names: map[string]string{"#open": "open_inquiry"}, values: map[string]types.AttributeValue{":id": str(q.ID)}},
		cond{expr: "attribute_not_exists(#open)"}, ErrInquiryExists)
	t.update(key(periodPK(q.Month), periodInquiriesSK), countBy(1))
	t.check(key(periodPK(q.Month), periodSK), cond{
		expr:   "attribute_not_exists(PK) OR #status <> :closed",
		names:  map[string]string{"#status": "status"},
		values: map[string]types.AttributeValue{":closed": str(string(billing.PeriodClosed))},
	}, ErrPeriodClosed)
	return s.commitOnce(ctx, once, t)
}

// countBy is the update that moves a month's count of open inquiries.
func countBy(n int) cond {
	return cond{
		expr:   "ADD #open :n",
		names:  map[string]string{"#open": "open"},
		values: map[string]types.AttributeValue{":n": &types.AttributeValueMemberN{Value: strconv.Itoa(n)}},
	}
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

// GetInquiry reads an inquiry, strongly consistent. With dept set, another
// department's inquiry is not found, exactly like a missing one.
func (s *Store) GetInquiry(ctx context.Context, id, dept string) (*inquiry.Inquiry, error) {
	if !request.ValidID(id) {
		return nil, inquiryNotFound
	}
	var out *dynamodb.GetItemOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(inquiryPK(id), inquirySK), ConsistentRead: aws.Bool(true)})
		return storeErr("get inquiry", err)
	})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, inquiryNotFound
	}
	q, err := readInquiry(out.Item)
	if err != nil {
		return nil, err
	}
	if dept != "" && q.Department != dept {
		return nil, inquiryNotFound
	}
	return q, nil
}

func readInquiry(raw map[string]types.AttributeValue) (*inquiry.Inquiry, error) {
	var it inquiryItem
	if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
		return nil, err
	}
	return it.inquiry()
}

// credited reads what has been credited on a line so far.
func (s *Store) credited(ctx context.Context, lineID string) (decimal.Decimal, error) {
	var out *dynamodb.GetItemOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(lineInquiryPK(lineID), lineInquirySK), ConsistentRead: aws.Bool(true)})
		return storeErr("get line inquiries", err)
	})
	if err != nil || out.Item == nil {
		return decimal.Zero, err
	}
	n, ok := out.Item["credited"].(*types.AttributeValueMemberN)
	if !ok {
		return decimal.Zero, nil
	}
	return decimal.NewFromString(n.Value)
}

// ChangeInquiry reads the inquiry (another department's, with dept set,
// is not found) and what its line has been credited, applies change, and
// writes the result in one transaction, conditional on the version and
// status it was judged against: the inquiry, the line's record (its open
// inquiry cleared; a credit added, never past the line's amount), the
// month's count of open inquiries and, for a credit, its adjustment line
// with a check that the month it goes into is open. The credit goes into
// the inquiry's month while that month is open, else into the current
// month (at now, in loc): when a close begins between the read and the
// write, the write fails on the month check and is made again into the
// current month, so a credit is never lost nor written into a closed month.
// When another writer got there first it starts over, judging the change
// against the inquiry as it now stands.
func (s *Store) ChangeInquiry(ctx context.Context, id, dept string, now time.Time, loc *time.Location, change func(q *inquiry.Inquiry, credited decimal.Decimal) error) (*inquiry.Inquiry, error) {
	var q *inquiry.Inquiry
	_, err := withRetries(ctx, func(attempt int) (bool, error) {
		var credited decimal.Decimal
		var err error
		if q, err = s.GetInquiry(ctx, id, dept); err != nil {
			return false, err
		}
		if credited, err = s.credited(ctx, q.LineID); err != nil {
			return false, err
		}
		version, status := q.Version, q.Status
		if err := change(q, credited); err != nil {
			return false, err
		}
		t, err := s.inquiryChangeTx(ctx, q, version, status, credited, now, loc)
		if err == nil {
			err = s.commit(ctx, t)
		}
		retry := errors.Is(err, errInquiryChanged) || errors.Is(err, errCreditMoved) ||
			errors.Is(err, errWriteConflict) || errors.Is(err, ErrPeriodClosed)
		if retry && attempt < maxAttempts {
			return false, nil
		}
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

// inquiryChangeTx is the write of a changed inquiry (see ChangeInquiry).
func (s *Store) inquiryChangeTx(ctx context.Context, q *inquiry.Inquiry, version int, status inquiry.Status, credited decimal.Decimal, now time.Time, loc *time.Location) (*tx, error) {
	update := cond{expr: "REMOVE #open", names: map[string]string{"#open": "open_inquiry"}}
	guard := cond{expr: "#open = :id", values: map[string]types.AttributeValue{":id": str(q.ID)}}
	var credit *billing.Line
	if q.Outcome == inquiry.Credit {
		into, err := s.creditMonth(ctx, q.Month, now, loc)
		if err != nil {
			return nil, err
		}
		l, _ := q.CreditLine(into, now)
		q.AdjustmentLineID, q.AdjustmentMonth, credit = l.ID, into, &l
		update.expr = "SET #credited = if_not_exists(#credited, :zero) + :credit REMOVE #open"
		update.names["#credited"] = "credited"
		update.values = map[string]types.AttributeValue{
			":zero": &types.AttributeValueMemberN{Value: "0"}, ":credit": &types.AttributeValueMemberN{Value: formatDecimal(q.CreditAmount)},
		}
		guard.expr += " AND (attribute_not_exists(#credited) OR #credited = :was)"
		guard.values[":was"] = &types.AttributeValueMemberN{Value: formatDecimal(credited)}
	}
	// The inquiry goes first: when another change got there first, its
	// condition is the one reported (the credit line, the same id for
	// every try, would fail too), and the change is judged again.
	t := s.newTx()
	t.put(toInquiryItem(q), cond{
		expr:  "version = :version AND #status = :status",
		names: map[string]string{"#status": "status"},
		values: map[string]types.AttributeValue{
			":version": &types.AttributeValueMemberN{Value: strconv.Itoa(version)},
			":status":  str(string(status)),
		},
	}, errInquiryChanged)
	t.updateIf(key(lineInquiryPK(q.LineID), lineInquirySK), update, guard, errCreditMoved)
	if credit != nil {
		s.checkOpen(t, credit.Month)
		t.put(toLineItem(*credit), notExists, ErrLinePosted)
	}
	if status == inquiry.Open && q.Status != inquiry.Open {
		t.update(key(periodPK(q.Month), periodInquiriesSK), countBy(-1))
	}
	return t, nil
}

// creditMonth is the month a credit on a line of month m goes into: m
// while it is open, else the current month.
func (s *Store) creditMonth(ctx context.Context, m billing.Month, now time.Time, loc *time.Location) (billing.Month, error) {
	p, err := s.Period(ctx, m)
	if err != nil {
		return m, err
	}
	if p.Status == billing.PeriodOpen {
		return m, nil
	}
	return billing.MonthOf(now, loc), nil
}

// OpenInquiries is how many inquiries about month m's lines are open,
// strongly consistent: the count every open, resolve and withdraw moves in
// its own transaction.
func (s *Store) OpenInquiries(ctx context.Context, m billing.Month) (int, error) {
	var out *dynamodb.GetItemOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(periodPK(m), periodInquiriesSK), ConsistentRead: aws.Bool(true)})
		return storeErr("get open inquiries", err)
	})
	if err != nil || out.Item == nil {
		return 0, err
	}
	n, ok := out.Item["open"].(*types.AttributeValueMemberN)
	if !ok {
		return 0, nil
	}
	return strconv.Atoi(n.Value)
}
