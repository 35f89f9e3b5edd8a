// Command chargeback-local is `make run`: DynamoDB Local and the whole API
// on 127.0.0.1:$PORT, served by the same handlers Lambda runs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"chargeback/infra/local"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := local.Run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "chargeback-local:", err)
		os.Exit(1)
	}
}
