package local

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A step is one shell command of a walk-through: a curl call, possibly
// inside an assignment (`ID=$(curl ... | cut ...)`), spread over one or
// more lines, ending in a comment that says what it answers:
//
//	curl -s -H "Authorization: Bearer $IT" "$API/v1/requests?overdue=true"   # → 200, empty until one is late
//
// The status is checked. A 2xx answer must also hold something (a JSON
// `items` or `lines` list with an entry, a CSV with a row) unless the
// comment says "empty".
type step struct {
	line   int    // where it starts in its file, from 1
	text   string // as written, comment and all
	want   int    // the status after "→"; 0 when the comment is missing
	remark string // the rest of the comment
}

// expectation is the trailing comment: "# → 201" and any words after it.
var expectation = regexp.MustCompile(`#\s*→\s*(\d{3})\b[,:]?\s*(.*)$`)

// parseSteps splits a shell block into steps. Blank and comment lines are
// skipped; a command goes on while its line ends in a backslash or a
// single-quoted string is still open. first is the file line of the
// block's first line.
func parseSteps(block string, first int) []step {
	var steps []step
	var cur *step
	quotes := 0 // single quotes so far in the current command, outside its comment
	for i, l := range strings.Split(block, "\n") {
		if cur == nil {
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			steps = append(steps, step{line: first + i, text: l})
			cur, quotes = &steps[len(steps)-1], 0
		} else {
			cur.text += "\n" + l
		}
		m := expectation.FindStringSubmatchIndex(l)
		code := l
		if m != nil {
			code = l[:m[0]]
		}
		if quotes += strings.Count(code, "'"); strings.HasSuffix(l, `\`) || quotes%2 == 1 {
			continue
		}
		if m != nil {
			cur.want, _ = strconv.Atoi(l[m[2]:m[3]])
			cur.remark = l[m[4]:m[5]]
		}
		cur = nil
	}
	return steps
}

// shellVar is a variable reference in a command.
var shellVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// assignment is a step that starts by setting a variable.
var assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=`)

// undefined returns, for each step, the variables it uses that neither
// given nor an earlier step's assignment (`NAME=...` at its start) sets.
func undefined(steps []step, given map[string]string) map[int][]string {
	set := map[string]bool{}
	for name := range given {
		set[name] = true
	}
	out := map[int][]string{}
	for i, s := range steps {
		for _, m := range shellVar.FindAllStringSubmatch(s.text, -1) {
			if !set[m[1]] && !slices.Contains(out[i], m[1]) {
				out[i] = append(out[i], m[1])
			}
		}
		if m := assignment.FindStringSubmatch(s.text); m != nil {
			set[m[1]] = true
		}
	}
	return out
}

// answer is what a step's curl call got.
type answer struct {
	status      int // 0: no answer at all
	contentType string
	body        string
}

// walkBound is how long a whole walk-through may take: a few dozen local
// calls, each a few DynamoDB Local round trips, on a busy 2-core machine.
const walkBound = 3 * time.Minute

// runSteps runs prelude (the lines a reader pastes first) and then every
// step in one bash process, in a fresh folder, as a reader pasting them in
// order would, and returns each step's answer. curl is wrapped so that
// each call's status line, headers and body are also kept per step.
func runSteps(t *testing.T, prelude string, steps []step) []answer {
	t.Helper()
	dir, keep := t.TempDir(), t.TempDir()
	var script strings.Builder
	script.WriteString(prelude + "\n")
	script.WriteString(`curl() {
	command curl -D "$WALK_KEEP/head.$WALK_STEP" "$@" | tee "$WALK_KEEP/body.$WALK_STEP"
	return "${PIPESTATUS[0]}"
}
`)
	for i, s := range steps {
		fmt.Fprintf(&script, "WALK_STEP=%d\n%s\n", i, s.text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), walkBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script.String())
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "WALK_KEEP=" + keep}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); ctx.Err() != nil {
		t.Fatalf("the walk-through did not finish within %s (waiting for bash to run its %d steps): %v\n%s", walkBound, len(steps), err, out.String())
	}
	answers := make([]answer, len(steps))
	unanswered := 0
	for i := range steps {
		if answers[i] = readAnswer(t, keep, i); answers[i].status == 0 {
			unanswered++
		}
	}
	if unanswered > 0 {
		t.Logf("%d steps got no answer; what bash printed:\n%s", unanswered, out.String())
	}
	return answers
}

