package web

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestDistMatchesSources rebuilds the portal from src/ with the locked
// toolchain and fails when the committed dist/ differs: the assets the web
// function embeds are exactly what the sources build to. Rebuild with
// `make portal` (or `cd web && node build.mjs`) and commit dist/.
func TestDistMatchesSources(t *testing.T) {
	requireNode(t)
	out := t.TempDir()
	run(t, "node", "build.mjs", "--out", out)
	want := readTree(t, out)
	got := readTree(t, "dist")
	for name, body := range want {
		if !bytes.Equal(got[name], body) {
			t.Errorf("dist/%s differs from a build of src/ (run make portal and commit dist/)", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("dist/%s is not built from src/ any more (run make portal and commit dist/)", name)
		}
	}
}

// TestTypesCheck runs the TypeScript compiler over src/: the bundler strips
// types without checking them.
func TestTypesCheck(t *testing.T) {
	requireNode(t)
	run(t, "node", "node_modules/typescript/bin/tsc", "--noEmit", "-p", ".")
}

// requireNode skips, saying why, when the portal's npm packages are not
// installed (plain go test on a machine without Node.js); make test
// installs them and sets CHARGEBACK_REQUIRE_PORTAL=1, so there the test
// fails instead.
func requireNode(t *testing.T) {
	t.Helper()
	_, err := os.Stat("node_modules/esbuild/package.json")
	if err == nil {
		if _, err = exec.LookPath("node"); err == nil {
			return
		}
	}
	if os.Getenv("CHARGEBACK_REQUIRE_PORTAL") == "1" {
		t.Fatalf("the portal's build needs Node.js and web/node_modules (make deps installs them): %v", err)
	}
	t.Skipf("skipped: the portal's build needs Node.js and web/node_modules (make deps): %v", err)
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)], err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
