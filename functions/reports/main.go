// Command reports is the Lambda function that serves the API's reports routes.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/httpapi"
	"chargeback/internal/lambdaenv"
)

func main() {
	api, err := lambdaenv.API(os.Getenv)
	if err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(api.Handler(httpapi.FnReports).Handle)
}
