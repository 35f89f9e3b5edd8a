package local

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"chargeback/internal/dynamo"
	"chargeback/internal/outbox"
)

// busKeep is how many events the local bus keeps for GET /_local/events.
const busKeep = 1000

// localBusName is the bus name the local consumer puts on its entries.
const localBusName = "chargeback-local"

// Outbox is the events side of `make run`: the table's stream read by the
// same outbox consumer as the events function, publishing to the local
// bus, and the SLA watch.
type Outbox struct {
	Bus      *Bus
	SLAWatch *SLAWatch
	Reader   *StreamReader
	wg       sync.WaitGroup
}

// OutboxConfig is what StartOutbox needs.
type OutboxConfig struct {
	Endpoint string // DynamoDB Local
	Client   *dynamodb.Client
	Table    string
	Store    *dynamo.Store
	Now      func() time.Time
	// Checkpoints is the file the stream checkpoints are kept in ("":
	// memory).
	Checkpoints string
	// Webhook is CHARGEBACK_LOCAL_WEBHOOK.
	Webhook string
	Log     *slog.Logger
}

// StartOutbox starts reading the table's stream into the local bus,
// posting to the webhook, and the SLA watch every 10 seconds, until ctx
// ends; Wait returns once they stopped.
func StartOutbox(ctx context.Context, c OutboxConfig) (*Outbox, error) {
	arn, err := StreamARN(ctx, c.Client, c.Table)
	if err != nil {
		return nil, err
	}
	cps, err := OpenCheckpoints(c.Checkpoints)
	if err != nil {
		return nil, err
	}
	o := &Outbox{Bus: NewBus(busKeep, c.Webhook, c.Log)}
	consumer := &outbox.Consumer{Bus: o.Bus, BusName: localBusName, Log: c.Log}
	o.Reader = &StreamReader{Client: NewStreamsClient(c.Endpoint), StreamARN: arn, Handle: consumer.Handle, Checkpoints: cps, Log: c.Log}
	o.SLAWatch = &SLAWatch{Store: c.Store, Now: c.Now, Every: slaWatchEvery, Log: c.Log}
	for _, run := range []func(context.Context){o.Reader.Run, o.Bus.Deliver, o.SLAWatch.Loop} {
		o.wg.Go(func() { run(ctx) })
	}
	return o, nil
}

// Wait returns once the reader, the webhook delivery and the watch have
// stopped (after ctx ends).
func (o *Outbox) Wait() { o.wg.Wait() }

// StreamARN is the ARN of the table's stream (dynamo.TableDefinition turns
// it on, as the template does).
func StreamARN(ctx context.Context, client *dynamodb.Client, table string) (string, error) {
	desc, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		return "", fmt.Errorf("describe table %s: %w", table, err)
	}
	arn := aws.ToString(desc.Table.LatestStreamArn)
	if arn == "" {
		return "", fmt.Errorf("table %s has no stream", table)
	}
	return arn, nil
}
