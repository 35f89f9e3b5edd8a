// Command monthclose is the scheduled Lambda function that closes the
// previous month on the day of month the template sets. It needs no HTTP
// API: the store closes the month the schedule names. An error makes the
// scheduler retry, and a rerun finishes what an interrupted close began.
package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/lambdaenv"
)

func main() {
	store, err := lambdaenv.Store(os.Getenv)
	org, berr := lambdaenv.Org(os.Getenv)
	if err := errors.Join(err, berr); err != nil {
		slog.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
	log := lambdaenv.Log()
	lambda.Start(func(ctx context.Context) error {
		p, err := store.CloseScheduled(ctx, time.Now().Truncate(time.Second), org)
		if err != nil {
			log.ErrorContext(ctx, "month close", "error", err.Error())
			return err
		}
		log.InfoContext(ctx, "month close", "month", p.Month.String(), "status", string(p.Status),
			"statements", len(p.Statements), "total", p.Total.StringFixed(2))
		return nil
	})
}
