package local

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
)

func TestSeedFilesSamplesOnce(t *testing.T) {
	client := dynamo.NewLocalClient(dynamotest.Endpoint(t))
	table := dynamotest.Table(t, client)
	cfg := httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department", FiscalYearStart: time.July}
	api := httpapi.New(cfg, catalog.Load(), dynamo.New(client, table), time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	gw := NewGateway(api, secret)
	current := billing.MonthOf(time.Now(), time.UTC)
	for i, want := range []int{len(sampleRequests), 0} {
		n, err := gw.Seed(secret, current, time.July)
		if err != nil || n != want {
			t.Errorf("seed %d: got %d, %v; want %d", i+1, n, err, want)
		}
	}
	// Last month is closed with the sample adjustments: 250.00 + 180.40 − 40.00.
	p, err := dynamo.New(client, table).Period(context.Background(), current.Prev())
	if err != nil || p.Status != billing.PeriodClosed || p.Total.StringFixed(2) != "390.40" || len(p.Statements) != 2 {
		t.Errorf("last month: got %+v, %v; want closed, 390.40 over 2 statements", p, err)
	}
	// The sample budgets show each state, in the fiscal year beginning in July
	// that holds this month.
	fin, err := Sign(secret, map[string]any{"sub": "test.finance", "groups": []string{"finance"}})
	if err != nil {
		t.Fatal(err)
	}
	var year struct {
		Year  string `json:"year"`
		Items []struct {
			Department string  `json:"department"`
			Status     *string `json:"status"`
			Budget     *struct {
				Thresholds []int `json:"thresholds"`
			} `json:"budget"`
		} `json:"items"`
	}
	fy := billing.FiscalYearOf(current, time.July)
	if err := gw.send(fin, "GET", "/v1/budgets/"+fy.String(), "", http.StatusOK, &year); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range year.Items {
		if it.Status != nil {
			got[it.Department] = *it.Status
		}
		if it.Department == "pharmacy" && (it.Budget == nil || fmt.Sprint(it.Budget.Thresholds) != "[75 90 100]") {
			t.Errorf("pharmacy's budget: got %+v, want thresholds [75 90 100]", it.Budget)
		}
	}
	want := map[string]string{"radiology": "ok", "pharmacy": "warning", "emergency": "over"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("budget states in %s: got %v, want %v", fy, got, want)
	}
}

func TestSampleBudgetAmount(t *testing.T) {
	tests := []struct {
		name, forecast, share string
		step                  int64
		down                  bool
		want                  string
	}{
		{"to the nearest step", "1029.90", "0.8", 50, false, "1300"},
		{"half a step rounds up", "100", "0.8", 50, false, "150"},
		{"down, for a budget the forecast is over", "612.50", "1.25", 50, true, "450"},
		{"never below one step", "10", "1.25", 50, true, "50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sampleBudgetAmount(decimal.RequireFromString(tt.forecast), decimal.RequireFromString(tt.share), tt.step, tt.down)
			if !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
