package dynamodblocal

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// setProcAttr puts the process in a process group of its own, so that Stop
// can signal it and anything it starts, and has the kernel SIGKILL it when
// the thread that started it dies, so that a killed test binary leaves no
// java behind. Go threads live as long as the process unless a goroutine
// exits while locked to one with runtime.LockOSThread; callers should not
// Start from such a goroutine.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalGroup sends SIGTERM, or SIGKILL when kill is set, to the process
// group led by cmd's process. A group that is already gone is not an error.
func signalGroup(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-cmd.Process.Pid, sig)
}

// lockInstall takes an exclusive lock, shared by all processes on this
// machine, on installing into dir, and returns the function that releases
// it. The lock file lives in the temporary folder, not in dir, to leave
// the work tree clean.
func lockInstall(dir string) (unlock func(), err error) {
	sum := sha256.Sum256([]byte(dir))
	name := filepath.Join(os.TempDir(), "dynamodblocal-install-"+hex.EncodeToString(sum[:8])+".lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing the file releases the lock
}
