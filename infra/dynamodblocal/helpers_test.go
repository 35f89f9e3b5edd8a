package dynamodblocal

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"
)

// requireDynamoDBLocal skips the test, loudly, when DynamoDB Local cannot
// run here: no java on PATH, or no installed jar and no npm to install it.
// With CHARGEBACK_REQUIRE_DYNAMODB=1, as make test sets, it fails instead.
func requireDynamoDBLocal(t *testing.T) {
	t.Helper()
	requireInstallable(t)
	if _, err := exec.LookPath("java"); err != nil {
		skipOrFail(t, "java is not on PATH; install Java 17 or newer to run DynamoDB Local")
	}
}

// requireInstallable skips or fails the test, as requireDynamoDBLocal
// does, when the jar is missing and npm is not on PATH to install it.
func requireInstallable(t *testing.T) {
	t.Helper()
	dir, err := PackageDir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jarPath(dir); err == nil {
		return
	}
	if _, err := exec.LookPath("npm"); err != nil {
		skipOrFail(t, "the DynamoDB Local jar is not installed and npm is not on PATH to install it")
	}
}

// skipOrFail skips the test with a loud reason, or fails it when
// CHARGEBACK_REQUIRE_DYNAMODB=1.
func skipOrFail(t *testing.T, reason string) {
	t.Helper()
	msg := "SKIPPING DynamoDB Local test: " + reason + " (set CHARGEBACK_REQUIRE_DYNAMODB=1 to make this a failure)"
	if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
		t.Fatal("CHARGEBACK_REQUIRE_DYNAMODB=1 but " + reason)
	}
	t.Skip(msg)
}

// startServer starts DynamoDB Local with opts, logs how long it took to
// answer, and stops it when the test ends.
func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Log == nil {
		opts.Log = testWriter{t}
	}
	begin := time.Now()
	s, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("DynamoDB Local ready at %s after %v", s.Endpoint(), time.Since(begin).Round(time.Millisecond))
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

// mustCall sends the DynamoDB operation op to s and returns the response
// body, failing the test unless the status is 200.
func mustCall(t *testing.T, s *Server, op, body string) string {
	t.Helper()
	// A first call can be slow on a busy machine: bound it as generously as
	// the start.
	wait, err := StartupTimeout()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	status, b, err := call(ctx, http.DefaultClient, s.Endpoint(), op, body)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if status != http.StatusOK {
		t.Fatalf("%s: got status %d, want 200; body %s", op, status, b)
	}
	return string(b)
}

// testWriter sends the java output to the test log, shown with -v or on
// failure.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Logf("java: %s", p)
	return len(p), nil
}
