package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
)

// Lines reads a department's statement lines for a month, in line id
// order, in Query pages.
func (s *Store) Lines(ctx context.Context, m billing.Month, dept string) ([]billing.Line, error) {
	in := &dynamodb.QueryInput{
		TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :line)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   &types.AttributeValueMemberS{Value: statementPK(m, dept)},
			":line": &types.AttributeValueMemberS{Value: lineSKPrefix},
		},
	}
	var lines []billing.Line
	err := s.queryAll(ctx, "query lines", in, func(raw map[string]types.AttributeValue) error {
		l, err := readLine(raw)
		lines = append(lines, l)
		return err
	})
	return lines, err
}

// readLine reads a stored statement line.
func readLine(raw map[string]types.AttributeValue) (billing.Line, error) {
	var it lineItem
	if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
		return billing.Line{}, err
	}
	return it.line()
}

// queryAll runs a Query to its end, page by page (each page retried),
// handing each item to fn.
func (s *Store) queryAll(ctx context.Context, op string, in *dynamodb.QueryInput, fn func(map[string]types.AttributeValue) error) error {
	for {
		out, err := s.query(ctx, op, in)
		if err != nil {
			return err
		}
		for _, raw := range out.Items {
			if err := fn(raw); err != nil {
				return err
			}
		}
		if out.LastEvaluatedKey == nil {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// query reads one page of a Query, retried while storage is unavailable.
func (s *Store) query(ctx context.Context, op string, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, error) {
	var out *dynamodb.QueryOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.Query(ctx, in)
		return storeErr(op, err)
	})
	return out, err
}
