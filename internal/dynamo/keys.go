package dynamo

import (
	"fmt"

	"chargeback/internal/billing"
)

// Partition and sort key values: the only place key formats are written.
// See README, "Table design".
const (
	requestSK     = "REQUEST"
	eventSKPrefix = "EVENT#"
	allRequestsPK = "REQUESTS"
	openPK        = "OPEN"
	periodSK      = "PERIOD"
	idemSK        = "IDEMPOTENCY"
	lineSKPrefix  = "LINE#"
	requestPrefix = "REQ#"
)

func requestPK(id string) string { return requestPrefix + id }

// eventSK orders a request's history: the event that made version v.
func eventSK(version int) string { return fmt.Sprintf("%s%010d", eventSKPrefix, version) }

func departmentPK(dept string) string { return "DEPT#" + dept }

func statementPK(m billing.Month, dept string) string { return "STMT#" + m.String() + "#" + dept }

func lineSK(id string) string { return lineSKPrefix + id }

func monthLinesPK(m billing.Month) string { return "LINES#" + m.String() }

func periodPK(m billing.Month) string { return "PERIOD#" + m.String() }

func idemPK(scope string) string { return "IDEM#" + scope }
