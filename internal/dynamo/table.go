package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The key attributes of the table and its indexes. Items are addressed by
// PK/SK; the GSIs serve the lists (see README, "Table design").
const (
	attrPK     = "PK"
	attrSK     = "SK"
	attrGSI1PK = "GSI1PK"
	attrGSI1SK = "GSI1SK"
	attrGSI2PK = "GSI2PK"
	attrGSI2SK = "GSI2SK"
	attrGSI3PK = "GSI3PK"
	attrGSI3SK = "GSI3SK"
	// TTLAttribute holds the epoch second after which DynamoDB may delete an
	// item (idempotency records).
	TTLAttribute = "expires_at"
)

// The global secondary indexes.
const (
	indexByDepartment = "GSI1" // requests of one department, newest first
	indexAll          = "GSI2" // every request, newest first
	// indexOpen is sparse: requests not yet finished, newest first (OPEN),
	// and fulfilled monthly subscriptions by department, by end (SUBS#dept).
	// A request is in one of the two at most, never both.
	indexOpen = "GSI3"
)

// TableDefinition is the table as template.yaml declares it; the local stack
// creates it from here, and a test fails when the two drift apart.
func TableDefinition(name string) *dynamodb.CreateTableInput {
	s := types.ScalarAttributeTypeS
	attrs := []string{attrPK, attrSK, attrGSI1PK, attrGSI1SK, attrGSI2PK, attrGSI2SK, attrGSI3PK, attrGSI3SK}
	defs := make([]types.AttributeDefinition, len(attrs))
	for i, a := range attrs {
		defs[i] = types.AttributeDefinition{AttributeName: aws.String(a), AttributeType: s}
	}
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: defs,
		KeySchema:            keySchema(attrPK, attrSK),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			gsi(indexByDepartment, attrGSI1PK, attrGSI1SK),
			gsi(indexAll, attrGSI2PK, attrGSI2SK),
			gsi(indexOpen, attrGSI3PK, attrGSI3SK),
		},
		// The outbox: every new item reaches the events function (and,
		// locally, the stream reader of infra/local).
		StreamSpecification:       &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage},
		SSESpecification:          &types.SSESpecification{Enabled: aws.Bool(true)},
		DeletionProtectionEnabled: aws.Bool(true),
	}
}

func keySchema(pk, sk string) []types.KeySchemaElement {
	return []types.KeySchemaElement{
		{AttributeName: aws.String(pk), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String(sk), KeyType: types.KeyTypeRange},
	}
}

func gsi(name, pk, sk string) types.GlobalSecondaryIndex {
	return types.GlobalSecondaryIndex{
		IndexName:  aws.String(name),
		KeySchema:  keySchema(pk, sk),
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
	}
}

// tableWait bounds EnsureTable's wait for a new table to become active. A
// table is active at once in DynamoDB Local and within seconds in AWS, but a
// busy machine running many tests against one DynamoDB Local can be slow;
// the bound ends a wait that will never succeed, so it is generous.
const tableWait = 3 * time.Minute

// EnsureTable creates the table when it does not exist, waits until it is
// active, turns on its stream if a table made before the stream existed
// has none, and turns on TTL. The local stack and the integration tests
// call it; in AWS the template creates the table.
func EnsureTable(ctx context.Context, client *dynamodb.Client, name string) error {
	def := TableDefinition(name)
	// DynamoDB Local ignores these; a local table should stay deletable.
	def.SSESpecification, def.DeletionProtectionEnabled = nil, nil
	_, err := client.CreateTable(ctx, def)
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("create table %s: %w", name, err)
	}
	waiter := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 50 * time.Millisecond
		o.MaxDelay = time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, tableWait); err != nil {
		return fmt.Errorf("table %s not active within %v of creating it: %w", name, tableWait, err)
	}
	if err := ensureStream(ctx, client, name, def.StreamSpecification); err != nil {
		return err
	}
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err == nil && ttl.TimeToLiveDescription != nil && ttl.TimeToLiveDescription.TimeToLiveStatus == types.TimeToLiveStatusEnabled {
		return nil
	}
	_, err = client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(TTLAttribute), Enabled: aws.Bool(true)},
	})
	if err != nil {
		return fmt.Errorf("enable TTL on %s: %w", name, err)
	}
	return nil
}

// ensureStream turns on the table's stream as spec says when it is off: a
// table kept in .local/dynamodb from before the outbox has none.
func ensureStream(ctx context.Context, client *dynamodb.Client, name string, spec *types.StreamSpecification) error {
	desc, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("describe table %s: %w", name, err)
	}
	if s := desc.Table.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		if s.StreamViewType != spec.StreamViewType {
			return fmt.Errorf("table %s streams %s, want %s: delete it (or its folder under CHARGEBACK_STATE) to start afresh", name, s.StreamViewType, spec.StreamViewType)
		}
		return nil
	}
	if _, err := client.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(name), StreamSpecification: spec}); err != nil {
		return fmt.Errorf("enable the stream of %s: %w", name, err)
	}
	return nil
}
