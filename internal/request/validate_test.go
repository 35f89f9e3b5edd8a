package request

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/errs"
)

func TestCheckRequiredTextNeedsAVisibleCharacter(t *testing.T) {
	const missing = "is required to say why"
	tests := []struct {
		name string
		text string
		want string // the field's message, "" when accepted
	}{
		{"empty", "", missing},
		{"spaces", "   ", missing},
		{"tabs and newlines", "\t\n\t", missing},
		{"no-break and em spaces", "\u00a0\u2003\u3000", missing},
		{"zero width space", "\u200b", missing},
		{"zero width space around spaces", "\u200b \u200b", missing},
		{"zero width joiner and non-joiner", "\u200c\u200d", missing},
		{"word joiner", "\u2060", missing},
		{"byte order mark", "\ufeff", missing},
		{"soft hyphen", "\u00ad", missing},
		{"Mongolian vowel separator", "\u180e", missing},
		{"Hangul filler", "\u3164", missing},
		{"halfwidth Hangul filler", "\uffa0", missing},
		{"blank braille pattern", "\u2800", missing},
		{"variation selector", "\ufe0f", missing},
		{"combining grapheme joiner", "\u034f", missing},
		{"lone combining accent", "\u0301", missing},
		{"tag characters", "\U000E0041\U000E0042", missing},
		{"a letter", "x", ""},
		{"a digit", "7", ""},
		{"a full stop", ".", ""},
		{"a symbol", "€", ""},
		{"an emoji", "👍", ""},
		{"a letter among zero-width spaces", "\u200bok\u200b", ""},
		{"Japanese", "請求の訂正", ""},
		{"Arabic", "تصحيح", ""},
		{"a letter with a combining accent", "e\u0301", ""},
		{"visible but with a control character", "ok\x1b[2J", "may not contain U+001B: only text, newlines and tabs (no control characters or direction marks)"},
		{"visible but too long", strings.Repeat("a", 11), "may be at most 10 characters"},
		{"ten characters", strings.Repeat("a", 10), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if e := CheckRequiredText("reason", tt.text, 10, missing); e != nil {
				if e.Field != "reason" {
					t.Errorf("field: got %q, want %q", e.Field, "reason")
				}
				got = e.Message
			}
			if got != tt.want {
				t.Errorf("CheckRequiredText(%+q): got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestRejectNeedsAVisibleReason(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		want   []errs.FieldError // nil when the reject goes through
	}{
		{"a reason", "duplicate of another request", nil},
		{"no reason", "", []errs.FieldError{{Field: "reason", Message: "is required to reject a request"}}},
		{"blank", "  \n ", []errs.FieldError{{Field: "reason", Message: "is required to reject a request"}}},
		{"zero width space", "\u200b", []errs.FieldError{{Field: "reason", Message: "is required to reject a request"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Request{ID: "r1", Status: Submitted, Version: 1}
			err := r.Act(Reject, "sam", tt.reason, now)
			var got []errs.FieldError
			if e, ok := err.(*errs.Error); ok {
				got = e.Fields
			} else if err != nil {
				t.Fatalf("got %v, want a field error or nil", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			wantStatus := Rejected
			if tt.want != nil {
				wantStatus = Submitted
			}
			if r.Status != wantStatus {
				t.Errorf("status: got %s, want %s", r.Status, wantStatus)
			}
		})
	}
}

func TestOtherActionsTakeNoReason(t *testing.T) {
	r := &Request{ID: "r1", Status: Submitted, Version: 1}
	if err := r.Act(Cancel, "dana", "", now); err != nil {
		t.Fatalf("cancel without a reason: got %v, want nil", err)
	}
	if r.Status != Cancelled {
		t.Errorf("status: got %s, want %s", r.Status, Cancelled)
	}
}
