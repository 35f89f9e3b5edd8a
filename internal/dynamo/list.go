package dynamo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// Reading limits of a filtered list: items read per Query call, and calls
// per page. A page that reaches the second limit comes back short, with a
// cursor to read on from.
const (
	filterBatch    = 100
	maxPageQueries = 10
)

// requestIndex is an index requests are listed from.
type requestIndex struct{ name, pkAttr, skAttr string }

var (
	byDepartment = requestIndex{indexByDepartment, attrGSI1PK, attrGSI1SK}
	allRequests  = requestIndex{indexAll, attrGSI2PK, attrGSI2SK}
	openRequests = requestIndex{indexOpen, attrGSI3PK, attrGSI3SK}
)

// ListRequests answers a request query, one page at a time. With filters,
// it reads in batches until the page is full, the index ends, or
// maxPageQueries calls have been made.
func (s *Store) ListRequests(ctx context.Context, q request.Query) (request.Page, error) {
	idx, pk := allRequests, allRequestsPK
	switch {
	case q.Department != "":
		idx, pk = byDepartment, departmentPK(q.Department)
	case q.Overdue:
		idx, pk = openRequests, openPK
	}
	start, err := decodeCursor(q.Cursor, idx, pk)
	if err != nil {
		return request.Page{}, err
	}
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(idx.name),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": idx.pkAttr},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}},
		ScanIndexForward:          aws.Bool(false),
		ExclusiveStartKey:         start,
		Limit:                     aws.Int32(int32(q.Limit)),
	}
	if addFilters(in, q) {
		in.Limit = aws.Int32(int32(max(q.Limit, filterBatch)))
	}
	items, next, err := queryPage(ctx, s, "query requests", in, idx, pk, q.Limit, func(raw map[string]types.AttributeValue) (*request.Request, error) {
		var it requestItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return nil, err
		}
		return it.request()
	})
	return request.Page{Items: items, Next: next}, err
}

// addFilters narrows a request query with a filter expression, reporting
// whether there is one.
func addFilters(in *dynamodb.QueryInput, q request.Query) bool {
	var conds []string
	set := func(name, value string) {
		in.ExpressionAttributeNames["#"+name] = name
		in.ExpressionAttributeValues[":"+name] = &types.AttributeValueMemberS{Value: value}
	}
	if q.Status != "" {
		set("status", string(q.Status))
		conds = append(conds, "#status = :status")
	}
	if q.ServiceID != "" {
		set("service_id", q.ServiceID)
		conds = append(conds, "#service_id = :service_id")
	}
	if q.Overdue {
		set("sla_due_at", formatTime(q.Now))
		in.ExpressionAttributeNames["#open_status"] = "status"
		var open []string
		for _, st := range request.OpenStatuses {
			in.ExpressionAttributeValues[":open_"+string(st)] = &types.AttributeValueMemberS{Value: string(st)}
			open = append(open, ":open_"+string(st))
		}
		conds = append(conds, "#sla_due_at < :sla_due_at", "#open_status IN ("+strings.Join(open, ", ")+")")
	}
	if len(conds) == 0 {
		return false
	}
	in.FilterExpression = aws.String(strings.Join(conds, " AND "))
	return true
}

// cursor is what an opaque cursor holds: the key of the last item read,
// and which list it belongs to, so it cannot be replayed on another list.
type cursor struct {
	Index string            `json:"i"`
	PK    string            `json:"p"`
	Key   map[string]string `json:"k"`
}

// encodeCursor keeps the table and index keys of item.
func encodeCursor(idx requestIndex, pk string, item map[string]types.AttributeValue) string {
	c := cursor{Index: idx.name, PK: pk, Key: map[string]string{}}
	for _, k := range []string{attrPK, attrSK, idx.pkAttr, idx.skAttr} {
		if v, ok := item[k].(*types.AttributeValueMemberS); ok {
			c.Key[k] = v.Value
		}
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor checks that a cursor was made for this list and holds
// exactly the key a request item of this list has (a request id, its
// creation time in the stored layout), so DynamoDB never sees a forged or
// oversized start key.
func decodeCursor(s string, idx requestIndex, pk string) (map[string]types.AttributeValue, error) {
	return readCursor(s, idx, pk, func(key map[string]string) bool {
		id, isRequest := strings.CutPrefix(key[attrPK], requestPrefix)
		created, orderID, _ := strings.Cut(key[idx.skAttr], "#")
		_, err := time.Parse(timeLayout, created)
		return err == nil && len(created) == len(timeLayout) &&
			isRequest && request.ValidID(id) && orderID == id && key[attrSK] == requestSK
	})
}

// readCursor reads a cursor of the list on index idx, partition pk: one
// this list gave out, whose four key attributes the list's own check
// (valid) accepts. It answers the start key DynamoDB is given, or a 400
// naming the cursor.
func readCursor(s string, idx requestIndex, pk string, valid func(key map[string]string) bool) (map[string]types.AttributeValue, error) {
	if s == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Index != idx.name || c.PK != pk || len(c.Key) != 4 ||
		c.Key[idx.pkAttr] != pk || !valid(c.Key) {
		return nil, errs.Field("cursor", "is not a cursor this list gave out")
	}
	key := map[string]types.AttributeValue{}
	for k, v := range c.Key {
		key[k] = &types.AttributeValueMemberS{Value: v}
	}
	return key, nil
}
