package dynamodblocal

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestStartupTimeout(t *testing.T) {
	tests := []struct {
		name, env string
		want      time.Duration
		wantErr   bool
	}{
		{name: "unset", want: DefaultStartupTimeout},
		{name: "a duration", env: "5m", want: 5 * time.Minute},
		{name: "not a duration", env: "soon", wantErr: true},
		{name: "zero", env: "0s", wantErr: true},
		{name: "negative", env: "-1m", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(StartupTimeoutEnv, tt.env)
			got, err := StartupTimeout()
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("StartupTimeout() with %s=%q: got %v, %v; want %v, error %v", StartupTimeoutEnv, tt.env, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), StartupTimeoutEnv) {
				t.Errorf("the error %q does not name %s", err, StartupTimeoutEnv)
			}
		})
	}
}

// TestStartSaysWhatItWaitedFor runs a java that never answers: Start must
// give up after its bound and say what it waited for and how long.
func TestStartSaysWhatItWaitedFor(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake java is a shell script")
	}
	requireInstallable(t)
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "java"), []byte("#!/bin/sh\nexec sleep 60\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	_, err := Start(context.Background(), Options{StartupTimeout: 300 * time.Millisecond})
	if err == nil {
		t.Fatal("Start with a java that never answers: got nil error")
	}
	for _, want := range []string{"did not answer ListTables", "within 300ms", StartupTimeoutEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Start error = %q, want it to contain %q", err, want)
		}
	}
}
