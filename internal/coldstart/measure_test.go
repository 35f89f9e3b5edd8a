package coldstart

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// helperPrefix marks the test binary run by Measure as a stand-in
// function; the rest of AWS_LAMBDA_FUNCTION_NAME says how it behaves.
const helperPrefix = "coldstart-helper-"

// TestMain lets the test binary play a Lambda function for TestMeasure,
// since Measure gives it Lambda's environment and no other.
func TestMain(m *testing.M) {
	if how, ok := strings.CutPrefix(os.Getenv("AWS_LAMBDA_FUNCTION_NAME"), helperPrefix); ok {
		os.Exit(playFunction(how))
	}
	os.Exit(m.Run())
}

// playFunction asks for the next invocation ("next"), fails at init
// ("exit"), or never asks ("hang").
func playFunction(how string) int {
	switch how {
	case "next":
		http.Get("http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + NextPath)
		return 0
	case "exit":
		fmt.Println("TABLE_NAME is not set")
		return 1
	default:
		time.Sleep(time.Hour) // never asks
		return 0
	}
}

func TestMeasure(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A helper that asks or exits ends the wait itself, so its bound is
	// generous: a busy machine can take seconds to start a test binary.
	// Only the helper that hangs must meet the bound, and a short one.
	const generous = 3 * time.Minute
	tests := []struct {
		how     string
		timeout time.Duration
		wantErr string // "" for a measured init
	}{
		{how: "next", timeout: generous},
		{how: "exit", timeout: generous, wantErr: "exited before asking for an invocation (exit status 1):\nTABLE_NAME is not set"},
		{how: "hang", timeout: 300 * time.Millisecond, wantErr: "did not ask for an invocation within 300ms"},
	}
	for _, tt := range tests {
		t.Run(tt.how, func(t *testing.T) {
			b := Binary{Name: helperPrefix + tt.how, Path: self}
			start := time.Now()
			d, err := Measure(context.Background(), b, tt.timeout)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Measure: %v", err)
			case tt.wantErr == "" && (d <= 0 || d > time.Since(start)):
				t.Errorf("Measure = %v, want between 0 and %v", d, time.Since(start))
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Measure error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
