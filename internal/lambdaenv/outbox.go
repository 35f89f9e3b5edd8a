package lambdaenv

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"chargeback/internal/outbox"
)

// Outbox returns the consumer of the table's stream that publishes to the
// bus EVENT_BUS_NAME names, reading the environment with getenv. Like the
// store's client, the EventBridge client takes the region and the role's
// credentials straight from what Lambda sets, without the SDK's default
// configuration chain; its own retries are few and short, because the
// consumer sends refused entries again itself.
func Outbox(getenv func(string) string) (*outbox.Consumer, error) {
	bus := getenv("EVENT_BUS_NAME")
	region, key := getenv("AWS_REGION"), getenv("AWS_ACCESS_KEY_ID")
	switch {
	case bus == "":
		return nil, errors.New("EVENT_BUS_NAME is not set")
	case region == "" || key == "":
		return nil, errors.New("AWS_REGION and AWS_ACCESS_KEY_ID must be set, as Lambda sets them")
	}
	creds := credentials.NewStaticCredentialsProvider(key, getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN"))
	client := eventbridge.New(eventbridge.Options{
		Region: region, Credentials: aws.NewCredentialsCache(creds),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 2
			o.MaxBackoff = 250 * time.Millisecond
		}),
	})
	return &outbox.Consumer{Bus: client, BusName: bus, Log: Log()}, nil
}
