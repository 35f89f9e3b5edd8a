// Command web is the Lambda function that serves the portal: its built
// assets, embedded, and config.json from the environment. It sits behind
// no authorizer, holds no table access and links no AWS SDK.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/portal"
	"chargeback/web"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := portal.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Error("bad configuration", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(portal.New(web.Assets(), cfg, log).Handle)
}
