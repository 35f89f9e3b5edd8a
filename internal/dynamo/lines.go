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
