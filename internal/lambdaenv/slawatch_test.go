package lambdaenv

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/request"
)

// The scheduled handler records the crossings at the time it is given and
// logs how many; run again, it records none.
func TestSLAWatchRecordsAndLogs(t *testing.T) {
	client := dynamo.NewLocalClient(dynamotest.Endpoint(t))
	store := dynamo.New(client, dynamotest.Table(t, client))
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	qty := decimal.NewFromInt(1)
	r, err := request.New(request.NewID(created), request.Draft{ServiceID: "shared-mailbox", Department: "radiology", Quantity: &qty, By: "dana"}, catalog.Load(), created, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.CreateRequest(context.Background(), r, nil); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	handler := SLAWatch(store, func() time.Time { return r.SLADueAt.Add(time.Minute) }, slog.New(slog.NewJSONHandler(&logs, nil)))
	for i, want := range []int{2, 0} {
		logs.Reset()
		if err := handler(context.Background()); err != nil {
			t.Fatal(err)
		}
		var line struct {
			Msg      string `json:"msg"`
			Recorded int    `json:"recorded"`
		}
		if err := json.Unmarshal(logs.Bytes(), &line); err != nil || line.Msg != "sla watch" || line.Recorded != want {
			t.Errorf("run %d logged %s; want \"sla watch\" with recorded %d", i+1, logs.String(), want)
		}
	}
}
