// Package workbook is finance's month workbook as data: what it shows
// (Month), and how the statements function sends that to the exports
// function, which writes the file (package workbook/xlsx). The writing
// library is too large to link into the API's functions (the 10 MiB
// budget), so this package, which they do link, holds no excelize and no
// AWS: only the type and its wire format, plain JSON compressed with gzip.
package workbook

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"
)

// MediaType is the media type of the workbook.
const MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Month is what a month's workbook shows, ready to write: the statements
// function fills it from the month's statements (closed months as frozen,
// open ones as their preview) with text already guarded as the CSV guards
// it, and the exports function writes it as it is. It holds no billing
// types, so that the exports function links neither the catalog nor the
// money rules: only what it needs to write a file.
type Month struct {
	// Month is the month, written YYYY-MM.
	Month string
	// Status is the month's: open, closing or closed.
	Status string
	// ClosedAt is when a closed month closed, RFC 3339 UTC; empty before.
	ClosedAt string
	// Currency is what the amounts are in, such as USD.
	Currency string
	// Total is the month's total, the sum of its statements'.
	Total decimal.Decimal
	// Statements are the month's statements with activity, in the order
	// the month's list of statements gives them.
	Statements []Statement
	// At is the time the workbook is as of, written as its created and
	// modified times: the close for a closed month, so that its bytes
	// never change, and the time of the request for an open one.
	At time.Time
}

// Statement is one department's statement in the workbook: a row of the
// summary and a sheet of its own.
type Statement struct {
	Department     string
	DepartmentName string
	CostCenter     string
	Total          decimal.Decimal
	// Status is the statement's: open or closed.
	Status string
	// Checksum is a closed statement's; empty while open.
	Checksum string
	// Lines are the statement's lines in the CSV's order, one row each.
	Lines []Line
}

// Line is a statement line as the CSV writes it; a nil number is a field
// that does not apply to the line's kind, left empty.
type Line struct {
	Month       string
	Department  string
	CostCenter  string
	LineID      string
	Kind        string
	RequestID   string
	ServiceID   string
	ServiceName string
	Description string
	Quantity    *decimal.Decimal
	Unit        string
	UnitPrice   *decimal.Decimal
	Days        *int
	Amount      decimal.Decimal
}

// Builder writes a month's workbook as the bytes of a file.
type Builder func(Month) ([]byte, error)

// Workbook writes m's workbook in process, as the local server and the
// tests do.
func (b Builder) Workbook(_ context.Context, m Month) ([]byte, error) { return b(m) }

// Request is the event the exports function is invoked with: the Month as
// JSON, compressed, so that a month of many thousand lines stays well
// inside Lambda's 6 MB payload (a line is about 400 bytes of JSON, and
// compresses about tenfold).
type Request struct {
	MonthGzip []byte `json:"month_gzip"`
}

// Response is what the exports function answers: the workbook's bytes.
type Response struct {
	Workbook []byte `json:"workbook"`
}

// NewRequest is the request that asks for m's workbook.
func NewRequest(m Month) (Request, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return Request{}, err
	}
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	// Writing to a bytes.Buffer cannot fail.
	_, _ = w.Write(raw)
	_ = w.Close()
	return Request{MonthGzip: buf.Bytes()}, nil
}

// Month is the month the request asks for.
func (r Request) Month() (Month, error) {
	var m Month
	z, err := gzip.NewReader(bytes.NewReader(r.MonthGzip))
	if err != nil {
		return m, fmt.Errorf("workbook request: %w", err)
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		return m, fmt.Errorf("workbook request: %w", err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("workbook request: %w", err)
	}
	return m, nil
}

// Serve is the exports function's handler: it writes the requested
// month's workbook with build.
func Serve(build Builder) func(context.Context, Request) (Response, error) {
	return func(_ context.Context, r Request) (Response, error) {
		m, err := r.Month()
		if err != nil {
			return Response{}, err
		}
		b, err := build(m)
		return Response{Workbook: b}, err
	}
}
