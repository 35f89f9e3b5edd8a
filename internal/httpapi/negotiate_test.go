package httpapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/errs"
)

func TestWantsCSV(t *testing.T) {
	tests := []struct {
		name     string
		format   string // ?format=, "" when absent
		accept   string
		wantCSV  bool
		wantKind errs.Kind // "" when answered
	}{
		{"nothing asked", "", "", false, ""},
		{"format csv", "csv", "", true, ""},
		{"format json", "json", "", false, ""},
		{"format csv wins over Accept", "csv", "application/json", true, ""},
		{"format json wins over Accept", "json", "text/csv", false, ""},
		{"format csv with an Accept of neither", "csv", "application/xml", true, ""},
		{"format CSV in upper case", "CSV", "", false, errs.Invalid},
		{"format Json in mixed case", "Json", "", false, errs.Invalid},
		{"format xml", "xml", "", false, errs.Invalid},
		{"format xlsx", "xlsx", "", false, errs.Invalid},
		{"format with a space", "csv ", "", false, errs.Invalid},

		{"Accept blank", "", "  ", false, ""},
		{"Accept JSON", "", "application/json", false, ""},
		{"Accept CSV", "", "text/csv", true, ""},
		{"Accept CSV with a charset", "", "text/csv; charset=utf-8", true, ""},
		{"Accept CSV in upper case", "", "TEXT/CSV", true, ""},
		{"Accept anything", "", "*/*", false, ""},
		{"Accept any text", "", "text/*", true, ""},
		{"Accept any application", "", "application/*", false, ""},
		{"Accept CSV then JSON", "", "text/csv, application/json", true, ""},
		{"Accept JSON then CSV", "", "application/json, text/csv", false, ""},
		{"Accept CSV preferred by q", "", "application/json;q=0.5, text/csv", true, ""},
		{"Accept JSON preferred by q", "", "text/csv;q=0.4, application/json;q=0.9", false, ""},
		{"Accept q with spaces", "", "application/json ; q=0.1, text/csv ; q=0.2", true, ""},
		{"Accept JSON refused, anything else welcome", "", "application/json;q=0, */*", true, ""},
		{"Accept of a browser", "", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false, ""},
		{"Accept an unreadable q counts as 1", "", "text/csv;q=high", true, ""},
		{"Accept XML", "", "application/xml", false, errs.NotAcceptable},
		{"Accept HTML", "", "text/html", false, errs.NotAcceptable},
		{"Accept problem JSON only", "", "application/problem+json", false, errs.NotAcceptable},
		{"Accept image", "", "image/*", false, errs.NotAcceptable},
		{"Accept JSON and CSV refused", "", "application/json;q=0, text/csv;q=0", false, errs.NotAcceptable},
		{"Accept anything refused", "", "*/*;q=0", false, errs.NotAcceptable},
		{"Accept a word", "", "csv", false, errs.NotAcceptable},
		{"Accept commas only", "", ",,", false, errs.NotAcceptable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &events.APIGatewayV2HTTPRequest{Headers: map[string]string{}}
			if tt.format != "" {
				ev.QueryStringParameters = map[string]string{"format": tt.format}
			}
			if tt.accept != "" {
				ev.Headers["accept"] = tt.accept
			}
			got, err := wantsCSV(&call{ev: ev})
			gotKind := errs.Kind("")
			if err != nil {
				gotKind = errs.KindOf(err)
			}
			if got != tt.wantCSV || gotKind != tt.wantKind {
				t.Errorf("got CSV %v, error %q (%v); want CSV %v, error %q", got, gotKind, err, tt.wantCSV, tt.wantKind)
			}
			if tt.wantKind == errs.Invalid {
				var e *errs.Error
				if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "format" {
					t.Errorf("got %v, want a field error naming format", err)
				}
			}
		})
	}
}

func TestNotAcceptableIsA406Problem(t *testing.T) {
	_, err := prefer("application/xml", []format{formatJSON, formatCSV})
	r := problemReply(err)
	if r.status != 406 || r.contentType != "application/problem+json" {
		t.Fatalf("got %d %s, want 406 application/problem+json", r.status, r.contentType)
	}
	want := `{"code":"not_acceptable","detail":"this route answers application/json or text/csv, and the Accept header allows neither","status":406,"title":"Not Acceptable","type":"about:blank"}`
	if got := string(r.body); got != want {
		t.Errorf("body:\ngot  %s\nwant %s", got, want)
	}
}

func TestNegotiateJSONCSVOrXLSX(t *testing.T) {
	const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	tests := []struct {
		name     string
		format   string // ?format=, "" when absent
		accept   string
		want     string
		wantKind errs.Kind // "" when answered
	}{
		{"nothing asked", "", "", "json", ""},
		{"format xlsx", "xlsx", "", "xlsx", ""},
		{"format json", "json", xlsx, "json", ""},
		{"format xlsx over an Accept of JSON", "xlsx", "application/json", "xlsx", ""},
		{"format XLSX in upper case", "XLSX", "", "", errs.Invalid},
		{"format csv", "csv", "", "csv", ""},
		{"format CSV in upper case", "CSV", "", "", errs.Invalid},
		{"format xls", "xls", "", "", errs.Invalid},
		{"Accept the workbook", "", xlsx, "xlsx", ""},
		{"Accept the workbook in upper case", "", strings.ToUpper(xlsx), "xlsx", ""},
		{"Accept anything", "", "*/*", "json", ""},
		{"Accept any application", "", "application/*", "json", ""},
		{"Accept the workbook over JSON by q", "", "application/json;q=0.5, " + xlsx, "xlsx", ""},
		{"Accept JSON refused, anything else welcome", "", "application/json;q=0, */*", "csv", ""},
		{"Accept CSV", "", "text/csv", "csv", ""},
		{"Accept the workbook over CSV", "", "text/csv;q=0.1, " + xlsx, "xlsx", ""},
		{"Accept HTML", "", "text/html", "", errs.NotAcceptable},
		{"Accept the old Excel format", "", "application/vnd.ms-excel", "", errs.NotAcceptable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &events.APIGatewayV2HTTPRequest{Headers: map[string]string{}}
			if tt.format != "" {
				ev.QueryStringParameters = map[string]string{"format": tt.format}
			}
			if tt.accept != "" {
				ev.Headers["accept"] = tt.accept
			}
			got, err := negotiate(&call{ev: ev}, formatJSON, formatCSV, formatXLSX)
			if tt.wantKind != "" {
				if errs.KindOf(err) != tt.wantKind {
					t.Fatalf("got %v, want a %s error", err, tt.wantKind)
				}
				var e *errs.Error
				if tt.wantKind == errs.Invalid && (!errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "format" || e.Fields[0].Message != "must be csv, json or xlsx, in lower case") {
					t.Errorf("got %v, want a field error naming format that offers csv, json and xlsx", err)
				}
				return
			}
			if err != nil || got.name != tt.want {
				t.Errorf("got %q, %v; want %q", got.name, err, tt.want)
			}
		})
	}
}