// readAnswer reads the status, content type and body curl kept for step i.
func readAnswer(t *testing.T, dir string, i int) answer {
	t.Helper()
	head, err := os.ReadFile(filepath.Join(dir, fmt.Sprint("head.", i)))
	if err != nil {
		return answer{}
	}
	body, _ := os.ReadFile(filepath.Join(dir, fmt.Sprint("body.", i)))
	a := answer{body: string(body)}
	for _, l := range strings.Split(string(head), "\r\n") {
		if f := strings.Fields(l); len(f) >= 2 && strings.HasPrefix(f[0], "HTTP/") {
			a.status, _ = strconv.Atoi(f[1]) // the last status line wins (after a 100 Continue)
		}
		if name, value, ok := strings.Cut(l, ":"); ok && strings.EqualFold(name, "Content-Type") {
			a.contentType = strings.TrimSpace(value)
		}
	}
	return a
}

// judge says what is wrong with a step's answer, or "" when it answered
// as its comment says.
func (s step) judge(a answer) string {
	switch {
	case s.want == 0:
		return `has no "# → status" comment saying what it answers`
	case a.status == 0:
		return "got no answer (curl could not connect, or the line never called curl)"
	case a.status != s.want:
		return fmt.Sprintf("got %d, want %d", a.status, s.want)
	case a.status >= 300 || strings.Contains(s.remark, "empty"):
		return ""
	}
	mediaType, _, _ := strings.Cut(a.contentType, ";")
	switch mediaType {
	case "application/json":
		var lists map[string]json.RawMessage
		if json.Unmarshal([]byte(a.body), &lists) != nil {
			return "" // not an object: nothing to count
		}
		for _, name := range []string{"items", "lines"} {
			if string(lists[name]) == "[]" {
				return fmt.Sprintf(`answered an empty %q list (say "empty" in the comment if the README means that)`, name)
			}
		}
	case "text/csv":
		if rows := strings.Count(strings.TrimSpace(a.body), "\n"); rows == 0 {
			return `answered a CSV with no rows (say "empty" in the comment if the README means that)`
		}
	}
	return ""
}

// short cuts a body down for a failure message.
func short(body string) string {
	if len(body) > 400 {
		return body[:400] + "..."
	}
	return body
}

func TestParseSteps(t *testing.T) {
	tests := []struct {
		name, block string
		want        []step
	}{
		{"one line", "curl -s $API/v1/health   # → 200",
			[]step{{line: 1, text: "curl -s $API/v1/health   # → 200", want: 200}}},
		{"comments and blank lines are skipped", "# a heading\n\ncurl a # → 201: filed",
			[]step{{line: 3, text: "curl a # → 201: filed", want: 201, remark: "filed"}}},
		{"a backslash continues", "curl a \\\n  -d b   # → 404, empty",
			[]step{{line: 1, text: "curl a \\\n  -d b   # → 404, empty", want: 404, remark: "empty"}}},
		{"an open single quote continues", "curl -d '{\"a\": 1,\n  \"b\": 2}' x   # → 200",
			[]step{{line: 1, text: "curl -d '{\"a\": 1,\n  \"b\": 2}' x   # → 200", want: 200}}},
		{"an apostrophe in the comment does not", "curl a   # → 404: another department's\ncurl b   # → 200",
			[]step{{line: 1, text: "curl a   # → 404: another department's", want: 404, remark: "another department's"}, {line: 2, text: "curl b   # → 200", want: 200}}},
		{"no status comment", "curl a   # just a remark",
			[]step{{line: 1, text: "curl a   # just a remark"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseSteps(tt.block, 1), cmp.AllowUnexported(step{})); diff != "" {
				t.Errorf("parseSteps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	tests := []struct {
		name   string
		step   step
		answer answer
		ok     bool
	}{
		{"the status it says", step{want: 201}, answer{status: 201}, true},
		{"another status", step{want: 200}, answer{status: 409}, false},
		{"no answer", step{want: 200}, answer{}, false},
		{"no status comment", step{}, answer{status: 200}, false},
		{"an empty list", step{want: 200}, answer{status: 200, contentType: "application/json", body: `{"items":[]}`}, false},
		{"an empty list the README expects", step{want: 200, remark: "empty until one is late"}, answer{status: 200, contentType: "application/json", body: `{"items":[]}`}, true},
		{"a statement without lines", step{want: 200}, answer{status: 200, contentType: "application/json", body: `{"lines":[],"total":"0.00"}`}, false},
		{"a CSV with only its header", step{want: 200}, answer{status: 200, contentType: "text/csv; charset=utf-8", body: "a,b\n"}, false},
		{"a CSV with a row", step{want: 200}, answer{status: 200, contentType: "text/csv", body: "a,b\n1,2\n"}, true},
		{"an expected refusal", step{want: 404}, answer{status: 404, contentType: "application/problem+json", body: `{"items":[]}`}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.step.judge(tt.answer); (got == "") != tt.ok {
				t.Errorf("judge: got %q, want ok=%v", got, tt.ok)
			}
		})
	}
}
