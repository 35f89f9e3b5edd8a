// Command slawatch is the scheduled Lambda function that, every five
// minutes, records each SLA threshold (75 % and 100 % of the SLA time) an
// open request has passed, once per request and threshold; the table's
// stream then publishes each as request.sla_at_risk or
// request.sla_breached.
package main

import (
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/lambdaenv"
)

func main() {
	store, err := lambdaenv.Store(os.Getenv)
	if err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(lambdaenv.SLAWatch(store, time.Now, lambdaenv.Log()))
}
