// Command monthclose is the scheduled Lambda function that closes the
// previous month on the day of month the template sets.
package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/openchargeback/chargeback/catalog"
	"github.com/openchargeback/chargeback/internal/dynamo"
	"github.com/openchargeback/chargeback/internal/httpapi"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := httpapi.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Error("bad configuration", "error", err.Error())
		os.Exit(1)
	}
	client, err := dynamo.NewClient(context.Background(), "")
	if err != nil {
		log.Error("no DynamoDB client", "error", err.Error())
		os.Exit(1)
	}
	api := httpapi.New(cfg, catalog.MustLoad(), dynamo.New(client, os.Getenv("TABLE_NAME")), time.Now, log)
	lambda.Start(api.ClosePreviousMonth)
}
