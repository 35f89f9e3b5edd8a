// Command events is the Lambda function that reads the table's stream (the
// outbox) and publishes each item that is an event to the EventBridge bus
// the template creates, reporting what it could not publish so Lambda
// retries it (ReportBatchItemFailures).
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/lambdaenv"
)

func main() {
	consumer, err := lambdaenv.Outbox(os.Getenv)
	if err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(consumer.Handle)
}
