// Command statements is the Lambda function that serves the API's statements routes.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/httpapi"
	"chargeback/internal/lambdaenv"
	"chargeback/internal/workbook/remote"
)

func main() {
	api, err := lambdaenv.API(os.Getenv)
	if err == nil {
		var w *remote.Writer
		if w, err = remote.FromEnv(os.Getenv); err == nil {
			api.WithWorkbooks(w)
		}
	}
	if err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(api.Handler(httpapi.FnStatements).Handle)
}
