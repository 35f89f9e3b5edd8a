package httpapi_test

import (
	"strings"
	"testing"
)

// TestCSVDownloadsNameTheirFile: every route that answers CSV sends it as
// an attachment named for what it holds, whether CSV was asked for by
// ?format=csv or by Accept.
func TestCSVDownloadsNameTheirFile(t *testing.T) {
	e := newEnv(t) // now is 2026-03-02
	e.closeMonth(t, "2026-02")
	tests := []struct {
		name    string
		who     caller
		target  string
		headers []string
		want    string
	}{
		{"a statement", finance, "/v1/statements/2026-03/radiology?format=csv", nil, `attachment; filename="statement-2026-03-radiology.csv"`},
		{"a statement by Accept", radiology, "/v1/statements/2026-02/radiology", []string{"Accept", "text/csv"}, `attachment; filename="statement-2026-02-radiology.csv"`},
		{"the journal", finance, "/v1/statements/2026-02/journal", nil, `attachment; filename="journal-2026-02.csv"`},
		{"the service report", leadership, "/v1/reports/services?from=2026-01&to=2026-03&format=csv", nil, `attachment; filename="report-services-2026-01-2026-03.csv"`},
		{"the department report", leadership, "/v1/reports/departments?from=2026-02&to=2026-02", []string{"Accept", "text/csv"}, `attachment; filename="report-departments-2026-02-2026-02.csv"`},
		{"the price list", radiology, "/v1/services?format=csv", nil, `attachment; filename="services.csv"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, "GET", tt.target, "", tt.headers...)
			if res.status != 200 || !strings.HasPrefix(res.headers["Content-Type"], "text/csv") {
				t.Fatalf("got %d %q, want 200 text/csv\n%s", res.status, res.headers["Content-Type"], res.body)
			}
			if got := res.headers["Content-Disposition"]; got != tt.want {
				t.Errorf("Content-Disposition: got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("JSON is no download", func(t *testing.T) {
		res := e.do(t, finance, "GET", "/v1/statements/2026-03/radiology", "")
		if got, found := res.headers["Content-Disposition"]; res.status != 200 || found {
			t.Errorf("got %d with Content-Disposition %q, want 200 without one", res.status, got)
		}
	})
}

// TestRoutesWithCSVRefuseFormatsTheyDoNotServe: on every route that answers
// JSON or CSV, an unknown ?format= (formats are lower case) is 400 naming
// format, and an Accept that allows neither JSON nor CSV is 406.
func TestRoutesWithCSVRefuseFormatsTheyDoNotServe(t *testing.T) {
	e := newEnv(t)
	targets := []struct {
		who    caller
		target string
	}{
		{finance, "/v1/statements/2026-03/radiology"},
		{leadership, "/v1/reports/services?from=2026-03&to=2026-03"},
		{leadership, "/v1/reports/departments?from=2026-03&to=2026-03"},
		{radiology, "/v1/services"},
	}
	asks := []struct {
		name    string
		format  string
		accept  string
		want    int
		wantCSV bool
	}{
		{"format xml", "xml", "", 400, false},
		{"format CSV in upper case", "CSV", "", 400, false},
		{"format xlsx", "xlsx", "", 400, false},
		{"Accept XML", "", "application/xml", 406, false},
		{"Accept HTML", "", "text/html", 406, false},
		{"format json", "json", "", 200, false},
		{"format csv", "csv", "", 200, true},
		{"Accept of a browser", "", "text/html,application/xml;q=0.9,*/*;q=0.8", 200, false},
		{"Accept JSON over CSV", "", "text/csv;q=0.5, application/json", 200, false},
		{"Accept CSV over JSON", "", "application/json;q=0.5, text/csv", 200, true},
	}
	for _, tg := range targets {
		for _, a := range asks {
			t.Run(tg.target+"/"+a.name, func(t *testing.T) {
				target := tg.target
				if a.format != "" {
					sep := "?"
					if strings.Contains(target, "?") {
						sep = "&"
					}
					target += sep + "format=" + a.format
				}
				var headers []string
				if a.accept != "" {
					headers = []string{"Accept", a.accept}
				}
				res := e.do(t, tg.who, "GET", target, "", headers...)
				switch a.want {
				case 400:
					mustField(t, res, "format")
				case 406:
					mustCode(t, res, 406, "not_acceptable")
				default:
					if res.status != a.want {
						t.Fatalf("got %d, want %d\n%s", res.status, a.want, res.body)
					}
					if gotCSV := strings.HasPrefix(res.headers["Content-Type"], "text/csv"); gotCSV != a.wantCSV {
						t.Errorf("CSV: got %v (%s), want %v", gotCSV, res.headers["Content-Type"], a.wantCSV)
					}
				}
			})
		}
	}
}
