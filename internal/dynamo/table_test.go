package dynamo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// EnsureTable leaves the table streaming new images, the outbox: a new
// table, and one made before the stream existed (as .local/dynamodb may
// keep), which it turns the stream on for.
func TestEnsureTableStreamsNewImages(t *testing.T) {
	client := NewLocalClient(endpoint(t))
	ctx := context.Background()
	tests := []struct {
		name   string
		before func(name string) error
	}{
		{"a new table", func(string) error { return nil }},
		{"a table made without a stream", func(name string) error {
			def := TableDefinition(name)
			def.StreamSpecification, def.SSESpecification, def.DeletionProtectionEnabled = nil, nil, nil
			_, err := client.CreateTable(ctx, def)
			return err
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := fmt.Sprintf("stream-%d-%d", time.Now().UnixNano(), i)
			t.Cleanup(func() { _, _ = client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)}) })
			if err := tt.before(name); err != nil {
				t.Fatal(err)
			}
			for range 2 { // and a second start changes nothing
				if err := EnsureTable(ctx, client, name); err != nil {
					t.Fatal(err)
				}
			}
			desc, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
			if err != nil {
				t.Fatal(err)
			}
			s := desc.Table.StreamSpecification
			if s == nil || !aws.ToBool(s.StreamEnabled) || s.StreamViewType != types.StreamViewTypeNewImage || aws.ToString(desc.Table.LatestStreamArn) == "" {
				t.Errorf("stream: got %+v (arn %q), want NEW_IMAGE enabled", s, aws.ToString(desc.Table.LatestStreamArn))
			}
		})
	}
}
