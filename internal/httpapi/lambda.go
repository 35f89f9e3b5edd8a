package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"chargeback/catalog"
	"chargeback/internal/dynamo"
)

// NewFromEnv builds the API as a Lambda function that uses the table runs
// it: configuration from getenv, JSON logs on stdout, the wall clock, the
// embedded catalog and the store on the table TABLE_NAME names.
func NewFromEnv(ctx context.Context, getenv func(string) string) (*API, error) {
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	table := getenv("TABLE_NAME")
	if table == "" {
		return nil, errors.New("TABLE_NAME is not set")
	}
	client, err := dynamo.NewClient(ctx, "")
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	return New(cfg, catalog.MustLoad(), dynamo.New(client, table), time.Now, log), nil
}
