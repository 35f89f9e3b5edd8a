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
	for {
		out, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, storeErr("query lines", err)
		}
		for _, raw := range out.Items {
			var it lineItem
			if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
				return nil, err
			}
			l, err := it.line()
			if err != nil {
				return nil, err
			}
			lines = append(lines, l)
		}
		if out.LastEvaluatedKey == nil {
			return lines, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
