package apitest

import (
	"fmt"
	"slices"
	"testing"
)

// ProblemFields lists the fields a problem's errors name, in order.
func ProblemFields(t testing.TB, res Response) []string {
	t.Helper()
	list, _ := res.JSON(t)["errors"].([]any)
	var out []string
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, fmt.Sprint(m["field"]))
		}
	}
	return out
}

// MustField fails the test unless res is a 400 problem whose errors name
// field.
func MustField(t testing.TB, res Response, field string) {
	t.Helper()
	if res.Status != 400 {
		t.Fatalf("got %d, want 400 naming %s\n%s", res.Status, field, res.Body)
	}
	if got := ProblemFields(t, res); !slices.Contains(got, field) {
		t.Errorf("fields named: got %v, want %s among them\n%s", got, field, res.Body)
	}
}

// MustCode fails the test unless res has the status and problem code.
func MustCode(t testing.TB, res Response, status int, code string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("got %d, want %d %s\n%s", res.Status, status, code, res.Body)
	}
	if got := res.JSON(t)["code"]; got != code {
		t.Errorf("code: got %v, want %s", got, code)
	}
}
