package coldstart

import (
	"os"
	"strings"
	"testing"
)

func TestFlagsText(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
		want  string
	}{
		{name: "none", flags: nil, want: ""},
		{name: "plain", flags: []string{"-trimpath"}, want: "-trimpath"},
		{name: "a space is quoted", flags: []string{"-ldflags", "-s -w"}, want: `-ldflags "-s -w"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FlagsText(tt.flags); got != tt.want {
				t.Errorf("FlagsText(%q) = %q, want %q", tt.flags, got, tt.want)
			}
		})
	}
}

// TestLambdaFlagsMatchMakefile holds LambdaFlags and the Makefile's
// LAMBDA_FLAGS together: the measured binaries must be built as deployed.
func TestLambdaFlagsMatchMakefile(t *testing.T) {
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(makefile)) {
		if value, ok := strings.CutPrefix(line, "LAMBDA_FLAGS := "); ok {
			if got, want := FlagsText(LambdaFlags), strings.TrimSpace(value); got != want {
				t.Errorf("LambdaFlags = %s, want the Makefile's %s", got, want)
			}
			return
		}
	}
	t.Fatal("the Makefile has no line LAMBDA_FLAGS := ...")
}
