// Command reports is the Lambda function that serves the API's reports routes.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/httpapi"
)

func main() {
	api, err := httpapi.NewFromEnv(context.Background(), os.Getenv)
	if err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(api.Handler(httpapi.FnReports).Handle)
}
