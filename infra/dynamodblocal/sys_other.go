//go:build !linux

package dynamodblocal

import (
	"os"
	"os/exec"
)

// setProcAttr does nothing outside Linux: the launcher's process-group and
// parent-death handling is Linux only, and elsewhere a killed parent can
// leave java running.
func setProcAttr(cmd *exec.Cmd) {}

// signalGroup asks cmd's process to stop, or kills it when kill is set or
// the platform cannot deliver an interrupt. It reaches that process only,
// not any it started.
func signalGroup(cmd *exec.Cmd, kill bool) {
	if kill || cmd.Process.Signal(os.Interrupt) != nil {
		_ = cmd.Process.Kill()
	}
}

// lockInstall returns at once outside Linux: installs are serialized within
// one process only.
func lockInstall(dir string) (unlock func(), err error) {
	return func() {}, nil
}
