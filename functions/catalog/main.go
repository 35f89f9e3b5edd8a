// Command catalog is the Lambda function that serves the health check and
// the catalog routes. The catalog is embedded, so it has no table access.
package main

import (
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := httpapi.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Error("bad configuration", "error", err.Error())
		os.Exit(1)
	}
	api := httpapi.New(cfg, catalog.Load(), nil, time.Now, log)
	lambda.Start(api.Handler(httpapi.FnCatalog).Handle)
}
