package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Threshold crossings in TestForecastProperty. After each change that can
// raise a department's forecast (a create, a quantity change, a
// fulfilment, an adjustment) the thresholds its current fiscal year's
// forecast is at or past are crossed, once each and for good; nothing
// else records one (README, "Threshold crossings").

// noteCrossed adds to the model the thresholds of dept's budget for the
// current fiscal year that its forecast has reached.
func (r *forecastRun) noteCrossed(dept string) {
	now := r.clock.Now()
	fy := fiscalYear(ymOf(now, r.w.loc), r.w.fyFrom)
	b, ok := r.w.budgets[fy][dept]
	if !ok || dept != "radiology" {
		return
	}
	_, total := r.w.forecast(dept, fy, now)
	for _, t := range r.w.thresholds {
		if total.Mul(decimal.NewFromInt(100)).GreaterThanOrEqual(b.Mul(decimal.NewFromInt(int64(t)))) && !slices.Contains(r.crossed[fy], t) {
			r.crossed[fy] = append(r.crossed[fy], t)
			slices.Sort(r.crossed[fy])
		}
	}
}

// checkCrossed compares radiology's recorded crossings of each fiscal year
// it has a budget for with the model's.
func (r *forecastRun) checkCrossed() {
	for fy := range r.w.budgets {
		out, err := r.client.Query(context.Background(), &dynamodb.QueryInput{
			TableName: aws.String(r.table), ConsistentRead: aws.Bool(true),
			KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":pk": &types.AttributeValueMemberS{Value: fmt.Sprintf("BUDGETS#%d", fy)},
				":sk": &types.AttributeValueMemberS{Value: "CROSSED#radiology#"},
			},
		})
		if err != nil {
			r.t.Fatal(err)
		}
		var got []int
		for _, it := range out.Items {
			n, _ := it["threshold"].(*types.AttributeValueMemberN)
			if n == nil {
				r.fail("crossing item without a threshold: %v", it)
			}
			v, err := strconv.Atoi(n.Value)
			if err != nil {
				r.fail("crossing threshold %q: %v", n.Value, err)
			}
			got = append(got, v)
		}
		if diff := cmp.Diff(r.crossed[fy], got); diff != "" {
			r.fail("radiology's crossings in fiscal year %d (-model +table):\n%s", fy, diff)
		}
	}
}
