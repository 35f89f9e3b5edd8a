package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"
	"time"

	"chargeback/infra/dynamodblocal"
	"chargeback/infra/local"
	"chargeback/internal/dynamotest"
)

// TestPortalInChromium runs the browser tests (e2e/*.spec.ts, Playwright
// driving Debian's Chromium) against the local server make run starts: a
// fresh table on DynamoDB Local, the sample data, and the fake clock the
// tests move. It needs Node.js, web/node_modules and /usr/bin/chromium;
// make test installs them (make deps, .ci/run) and requires it to run.
func TestPortalInChromium(t *testing.T) {
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	_, errNode := os.Stat("node_modules/@playwright/test/cli.js")
	_, errChromium := os.Stat(chromium)
	if errNode != nil || errChromium != nil {
		why := fmt.Sprintf("the browser tests need web/node_modules (make deps) and Chromium at %s (.ci/run installs Debian's chromium): %v %v", chromium, errNode, errChromium)
		if os.Getenv("CHARGEBACK_REQUIRE_PORTAL") == "1" {
			t.Fatal(why)
		}
		t.Skip("skipped: " + why)
	}
	endpoint := dynamotest.Endpoint(t)
	env := map[string]string{
		"DYNAMODB_ENDPOINT": endpoint, "PORT": "0", "TABLE_NAME": fmt.Sprintf("e2e-%d", time.Now().UnixNano()),
		"CHARGEBACK_FAKE_CLOCK": "1",
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- local.Run(ctx, func(k string) string { return env[k] }, out) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})

	// The server creates and seeds its table before it prints its address;
	// on a busy machine that takes a while, so the wait is the generous
	// start-up bound.
	wait, err := dynamodblocal.StartupTimeout()
	if err != nil {
		t.Fatal(err)
	}
	addr := regexp.MustCompile(`Portal on (http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(wait); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("waited %v for the local server to print \"Portal on http://127.0.0.1:PORT/\" (%s sets the bound); it printed:\n%s",
			wait, dynamodblocal.StartupTimeoutEnv, out.String())
	}

	start := time.Now()
	cmd := exec.Command("node", "node_modules/@playwright/test/cli.js", "test")
	cmd.Env = append(os.Environ(), "PORTAL_URL="+base, "CHROMIUM="+chromium, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	res, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the browser tests failed (%v) after %v:\n%s", err, time.Since(start).Round(time.Second), res)
	}
	summary := regexp.MustCompile(`(?m)^\s*\d+ passed.*$`).Find(res)
	t.Logf("browser tests: %s in %v", bytes.TrimSpace(summary), time.Since(start).Round(time.Second))
}

// syncBuffer is a bytes.Buffer safe to read while the server writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
