package coldstart

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// LambdaFlags are the go build flags of every Lambda binary, the
// Makefile's LAMBDA_FLAGS. A test holds the two together.
var LambdaFlags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w"}

// Build compiles the main package pkg (e.g. "./functions/requests") for
// linux/goarch without cgo and with LambdaFlags, into the file out. goTool
// is the go command to run. The package path is read from the current
// directory, the module's root.
func Build(ctx context.Context, goTool, pkg, goarch, out string) error {
	args := append([]string{"build"}, LambdaFlags...)
	args = append(args, "-o", out, pkg)
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s for linux/%s: %w\n%s", pkg, goarch, err, msg)
	}
	return nil
}

// FlagsText writes flags as a Makefile or shell line would: arguments with
// a space in double quotes.
func FlagsText(flags []string) string {
	parts := make([]string, len(flags))
	for i, f := range flags {
		if strings.ContainsAny(f, " \t") {
			f = `"` + f + `"`
		}
		parts[i] = f
	}
	return strings.Join(parts, " ")
}
