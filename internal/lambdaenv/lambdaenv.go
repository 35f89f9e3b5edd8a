// Package lambdaenv builds the API the way a Lambda function that uses the
// table runs it: configuration from the environment, JSON logs on stdout,
// the wall clock, the embedded catalog and the store on the table
// TABLE_NAME names. The catalog function does not use it, so it links no
// AWS SDK.
package lambdaenv

import (
	"errors"
	"log/slog"
	"os"
	"time"

	"chargeback/catalog"
	"chargeback/internal/dynamo"
	"chargeback/internal/httpapi"
)

// API returns the API over the table, reading the environment with getenv.
func API(getenv func(string) string) (*httpapi.API, error) {
	cfg, err := httpapi.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	table := getenv("TABLE_NAME")
	if table == "" {
		return nil, errors.New("TABLE_NAME is not set")
	}
	client, err := dynamo.NewClientFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	return httpapi.New(cfg, catalog.MustLoad(), dynamo.New(client, table).WithIndexLag(dynamo.IndexLag), time.Now, log), nil
}
