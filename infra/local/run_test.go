package local

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"chargeback/infra/dynamodblocal"
	"chargeback/internal/dynamotest"
)

// syncBuffer is a bytes.Buffer safe to read while Run writes it. When
// ready is set, it is closed once the buffer holds readyAfter.
type syncBuffer struct {
	mu         sync.Mutex
	buf        bytes.Buffer
	readyAfter string
	ready      chan struct{}
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.ready != nil && b.readyAfter != "" && strings.Contains(b.buf.String(), b.readyAfter) {
		close(b.ready)
		b.readyAfter = ""
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startRun runs Run on DynamoDB Local at a fresh table, with extra
// settings, until the test ends, and returns what it printed once its
// welcome is complete.
func startRun(t *testing.T, extra map[string]string) string {
	t.Helper()
	env := map[string]string{
		"DYNAMODB_ENDPOINT": dynamotest.Endpoint(t), "PORT": "0",
		"TABLE_NAME": fmt.Sprintf("run-%d", time.Now().UnixNano()),
	}
	for k, v := range extra {
		env[k] = v
	}
	// Run creates the table and files, approves, fulfils and rates the
	// sample requests (about 30 DynamoDB Local calls) before it serves: a
	// second alone, much longer on a busy 2-core machine, so the wait is
	// the generous start-up bound.
	startBound, err := dynamodblocal.StartupTimeout()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{readyAfter: "Ctrl-C stops", ready: make(chan struct{})}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, func(k string) string { return env[k] }, out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not stop within 10s of its context ending")
		}
	})
	select {
	case <-out.ready:
		return out.String()
	case err := <-done:
		t.Fatalf("Run ended before it served: %v\n%s", err, out.String())
	case <-time.After(startBound):
		t.Fatalf("no complete welcome within %s (waiting for the table, the sample data and the listener; %s sets the bound):\n%s", startBound, dynamodblocal.StartupTimeoutEnv, out.String())
	}
	return ""
}

// exports reads the `export NAME=value ...` lines of a printed welcome.
func exports(welcome string) (lines string, vars map[string]string) {
	vars = map[string]string{}
	var b strings.Builder
	for _, line := range strings.Split(welcome, "\n") {
		rest, ok := strings.CutPrefix(line, "export ")
		if !ok {
			continue
		}
		b.WriteString(line + "\n")
		for _, f := range strings.Fields(rest) {
			if name, value, ok := strings.Cut(f, "="); ok {
				vars[name] = value
			}
		}
	}
	return b.String(), vars
}

// needTools skips the test when a program it runs is missing, or fails it
// when integration tests are required.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
				t.Fatalf("%s is not on PATH but CHARGEBACK_REQUIRE_DYNAMODB=1: %v", name, err)
			}
			t.Skipf("SKIPPING: %s is not on PATH: %v", name, err)
		}
	}
}

func TestRunServesWhatItPrints(t *testing.T) {
	welcome := startRun(t, map[string]string{"CHARGEBACK_FAKE_CLOCK": "1"})
	needTools(t, "bash", "curl")
	prelude, vars := exports(welcome)

	// The portal's address comes first, then the API's, then
	// ready-to-paste exports of every variable the README uses.
	if first := strings.TrimSpace(welcome); !strings.HasPrefix(first, "Portal on "+vars["API"]+"/ ") {
		t.Errorf("the welcome does not start with the portal's address %q:\n%s", vars["API"]+"/", welcome)
	}
	if !strings.Contains(welcome, "\nChargeback API on "+vars["API"]+" ") {
		t.Errorf("the welcome does not give the API's address %q:\n%s", vars["API"], welcome)
	}
	want := []string{"API", "MONTH", "PREV", "NEXT", "HOURLY_ID", "SUB_ID"}
	for _, u := range DevUsers {
		want = append(want, u.Var)
	}
	for _, name := range want {
		if vars[name] == "" {
			t.Errorf("no export of %s:\n%s", name, welcome)
		}
	}

	// Every printed token works on the call printed with it.
	var steps []step
	for _, l := range strings.Split(welcome, "\n") {
		if _, call, ok := strings.Cut(l, "curl "); ok {
			steps = append(steps, step{text: "curl " + call, want: 200, remark: "empty is fine"})
		}
	}
	if len(steps) != len(DevUsers) {
		t.Errorf("printed %d calls to try, want %d:\n%s", len(steps), len(DevUsers), welcome)
	}
	steps = append(steps, step{text: `curl -s "$API/_local/clock"`, want: 200, remark: "the fake clock"},
		step{text: `curl -s "$API/_local/events"`, want: 200, remark: "the local bus"},
		step{text: `curl -s -X POST "$API/_local/slawatch"`, want: 200, remark: "the SLA watch"})
	if !strings.Contains(welcome, vars["API"]+"/_local/events") {
		t.Errorf("the welcome does not say where the events are (%s/_local/events):\n%s", vars["API"], welcome)
	}
	// The portal, its settings and the local sign-in page are served there too.
	for _, path := range []string{"/", "/config.json", "/_local/signin"} {
		steps = append(steps, step{text: `curl -s "$API` + path + `"`, want: 200, remark: "the portal"})
	}
	for i, a := range runSteps(t, prelude, steps) {
		if problem := steps[i].judge(a); problem != "" {
			t.Errorf("%s: %s: %s", steps[i].text, problem, short(a.body))
		}
	}
}

// The sample leadership user reads reports but holds no other role, so
// it may not close a month.
func TestLeadershipSampleHoldsOnlyLeadership(t *testing.T) {
	for _, u := range DevUsers {
		if u.Var == "LEAD" {
			if got := fmt.Sprint(u.Claims["groups"]); got != "[leadership]" {
				t.Errorf("LEAD's groups: got %s, want [leadership]", got)
			}
			return
		}
	}
	t.Error("no sample user is exported as LEAD")
}
