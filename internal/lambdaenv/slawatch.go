package lambdaenv

import (
	"context"
	"log/slog"
	"time"

	"chargeback/internal/dynamo"
)

// SLAWatch is the scheduled SLA watch as a handler: it records each SLA
// threshold an open request has passed at now() (dynamo.Store.WatchSLAs)
// and logs how many it recorded. Lambda runs it on the wall clock every
// five minutes; the local server on its own clock. A failed run is not
// retried by the schedule: the next run records only what is still
// missing.
func SLAWatch(store *dynamo.Store, now func() time.Time, log *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		at := now()
		recorded, err := store.WatchSLAs(ctx, at)
		if err != nil {
			log.ErrorContext(ctx, "sla watch", "at", at.Format(time.RFC3339), "recorded", len(recorded), "error", err.Error())
			return err
		}
		log.InfoContext(ctx, "sla watch", "at", at.Format(time.RFC3339), "recorded", len(recorded))
		return nil
	}
}
