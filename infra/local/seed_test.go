package local

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"chargeback/catalog"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
)

func TestSeedFilesSamplesOnce(t *testing.T) {
	client := dynamo.NewLocalClient(dynamotest.Endpoint(t))
	table := dynamotest.Table(t, client)
	cfg := httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}
	api := httpapi.New(cfg, catalog.MustLoad(), dynamo.New(client, table), time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	gw := NewGateway(api, secret)
	for i, want := range []int{len(sampleRequests), 0} {
		n, err := gw.Seed(secret)
		if err != nil || n != want {
			t.Errorf("seed %d: got %d, %v; want %d", i+1, n, err, want)
		}
	}
}
