package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Store reads and writes the system's items in one DynamoDB table.
type Store struct {
	client *dynamodb.Client
	table  string
}

// New returns a store over the named table.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table}
}
