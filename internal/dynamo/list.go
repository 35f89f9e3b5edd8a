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

	"github.com/openchargeback/chargeback/internal/errs"
	"github.com/openchargeback/chargeback/internal/request"
)

// RequestQuery selects requests for GET /v1/requests. Every list is a Query
// on an index, newest first; the filters narrow it.
type RequestQuery struct {
	Department string // "" for every department
	Status     string
	ServiceID  string
	Overdue    bool
	Now        time.Time
	Limit      int
	Cursor     string
}

// RequestPage is one page of requests.
type RequestPage struct {
	Items []*Stored
	Next  string
}

// ListRequests answers a request query, one page at a time. With filters,
// it reads on until the page is full or the index ends.
func (s *Store) ListRequests(ctx context.Context, q RequestQuery) (RequestPage, error) {
	index, pk, pkAttr := indexAll, allRequestsPK, attrGSI2PK
	switch {
	case q.Department != "":
		index, pk, pkAttr = indexByDepartment, departmentPK(q.Department), attrGSI1PK
	case q.Overdue:
		index, pk, pkAttr = indexOpen, openPK, attrGSI3PK
	}
	start, err := decodeCursor(q.Cursor, index, pk)
	if err != nil {
		return RequestPage{}, err
	}
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(index),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": pkAttr},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}},
		ScanIndexForward:          aws.Bool(false),
		ExclusiveStartKey:         start,
	}
	addFilters(in, q)
	var page RequestPage
	for {
		in.Limit = aws.Int32(int32(q.Limit - len(page.Items)))
		out, err := s.client.Query(ctx, in)
		if err != nil {
			return RequestPage{}, storeErr("query requests", err)
		}
		for _, raw := range out.Items {
			var it requestItem
			if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
				return RequestPage{}, err
			}
			page.Items = append(page.Items, it.stored())
		}
		if out.LastEvaluatedKey == nil {
			return page, nil
		}
		if len(page.Items) >= q.Limit {
			page.Next = encodeCursor(index, pk, out.LastEvaluatedKey)
			return page, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// addFilters narrows a request query with a filter expression.
func addFilters(in *dynamodb.QueryInput, q RequestQuery) {
	var conds []string
	set := func(name, value string) {
		in.ExpressionAttributeNames["#"+name] = name
		in.ExpressionAttributeValues[":"+name] = &types.AttributeValueMemberS{Value: value}
	}
	if q.Status != "" {
		set("status", q.Status)
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
		for _, st := range []request.Status{request.Submitted, request.Approved, request.InProgress} {
			in.ExpressionAttributeValues[":open_"+string(st)] = &types.AttributeValueMemberS{Value: string(st)}
			open = append(open, ":open_"+string(st))
		}
		conds = append(conds, "#sla_due_at < :sla_due_at", "#open_status IN ("+strings.Join(open, ", ")+")")
	}
	if len(conds) > 0 {
		in.FilterExpression = aws.String(strings.Join(conds, " AND "))
	}
}

// cursor is what an opaque cursor holds: where the next page starts, and
// which list it belongs to, so it cannot be replayed on another list.
type cursor struct {
	Index string            `json:"i"`
	PK    string            `json:"p"`
	Key   map[string]string `json:"k"`
}

func encodeCursor(index, pk string, last map[string]types.AttributeValue) string {
	c := cursor{Index: index, PK: pk, Key: map[string]string{}}
	for k, v := range last {
		if s, ok := v.(*types.AttributeValueMemberS); ok {
			c.Key[k] = s.Value
		}
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, index, pk string) (map[string]types.AttributeValue, error) {
	if s == "" {
		return nil, nil
	}
	bad := errs.Field("cursor", "is not a cursor this list gave out")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Index != index || c.PK != pk || len(c.Key) != 4 {
		return nil, bad
	}
	key := map[string]types.AttributeValue{}
	for k, v := range c.Key {
		switch k {
		case attrPK, attrSK, attrGSI1PK, attrGSI1SK, attrGSI2PK, attrGSI2SK, attrGSI3PK, attrGSI3SK:
			key[k] = &types.AttributeValueMemberS{Value: v}
		default:
			return nil, bad
		}
	}
	for k, v := range c.Key {
		if strings.HasSuffix(k, "PK") && k != attrPK && v != pk {
			return nil, bad
		}
	}
	return key, nil
}
