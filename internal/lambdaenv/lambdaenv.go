// Package lambdaenv builds what a Lambda function that uses the table runs,
// the way Lambda runs it: configuration from the environment, JSON logs on
// stdout, the wall clock, the embedded catalog and the store on the table
// TABLE_NAME names. The catalog function does not use it, so it links no
// AWS SDK.
package lambdaenv

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/httpapi"
)

// API returns the API over the table, reading the environment with getenv.
func API(getenv func(string) string) (*httpapi.API, error) {
	cfg, err := httpapi.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	store, err := Store(getenv)
	if err != nil {
		return nil, err
	}
	return httpapi.New(cfg, catalog.Load(), store, time.Now, Log()), nil
}

// Store returns the store on the table TABLE_NAME names, reading the
// environment with getenv.
func Store(getenv func(string) string) (*dynamo.Store, error) {
	table := getenv("TABLE_NAME")
	if table == "" {
		return nil, errors.New("TABLE_NAME is not set")
	}
	client, err := dynamo.NewClientFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	return dynamo.New(client, table).WithIndexLag(dynamo.IndexLag), nil
}

// Org returns the embedded catalog and the org's time zone, which the
// store computes statements from, reading the environment with getenv.
func Org(getenv func(string) string) (billing.Org, error) {
	loc, err := billing.LocationFromEnv(getenv)
	if err != nil {
		return billing.Org{}, err
	}
	return billing.Org{Catalog: catalog.Load(), Location: loc}, nil
}

// Log is the JSON logger on stdout that Lambda sends to CloudWatch Logs.
func Log() *slog.Logger { return slog.New(slog.NewJSONHandler(os.Stdout, nil)) }

// MonthClose is the scheduled close as a Lambda handler: it closes the
// month the schedule closes now (dynamo.Store.CloseScheduled) and logs the
// outcome. An error makes the scheduler retry, and a rerun finishes what
// an interrupted close began.
func MonthClose(store *dynamo.Store, org billing.Org, log *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		p, err := store.CloseScheduled(ctx, time.Now().Truncate(time.Second), org)
		if err != nil {
			log.ErrorContext(ctx, "month close", "error", err.Error())
			return err
		}
		log.InfoContext(ctx, "month close", "month", p.Month.String(), "status", string(p.Status),
			"statements", len(p.Statements), "total", p.Total.StringFixed(2))
		return nil
	}
}
