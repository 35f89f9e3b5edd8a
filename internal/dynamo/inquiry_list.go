package dynamo

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/inquiry"
	"chargeback/internal/request"
)

// inquiryIndex picks the index and partition a query reads: a
// department's inquiries (GSI1), finance's queue of open ones (GSI3), or
// every inquiry (GSI2), each narrowed to a month by its sort key.
func inquiryIndex(q inquiry.Query) (requestIndex, string) {
	switch {
	case q.Department != "":
		return byDepartment, inquiriesPK(q.Department)
	case q.Status == inquiry.Open:
		return openRequests, openInquiriesPK
	}
	return allRequests, allInquiriesPK
}

// ListInquiries answers an inquiry query, newest first, one page at a
// time; a status filter reads on in batches until the page is full.
func (s *Store) ListInquiries(ctx context.Context, q inquiry.Query) (inquiry.Page, error) {
	idx, pk := inquiryIndex(q)
	start, err := decodeInquiryCursor(q.Cursor, idx, pk)
	if err != nil {
		return inquiry.Page{}, err
	}
	in := inquiryQuery(s.table, idx, pk, q.Month)
	in.ExclusiveStartKey, in.Limit = start, aws.Int32(int32(q.Limit))
	if q.Status != "" && idx != openRequests {
		in.FilterExpression = aws.String("#status = :status")
		in.ExpressionAttributeNames["#status"] = "status"
		in.ExpressionAttributeValues[":status"] = str(string(q.Status))
		in.Limit = aws.Int32(int32(max(q.Limit, filterBatch)))
	}
	items, next, err := queryPage(ctx, s, "query inquiries", in, idx, pk, q.Limit, readInquiry)
	return inquiry.Page{Items: items, Next: next}, err
}

// inquiryQuery reads an inquiry index partition newest first, only month
// m's unless m is zero.
func inquiryQuery(table string, idx requestIndex, pk string, m billing.Month) *dynamodb.QueryInput {
	in := &dynamodb.QueryInput{
		TableName: &table, IndexName: aws.String(idx.name),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": idx.pkAttr},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pk)},
		ScanIndexForward:          aws.Bool(false),
	}
	if !m.IsZero() {
		in.KeyConditionExpression = aws.String("#pk = :pk AND begins_with(#sk, :month)")
		in.ExpressionAttributeNames["#sk"] = idx.skAttr
		in.ExpressionAttributeValues[":month"] = str(inquiryMonthPrefix(m))
	}
	return in
}

// StatementInquiries is every inquiry about a department's lines of month
// m, newest first.
func (s *Store) StatementInquiries(ctx context.Context, m billing.Month, dept string) ([]*inquiry.Inquiry, error) {
	return s.allInquiries(ctx, inquiryQuery(s.table, byDepartment, inquiriesPK(dept), m))
}

// openInquiryIDs are the ids of month m's open inquiries, newest first.
func (s *Store) openInquiryIDs(ctx context.Context, m billing.Month) ([]string, error) {
	list, err := s.allInquiries(ctx, inquiryQuery(s.table, openRequests, openInquiriesPK, m))
	ids := make([]string, len(list))
	for i, q := range list {
		ids[i] = q.ID
	}
	return ids, err
}

func (s *Store) allInquiries(ctx context.Context, in *dynamodb.QueryInput) ([]*inquiry.Inquiry, error) {
	var out []*inquiry.Inquiry
	err := s.queryAll(ctx, "query inquiries", in, func(raw map[string]types.AttributeValue) error {
		q, err := readInquiry(raw)
		out = append(out, q)
		return err
	})
	return out, err
}

// decodeInquiryCursor checks that a cursor was made for this list and
// holds exactly the key an inquiry of this list has (an inquiry id, its
// month and opening time in the stored layout), so DynamoDB never sees a
// forged or oversized start key.
func decodeInquiryCursor(s string, idx requestIndex, pk string) (map[string]types.AttributeValue, error) {
	return readCursor(s, idx, pk, func(key map[string]string) bool {
		id, isInquiry := strings.CutPrefix(key[attrPK], inquiryPrefix)
		parts := strings.Split(key[idx.skAttr], "#")
		if len(parts) != 3 || !isInquiry || !request.ValidID(id) || parts[2] != id || key[attrSK] != inquirySK {
			return false
		}
		_, monthErr := billing.ParseMonth(parts[0])
		_, timeErr := time.Parse(timeLayout, parts[1])
		return monthErr == nil && timeErr == nil && len(parts[1]) == len(timeLayout)
	})
}
