// Package dynamo is the store on DynamoDB: one table, its keys and items,
// the queries behind every list and the use cases behind every change, each
// one transaction whose items name the error their condition failing means.
package dynamo

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// NewClientFromEnv builds the client from what Lambda gives every
// function's environment: the region in AWS_REGION and the function role's
// credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN. It skips the SDK's default configuration chain (shared
// files, SSO, instance metadata), which Lambda never needs and which costs
// start-up time and binary size. Options are applied last.
func NewClientFromEnv(getenv func(string) string, options ...func(*dynamodb.Options)) (*dynamodb.Client, error) {
	region, key := getenv("AWS_REGION"), getenv("AWS_ACCESS_KEY_ID")
	if region == "" || key == "" {
		return nil, errors.New("AWS_REGION and AWS_ACCESS_KEY_ID must be set, as Lambda sets them")
	}
	creds := credentials.NewStaticCredentialsProvider(key, getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN"))
	return dynamodb.New(dynamodb.Options{Region: region, Credentials: aws.NewCredentialsCache(creds), Retryer: sdkRetryer()}, options...), nil
}

// sdkRetryer is the SDK's standard retryer with its waits capped: the
// store retries around each call too (up to 4 times), so the SDK's own
// default waits of up to 20 s would only spend the function's time limit.
func sdkRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.MaxBackoff = 250 * time.Millisecond
	})
}

// NewLocalClient returns a client for DynamoDB Local (or any compatible
// endpoint) with fixed local credentials and region. Options, such as
// middleware that counts calls, are applied last.
func NewLocalClient(endpoint string, options ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String(endpoint),
		// DynamoDB Local's CRC32 header does not always match its body.
		DisableValidateResponseChecksum: true,
	}, options...)
}
