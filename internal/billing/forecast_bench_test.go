package billing

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

// BenchmarkNewForecast computes a department's forecast from facts of the
// size the store benchmark uses: 12 month totals, 1,000 running
// subscriptions over four monthly services (each priced for 6 future
// months) and 100 open requests.
func BenchmarkNewForecast(b *testing.B) {
	y, err := ParseFiscalYear("2027", time.July)
	if err != nil {
		b.Fatal(err)
	}
	current := MonthOf(time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), time.UTC)
	facts := ForecastFacts{Year: y, Department: "radiology", Current: current, Budget: &Budget{Amount: decimal.New(1, 6), Thresholds: DefaultThresholds()}}
	for _, m := range y.Months() {
		if !current.Before(m) {
			facts.Months = append(facts.Months, MonthTotal{Month: m, Total: decimal.New(123456, -2)})
		}
	}
	services := []string{"ehr-licence", "vpn-access", "server-vm", "secure-clinical-messaging"}
	for i := range 1000 {
		facts.Subscriptions = append(facts.Subscriptions, Subscription{
			RequestID: "s" + decimal.NewFromInt(int64(i)).String(), Department: "radiology", ServiceID: services[i%len(services)],
			Quantity: decimal.NewFromInt(int64(1 + i%7)), Start: time.Date(2026, 8, 1+i%28, 9, 0, 0, 0, time.UTC),
		})
	}
	for i := range 100 {
		facts.Open = append(facts.Open, OpenRequest{RequestID: "r" + decimal.NewFromInt(int64(i)).String(), ServiceID: "vpn-access", Status: "submitted", Monthly: i%2 == 0, Estimate: decimal.New(4500, -2)})
	}
	org := Org{Catalog: catalog.Load(), Location: time.UTC}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewForecast(facts, org); err != nil {
			b.Fatal(err)
		}
	}
}
