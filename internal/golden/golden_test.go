package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, format)
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = append(r.failed, format)
	panic(r)
}

// assert runs Assert with r, turning its Fatalf back into a return.
func assert(r *recorder, path string, got []byte) {
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
	}()
	Assert(r, path, got)
}

func TestAssert(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "same.txt")
	if err := os.WriteFile(same, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		update   bool
		path     string
		got      string
		wantFail string // "" when Assert must pass
		wantFile string // what the file holds afterwards, when checked
	}{
		{name: "equal", path: same, got: "a\nb\n", wantFile: "a\nb\n"},
		{name: "different", path: same, got: "a\nc\n", wantFail: "differs", wantFile: "a\nb\n"},
		{name: "missing", path: filepath.Join(dir, "none.txt"), got: "x", wantFail: "-update to create it"},
		{name: "update rewrites", update: true, path: filepath.Join(dir, "new", "made.txt"), got: "made\n", wantFile: "made\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			*update = tt.update
			defer func() { *update = false }()
			r := &recorder{TB: t}
			assert(r, tt.path, []byte(tt.got))
			switch {
			case tt.wantFail == "" && len(r.failed) > 0:
				t.Errorf("Assert failed: %v", r.failed)
			case tt.wantFail != "" && (len(r.failed) != 1 || !strings.Contains(r.failed[0], tt.wantFail)):
				t.Errorf("Assert failures: got %q, want one containing %q", r.failed, tt.wantFail)
			}
			if tt.wantFile == "" {
				return
			}
			if b, err := os.ReadFile(tt.path); err != nil || string(b) != tt.wantFile {
				t.Errorf("%s afterwards: got %q (%v), want %q", tt.path, b, err, tt.wantFile)
			}
		})
	}
}
