// Package dynamo is the store on DynamoDB: one table, its keys and items,
// the queries behind every list and the transactions behind every change.
package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// NewClient returns a DynamoDB client. With an endpoint (DynamoDB Local) it
// uses fixed local credentials and region; otherwise the Lambda environment's.
// Options, such as middleware that counts calls, are applied last.
func NewClient(ctx context.Context, endpoint string, options ...func(*dynamodb.Options)) (*dynamodb.Client, error) {
	var opts []func(*config.LoadOptions) error
	if endpoint != "" {
		opts = append(opts,
			config.WithRegion("us-east-1"),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")),
		)
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	if endpoint != "" {
		options = append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
			o.BaseEndpoint = aws.String(endpoint)
			// DynamoDB Local's CRC32 header does not always match its body.
			o.DisableValidateResponseChecksum = true
		}}, options...)
	}
	return dynamodb.NewFromConfig(cfg, options...), nil
}
