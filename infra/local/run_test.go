package local

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chargeback/infra/dynamodblocal"
	"chargeback/internal/dynamotest"
)

// syncBuffer is a bytes.Buffer safe to read while Run writes it.
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

func TestRunServesWhatItPrints(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	env := map[string]string{
		"DYNAMODB_ENDPOINT": endpoint, "PORT": "0", "TABLE_NAME": fmt.Sprintf("run-%d", time.Now().UnixNano()),
		"CHARGEBACK_FAKE_CLOCK": "1",
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, func(k string) string { return env[k] }, out) }()

	// Run creates and seeds a table before it prints; on a busy machine
	// that can take a while, so the wait is the generous start-up bound.
	wait, err := dynamodblocal.StartupTimeout()
	if err != nil {
		t.Fatal(err)
	}
	addr := regexp.MustCompile(`API on (http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(wait); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("waited %v for Run to print \"API on http://127.0.0.1:PORT\" (%s sets the bound); it printed:\n%s", wait, dynamodblocal.StartupTimeoutEnv, out.String())
	}
	// Every printed token works on the route printed with it.
	lines := regexp.MustCompile(`TOKEN=(\S+)\n  curl -s -X (\w+) -H "Authorization: Bearer \$TOKEN" '(\S+)'`).FindAllStringSubmatch(out.String(), -1)
	if len(lines) != len(DevUsers) {
		t.Errorf("printed %d token lines, want %d", len(lines), len(DevUsers))
	}
	for _, m := range lines {
		req, _ := http.NewRequest(m[2], m[3], nil)
		req.Header.Set("Authorization", "Bearer "+m[1])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s %s: got %d, want 200", m[2], m[3], res.StatusCode)
		}
	}
	if status, _ := get(t, "GET", base+"/_local/clock", "", ""); status != 200 {
		t.Errorf("the fake clock is not served: %d", status)
	}
	// The banner opens with the portal's address, and the portal and its
	// sign-in page are there.
	printed := strings.Split(out.String(), "\n")
	first := printed[slices.Index(printed, "")+1] // the banner follows a blank line
	if want := "Portal on " + base + "/ "; !strings.HasPrefix(first, want) {
		t.Errorf("the banner starts %q, want %q", first, want)
	}
	for _, path := range []string{"/", "/_local/signin", "/config.json"} {
		if status, _ := get(t, "GET", base+path, "", ""); status != 200 {
			t.Errorf("GET %s: got %d, want 200", path, status)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(wait):
		t.Errorf("Run did not stop within %v of its context ending", wait)
	}
}
