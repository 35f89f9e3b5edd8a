package dynamodblocal

import (
	"errors"
	"syscall"
	"testing"
)

// assertGroupGone fails the test unless the process pid and its process
// group no longer exist.
func assertGroupGone(t *testing.T, pid int) {
	t.Helper()
	for _, target := range []int{pid, -pid} {
		if err := syscall.Kill(target, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("kill(%d, 0): got %v, want ESRCH: java still running", target, err)
		}
	}
}
