package systemtest

import (
	"testing"

	"chargeback/internal/apitest"
)

// askable is a fresh line of Radiology's March (a one-time charge) and
// the body that opens an inquiry about it; the 404 twin names a line that
// does not exist.
func (w *matrixWorld) askable(t *testing.T) matrixShot {
	t.Helper()
	line := w.fulfilled(t, apitest.Radiology, "barcode-scanner") + "-charge"
	body := `{"month": "2026-03", "department": "radiology", "line_id": "` + line + `", "reason": "we did not order this", "amount": "10.00"}`
	return matrixShot{body: body, inBody: &[2]string{line, "01KGES92M037RE4H3H70AQTM2Z-charge"}}
}

// openInquiry makes a fresh open inquiry about a new Radiology line of
// March; the shot sends body and checks that a refused call left the
// inquiry open at its version.
func (w *matrixWorld) openInquiry(body string) func(t *testing.T) matrixShot {
	return func(t *testing.T) matrixShot {
		t.Helper()
		ask := w.askable(t)
		id := w.e.Must(t, 201, apitest.Radiology, "POST", "/v1/inquiries", ask.body)["id"].(string)
		return matrixShot{params: map[string]string{"id": id}, body: body, unchanged: func(t *testing.T) {
			t.Helper()
			after := w.e.Must(t, 200, apitest.Finance, "GET", "/v1/inquiries/"+id, "")
			if after["status"] != "open" || after["version"] != float64(1) {
				t.Errorf("a refused call changed the inquiry: got %v version %v, want open version 1", after["status"], after["version"])
			}
		}}
	}
}
