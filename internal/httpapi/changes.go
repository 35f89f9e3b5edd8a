package httpapi

import (
	"context"
	"sync"

	"chargeback/internal/billing"
)

// changeJSON is one service's change between the two months.
type changeJSON struct {
	ServiceID      string `json:"service_id"`
	ServiceName    string `json:"service_name"`
	PreviousAmount string `json:"previous_amount"`
	Amount         string `json:"amount"`
	Difference     string `json:"difference"`
	Rate           string `json:"rate"`
	Volume         string `json:"volume"`
	New            string `json:"new"`
	Ended          string `json:"ended"`
}

// bucketJSON is a kind of line that is not a service's charge, in both
// months.
type bucketJSON struct {
	Previous   string `json:"previous"`
	Current    string `json:"current"`
	Difference string `json:"difference"`
}

// changesJSON is what changed between a department's statement for a month
// and the month before.
type changesJSON struct {
	Month         string       `json:"month"`
	PreviousMonth string       `json:"previous_month"`
	Total         string       `json:"total"`
	PreviousTotal string       `json:"previous_total"`
	Difference    string       `json:"difference"`
	Items         []changeJSON `json:"items"`
	SLACredits    bucketJSON   `json:"sla_credits"`
	Adjustments   bucketJSON   `json:"adjustments"`
}

func toBucketJSON(b billing.Bucket) bucketJSON {
	return bucketJSON{Previous: b.Previous.StringFixed(2), Current: b.Current.StringFixed(2), Difference: b.Difference.StringFixed(2)}
}

func toChangesJSON(c billing.Changes) changesJSON {
	out := changesJSON{
		Month: c.Month.String(), PreviousMonth: c.PreviousMonth.String(),
		Total: c.Total.StringFixed(2), PreviousTotal: c.PreviousTotal.StringFixed(2), Difference: c.Difference.StringFixed(2),
		Items:      make([]changeJSON, 0, len(c.Items)),
		SLACredits: toBucketJSON(c.SLACredits), Adjustments: toBucketJSON(c.Adjustments),
	}
	for _, i := range c.Items {
		out.Items = append(out.Items, changeJSON{
			ServiceID: i.ServiceID, ServiceName: i.ServiceName,
			PreviousAmount: i.PreviousAmount.StringFixed(2), Amount: i.Amount.StringFixed(2), Difference: i.Difference.StringFixed(2),
			Rate: i.Rate.StringFixed(2), Volume: i.Volume.StringFixed(2), New: i.New.StringFixed(2), Ended: i.Ended.StringFixed(2),
		})
	}
	return out
}

// getChanges explains what changed between a department's statement for a
// month and for the month before, reading both statements as the
// statement route does (at once: they are independent).
func (a *API) getChanges(ctx context.Context, c *call) (*reply, error) {
	m, err := a.monthParam(c)
	if err != nil {
		return nil, err
	}
	dept, err := a.departmentParam(c)
	if err != nil {
		return nil, err
	}
	var statements [2]billing.Statement
	var failed [2]error
	var wg sync.WaitGroup
	for i, month := range []billing.Month{m.Prev(), m} {
		wg.Go(func() { statements[i], _, failed[i] = a.store.Statement(ctx, month, dept, a.org()) })
	}
	wg.Wait()
	for _, err := range failed {
		if err != nil {
			return nil, err
		}
	}
	return ok(toChangesJSON(billing.NewChanges(statements[0], statements[1])))
}
