package coldstart

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Binary is one program to measure: a Lambda function or the bare
// baseline, built as bootstrap in a folder of its own (its task root).
type Binary struct {
	Name string // the function's name, e.g. "requests"
	Path string // the bootstrap file
}

// Measure runs b once against a fresh Runtime and returns its init: the
// time from just before the process is spawned to its first GET NextPath.
// The process is killed as soon as that request arrives, or when it has
// not arrived within timeout. A process that exits first is an error that
// carries its output.
func Measure(ctx context.Context, b Binary, timeout time.Duration) (time.Duration, error) {
	rt, err := StartRuntime(time.Now)
	if err != nil {
		return 0, fmt.Errorf("start runtime API: %w", err)
	}
	defer rt.Close()

	root := filepath.Dir(b.Path)
	cmd := exec.Command(b.Path)
	cmd.Env = LambdaEnv(rt.Addr(), b.Name, root)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s: %w", b.Name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		cmd.Process.Kill()
		<-exited
	}

	select {
	case at := <-rt.First():
		stop()
		return at.Sub(start), nil
	case err := <-exited:
		return 0, fmt.Errorf("%s exited before asking for an invocation (%v):\n%s",
			b.Name, err, strings.TrimSpace(out.String()))
	case <-time.After(timeout):
		stop()
		return 0, fmt.Errorf("%s did not ask for an invocation within %v", b.Name, timeout)
	case <-ctx.Done():
		stop()
		return 0, ctx.Err()
	}
}
