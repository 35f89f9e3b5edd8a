package dynamo

import (
	"fmt"
	"time"

	"chargeback/internal/billing"
)

// Partition and sort key values: the only place key formats are written.
// See README, "Table design". Tools that make the store's calls by hand
// reach them through byhand.go.
const (
	requestSK      = "REQUEST"
	eventSKPrefix  = "EVENT#"
	allRequestsPK  = "REQUESTS"
	openPK         = "OPEN"
	periodSK       = "PERIOD"
	idemSK         = "IDEMPOTENCY"
	surveySK       = "SURVEY"
	lineSKPrefix   = "LINE#"
	chargeSKPrefix = "CHARGE#"
	requestPrefix  = "REQ#"
	slaSKPrefix    = "SLA#"
	// stillRunning is the subscription index's sort key of a subscription
	// with no end: it sorts after every time.
	stillRunning = "~"
)

func requestPK(id string) string { return requestPrefix + id }

// requestOrderSK orders a request in the request indexes (GSI1SK, GSI2SK,
// and GSI3SK while open): by creation time, then id.
func requestOrderSK(created time.Time, id string) string { return formatTime(created) + "#" + id }

// submittedRange bounds the all-requests index's sort keys of the requests
// created in month m (in loc): from its first instant to its last, then
// any request id.
func submittedRange(m billing.Month, loc *time.Location) (from, to string) {
	return formatTime(m.Start(loc)), formatTime(m.End(loc).Add(-time.Nanosecond)) + "#~"
}

// eventSK orders a request's history: the event that made version v.
func eventSK(version int) string { return fmt.Sprintf("%s%010d", eventSKPrefix, version) }

// slaSK is the marker, in a request's partition, that the request passed
// an SLA threshold (in percent): SLA#075, SLA#100.
func slaSK(threshold int) string { return fmt.Sprintf("%s%03d", slaSKPrefix, threshold) }

func departmentPK(dept string) string { return "DEPT#" + dept }

// chargeSK is a line a subscription posted at a close, kept on its request.
func chargeSK(lineID string) string { return chargeSKPrefix + lineID }

// subscriptionsPK is the partition of the subscription index holding one
// department's fulfilled monthly requests, sorted by end.
func subscriptionsPK(dept string) string { return "SUBS#" + dept }

// subscriptionSK orders a subscription by when it ends (still running
// last), then by request id.
func subscriptionSK(ended time.Time, id string) string {
	if ended.IsZero() {
		return stillRunning + "#" + id
	}
	return formatTime(ended) + "#" + id
}

// subscriptionsFrom is the least subscription index sort key of a
// subscription that had not ended when month m (in loc) began.
func subscriptionsFrom(m billing.Month, loc *time.Location) string { return formatTime(m.Start(loc)) }

func statementPK(m billing.Month, dept string) string { return "STMT#" + m.String() + "#" + dept }

func lineSK(id string) string { return lineSKPrefix + id }

func monthLinesPK(m billing.Month) string { return "LINES#" + m.String() }

// monthLineSK orders a line in its month's partition of GSI2: by
// department, then line id.
func monthLineSK(dept, lineID string) string { return dept + "#" + lineID }

func periodPK(m billing.Month) string { return "PERIOD#" + m.String() }

func idemPK(scope string) string { return "IDEM#" + scope }

// fulfilledPK is the partition of the requests fulfilled in a month, one
// small item each, which the reports read.
func fulfilledPK(m billing.Month) string { return "FULFILLED#" + m.String() }

// surveysPK is the partition of a month's survey counts, one item per
// service (SVC#id) and per department (DEPT#id).
func surveysPK(m billing.Month) string { return "SURVEYS#" + m.String() }

// reportPK holds a closed month's frozen report figures, one item per
// service and department.
func reportPK(m billing.Month) string { return "REPORT#" + m.String() }

// Inquiry keys. An inquiry is its own partition; the indexes list them by
// department (GSI1), all together (GSI2) and, while open, in finance's
// queue (GSI3), each sorted by month, then when opened, then id.
const (
	inquirySK            = "INQUIRY"
	inquiryPrefix        = "INQ#"
	allInquiriesPK       = "INQUIRIES"
	openInquiriesPK      = "INQUIRIES_OPEN"
	lineInquirySK        = "INQUIRIES"
	periodInquiriesSK    = "INQUIRIES"
	lineInquiryPKPrefix  = "LINEINQ#"
	inquiriesByDeptStart = "INQUIRIES#"
)

func inquiryPK(id string) string { return inquiryPrefix + id }

// inquiriesPK is the department index partition of a department's
// inquiries.
func inquiriesPK(dept string) string { return inquiriesByDeptStart + dept }

// inquiryOrderSK orders an inquiry in its indexes: by month, then when it
// was opened, then id; a Query beginning with the month reads one month.
func inquiryOrderSK(m billing.Month, opened time.Time, id string) string {
	return m.String() + "#" + formatTime(opened) + "#" + id
}

// inquiryMonthPrefix is the sort key prefix of a month's inquiries.
func inquiryMonthPrefix(m billing.Month) string { return m.String() + "#" }

// lineInquiryPK is the item of one statement line (line ids are unique in
// the table) that holds its open inquiry, if any, and the credits granted
// on it so far.
func lineInquiryPK(lineID string) string { return lineInquiryPKPrefix + lineID }

// budgetsPK is the partition of a fiscal year's budgets, one item per
// department: the year's list is one Query.
func budgetsPK(y billing.FiscalYear) string { return "BUDGETS#" + y.String() }

// budgetSK is a department's budget in its year's partition.
func budgetSK(dept string) string { return "DEPT#" + dept }

// crossingSK is the record, in its year's budget partition, that a
// department's forecast reached a threshold (in percent) of its budget.
func crossingSK(dept string, threshold int) string {
	return fmt.Sprintf("CROSSED#%s#%03d", dept, threshold)
}
