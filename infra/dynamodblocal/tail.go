package dynamodblocal

import (
	"bytes"
	"strings"
	"sync"
)

// tailBuffer is an io.Writer that keeps only the last bytes written to it,
// so that errors can quote the end of a process's output. It is safe for
// concurrent use.
type tailBuffer struct {
	mu        sync.Mutex
	limit     int
	buf       []byte
	truncated bool
}

// newTailBuffer returns a tailBuffer that keeps the last limit bytes.
func newTailBuffer(limit int) *tailBuffer {
	return &tailBuffer{limit: limit}
}

// Write keeps the end of p; it never fails.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.limit; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
		t.truncated = true
	}
	return len(p), nil
}

// String returns the kept output without a cut first line, or a note that
// there was none.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.buf
	if t.truncated {
		if i := bytes.IndexByte(out, '\n'); i >= 0 {
			out = out[i+1:]
		}
	}
	s := strings.TrimSpace(string(out))
	if s == "" {
		return "(no output)"
	}
	return "output:\n" + s
}
