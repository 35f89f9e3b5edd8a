package inquiry

import "chargeback/internal/billing"

// Query selects inquiries for a list, newest first; the zero value of each
// filter selects everything.
type Query struct {
	// Department is "" for every department.
	Department string
	// Month is the zero month for every month.
	Month  billing.Month
	Status Status
	Limit  int
	// Cursor is where the previous page ended: opaque, as the store gave it.
	Cursor string
}

// Page is one page of a list, with the cursor of the next ("" at the end).
type Page struct {
	Items []*Inquiry
	Next  string
}

// Counts are a statement's inquiries by status, as the statement shows them.
type Counts struct {
	Open     int
	Resolved int
}
