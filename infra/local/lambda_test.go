package local

import (
	"os/exec"
	"strings"
	"testing"
)

// The test clock and the dev token check live only here: no Lambda function
// may link this package, anything else under infra/, or the developer tools
// (internal/load, internal/coldstart) that drive it.
func TestLambdaFunctionsDoNotLinkTheLocalServer(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "../../functions/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "/infra/") || strings.HasSuffix(pkg, "/internal/load") || strings.HasSuffix(pkg, "/internal/coldstart") {
			t.Errorf("a Lambda function links %s", pkg)
		}
	}
	if !strings.Contains(string(out), "github.com/aws/aws-lambda-go/lambda") {
		t.Error("go list found no Lambda function (is the path right?)")
	}
}
