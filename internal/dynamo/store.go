package dynamo

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Store reads and writes the system's items in one DynamoDB table.
type Store struct {
	client *dynamodb.Client
	table  string
	// indexLag is how long the month close waits after it begins before it
	// reads the subscription index (0 on DynamoDB Local, whose indexes are
	// updated with the write).
	indexLag time.Duration
}

// IndexLag is how far DynamoDB's global secondary indexes may trail the
// table: under a second almost always, per AWS.
const IndexLag = 2 * time.Second

// WithIndexLag makes the month close wait d after it begins (and before it
// reads the subscription index), so that a fulfilment or end written just
// before has reached the index. Lambda sets IndexLag.
func (s *Store) WithIndexLag(d time.Duration) *Store {
	s.indexLag = d
	return s
}

// New returns a store over the named table.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table}
}
