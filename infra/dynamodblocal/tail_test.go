package dynamodblocal

import (
	"strings"
	"testing"
)

func TestTailBuffer(t *testing.T) {
	tests := []struct {
		name   string
		limit  int
		writes []string
		want   string
	}{
		{name: "nothing written", limit: 16, want: "(no output)"},
		{name: "fits", limit: 16, writes: []string{"one\n", "two\n"}, want: "output:\none\ntwo"},
		{name: "drops the cut first line", limit: 10, writes: []string{"first line\n", "two\n", "three\n"}, want: "output:\nthree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newTailBuffer(tt.limit)
			for _, w := range tt.writes {
				if n, err := b.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v, want %d, nil", w, n, err, len(w))
				}
			}
			if got := b.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTailBufferKeepsEnd(t *testing.T) {
	b := newTailBuffer(8)
	b.Write([]byte(strings.Repeat("x", 100) + "\nend\n"))
	if got, want := b.String(), "output:\nend"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
