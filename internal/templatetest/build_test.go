package templatetest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every function of the template is built by `make build` (FUNCTIONS, so
// `make coldstart` measures it too) and by `sam build` (its
// build-<LogicalId> target), from functions/<name>, and every folder under
// functions/ is a function of the template.
func TestEveryFunctionIsBuilt(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	mk := string(raw)
	listed := regexp.MustCompile(`(?m)^FUNCTIONS\s*:=(.*)$`).FindStringSubmatch(mk)
	if listed == nil {
		t.Fatal("the Makefile has no line FUNCTIONS := ...")
	}
	functions := strings.Fields(listed[1])
	dirs, err := os.ReadDir(filepath.Join("..", "..", "functions"))
	if err != nil {
		t.Fatal(err)
	}
	var folders []string
	for _, d := range dirs {
		if d.IsDir() {
			folders = append(folders, d.Name())
		}
	}
	m := readTemplate(t)
	var deployed []string
	for _, id := range m.ids("AWS::Serverless::Function") {
		name := strings.ToLower(strings.TrimSuffix(id, "Function"))
		deployed = append(deployed, name)
		target := regexp.MustCompile(`(?m)^build-` + id + `:\n\t.*-o \$\(ARTIFACTS_DIR\)/bootstrap \./functions/` + name + `$`)
		if !target.MatchString(mk) {
			t.Errorf("%s: the Makefile has no build-%s target building ./functions/%s", id, id, name)
		}
	}
	slices.Sort(functions)
	slices.Sort(folders)
	if !slices.Equal(functions, folders) || !slices.Equal(folders, deployed) {
		t.Errorf("functions: Makefile FUNCTIONS %v, folders under functions/ %v, template %v; want one set", functions, folders, deployed)
	}
}
