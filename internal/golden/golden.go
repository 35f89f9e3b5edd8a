// Package golden checks test output against files kept beside the tests,
// usually under testdata/, and rewrites those files when the tests run with
// -update:
//
//	go test ./internal/billing -update
//
// It registers the -update flag, once, for every test binary that imports
// it; tests import it, and no other code should. A test reviews what -update
// wrote with git diff before committing it.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files with what the tests produce")

// Updating reports whether the run was asked to rewrite golden files, for a
// test that keeps its expected output somewhere Assert cannot, such as a
// section of the README.
func Updating() bool { return *update }

// Assert fails the test unless the file at path holds exactly got, showing
// the difference. With -update it first writes got to path, creating its
// folder when needed.
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from what the test produced (-want +got); if the change is meant, run go test -update and review the diff:\n%s", path, diff)
	}
}
