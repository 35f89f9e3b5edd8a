// Command monthclose is the scheduled Lambda function that closes the
// previous month on the day of month the template sets. It needs no HTTP
// API: the store closes the month the schedule names.
package main

import (
	"errors"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/lambdaenv"
)

func main() {
	store, err := lambdaenv.Store(os.Getenv)
	org, orgErr := lambdaenv.Org(os.Getenv)
	if err := errors.Join(err, orgErr); err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(lambdaenv.MonthClose(store, org, lambdaenv.Log()))
}
