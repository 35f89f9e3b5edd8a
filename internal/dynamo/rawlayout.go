package dynamo

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// This file is the store's table layout for tools that make its DynamoDB
// calls by hand: the load run's raw twins (internal/load), which time
// those calls against the API's. They build every key, index name and
// item from here, so the calls they time address and write what the
// store's calls do. Each name returns what the store itself uses; the
// formats stay written in keys.go alone, and the items in items.go.

// Key attribute names of the table and of the indexes by-hand callers use.
const (
	AttrPK     = attrPK
	AttrSK     = attrSK
	AttrGSI1PK = attrGSI1PK
	AttrGSI2PK = attrGSI2PK
	AttrGSI2SK = attrGSI2SK
	AttrGSI3PK = attrGSI3PK
	AttrGSI3SK = attrGSI3SK
)

// Index names: the index of every request (and of each month's lines),
// and the sparse index of open requests and of subscriptions.
const (
	IndexAll  = indexAll
	IndexOpen = indexOpen
)

// AllRequestsPK is the all-requests index's partition (GSI2PK).
const AllRequestsPK = allRequestsPK

// LineSKPrefix starts the sort key of every line in a statement's partition.
const LineSKPrefix = lineSKPrefix

// RequestPK is the partition of request id: the request, its history,
// survey and the lines closes posted for it.
func RequestPK(id string) string { return requestPK(id) }

// IdempotencyKey is the key of the stored reply to writes made with an
// Idempotency-Key in scope.
func IdempotencyKey(scope string) map[string]types.AttributeValue { return key(idemPK(scope), idemSK) }

// PeriodKey is the key of month m's close status.
func PeriodKey(m billing.Month) map[string]types.AttributeValue { return key(periodPK(m), periodSK) }

// StatementPK is the partition of dept's statement for month m.
func StatementPK(m billing.Month, dept string) string { return statementPK(m, dept) }

// MonthLinesPK is month m's partition of every line, on IndexAll.
func MonthLinesPK(m billing.Month) string { return monthLinesPK(m) }

// SubscriptionsPK is dept's partition of subscriptions on IndexOpen.
func SubscriptionsPK(dept string) string { return subscriptionsPK(dept) }

// SubscriptionsFrom is the least IndexOpen sort key of a subscription
// still running when month m (in loc) began.
func SubscriptionsFrom(m billing.Month, loc *time.Location) string { return subscriptionsFrom(m, loc) }

// SubmittedRange bounds the IndexAll sort keys of the requests created in
// month m (in loc).
func SubmittedRange(m billing.Month, loc *time.Location) (from, to string) {
	return submittedRange(m, loc)
}

// FulfilledPK is the partition of the requests fulfilled in month m.
func FulfilledPK(m billing.Month) string { return fulfilledPK(m) }

// SurveysPK is the partition of month m's survey counts.
func SurveysPK(m billing.Month) string { return surveysPK(m) }

// RequestItem is r's request item as CreateRequest and ChangeRequest put it.
func RequestItem(r *request.Request) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMap(toRequestItem(r))
}

// EventItems are the history entries of r after version `after`, as a
// write of r puts them.
func EventItems(r *request.Request, after int) ([]map[string]types.AttributeValue, error) {
	var out []map[string]types.AttributeValue
	for _, e := range toEventItems(r, after) {
		it, err := attributevalue.MarshalMap(e)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// LineItem is l's statement line as a posting puts it.
func LineItem(l billing.Line) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMap(toLineItem(l))
}

// FulfilledItem is the fulfilment fact the write that fulfils r puts.
func FulfilledItem(r *request.Request) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMap(toFulfilledItem(r))
}

// ReplayItem is the stored first reply of a write made once.
func ReplayItem(once *idempotency.Once) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMap(toReplayItem(once))
}

// SLAMarker is the marker WatchSLAs writes when r passed threshold at now.
func SLAMarker(r *request.Request, threshold int, now time.Time) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMap(toSLAItem(r, threshold, now))
}
