package local

import (
	"os"
	"strings"
	"testing"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/dynamotest"
)

// readme is the README the walk-through is read from.
const readme = "../../README.md"

// TestReadmeWalkThrough does what the README's "Try it" asks of a
// newcomer: it starts `make run`'s server on a fresh table, pastes the
// export lines the server prints into bash, then runs the block in order
// and checks that each command answers as its "# → status" comment says.
func TestReadmeWalkThrough(t *testing.T) {
	dynamotest.Endpoint(t)
	needTools(t, "bash", "curl")
	block, first := shellBlockAfter(t, readme, "## Try it")
	steps := parseSteps(block, first)
	if len(steps) < 10 {
		t.Fatalf("found %d commands in README.md's \"Try it\" block (from line %d); is it still a ```sh block?", len(steps), first)
	}

	prelude, vars := exports(startRun(t, nil))
	missing := undefined(steps, vars)
	for i, s := range steps {
		if names := missing[i]; len(names) > 0 {
			t.Errorf("README.md:%d uses $%s, which neither make run's export lines nor an earlier line sets:\n%s",
				s.line, strings.Join(names, ", $"), s.text)
		}
	}
	passed := 0
	for i, a := range runSteps(t, prelude, steps) {
		if problem := steps[i].judge(a); problem != "" {
			t.Errorf("README.md:%d %s:\n%s\nanswered: %s", steps[i].line, problem, steps[i].text, short(a.body))
			continue
		}
		passed++
	}
	t.Logf("%d of %d commands of the README's \"Try it\" answered as it says", passed, len(steps))
}

// The walk-through is checked without a server too: every command says
// what it answers, and uses only what the welcome exports or an earlier
// command sets.
func TestReadmeWalkThroughReads(t *testing.T) {
	block, first := shellBlockAfter(t, readme, "## Try it")
	steps := parseSteps(block, first)
	w := Welcome{Addr: "http://127.0.0.1:3000", Month: billing.MonthOf(time.Now(), time.UTC)}
	for _, s := range samples {
		s.ID = "01SAMPLE"
		w.Samples = append(w.Samples, s.Sample)
	}
	var printed strings.Builder
	if err := w.Print(&printed, secret, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, vars := exports(printed.String())
	missing := undefined(steps, vars)
	for i, s := range steps {
		if s.want == 0 {
			t.Errorf("README.md:%d has no \"# → status\" comment:\n%s", s.line, s.text)
		}
		if names := missing[i]; len(names) > 0 {
			t.Errorf("README.md:%d uses $%s, which neither the welcome's export lines nor an earlier line sets:\n%s",
				s.line, strings.Join(names, ", $"), s.text)
		}
	}
}

// shellBlockAfter returns the first ```sh block after heading in the file
// at path, and the file line its first line is on.
func shellBlockAfter(t *testing.T, path, heading string) (string, int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	start := -1
	for i, l := range lines {
		switch {
		case start < 0 && l == heading:
			start = 0
		case start == 0 && l == "```sh":
			start = i + 1
		case start > 0 && l == "```":
			return strings.Join(lines[start:i], "\n"), start + 1
		}
	}
	t.Fatalf("%s has no ```sh block under %q", path, heading)
	return "", 0
}
