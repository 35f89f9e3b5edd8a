package local

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
)

func TestSeedFilesSamplesOnce(t *testing.T) {
	client := dynamo.NewLocalClient(dynamotest.Endpoint(t))
	table := dynamotest.Table(t, client)
	cfg := httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}
	api := httpapi.New(cfg, catalog.Load(), dynamo.New(client, table), time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	gw := NewGateway(api, secret)
	current := billing.MonthOf(time.Now(), time.UTC)
	for i, want := range []int{len(sampleRequests), 0} {
		n, err := gw.Seed(secret, current)
		if err != nil || n != want {
			t.Errorf("seed %d: got %d, %v; want %d", i+1, n, err, want)
		}
	}
	// Last month is closed with the sample adjustments: 250.00 + 180.40 − 40.00.
	p, err := dynamo.New(client, table).Period(context.Background(), current.Prev())
	if err != nil || p.Status != billing.PeriodClosed || p.Total.StringFixed(2) != "390.40" || len(p.Statements) != 2 {
		t.Errorf("last month: got %+v, %v; want closed, 390.40 over 2 statements", p, err)
	}
}
