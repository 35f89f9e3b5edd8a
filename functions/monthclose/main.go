// Command monthclose is the scheduled Lambda function that closes the
// previous month on the day of month the template sets.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/lambdaenv"
)

func main() {
	api, err := lambdaenv.API(os.Getenv)
	if err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(api.ClosePreviousMonth)
}
