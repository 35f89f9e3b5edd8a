package request

import "time"

// Query selects requests for a list, newest first; the zero value of each
// filter selects everything.
type Query struct {
	// Department is "" for every department.
	Department string
	Status     Status
	ServiceID  string
	// Overdue keeps only open requests past their SLA due time at Now.
	Overdue bool
	Now     time.Time
	Limit   int
	// Cursor is where the previous page ended: opaque, as the store gave it.
	Cursor string
}

// Page is one page of a list, with the cursor of the next ("" at the end).
type Page struct {
	Items []*Request
	Next  string
}
