// Command bare is the baseline of `make coldstart`: an aws-lambda-go
// function that does nothing at init and answers every event with nil.
// Its init is what any Go Lambda function costs; the functions are
// measured against it.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, map[string]any) (any, error) { return nil, nil })
}
