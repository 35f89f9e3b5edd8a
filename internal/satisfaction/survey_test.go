package satisfaction

import (
	"errors"
	"strings"
	"testing"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

var surveyNow = time.Date(2026, 4, 3, 10, 0, 0, 0, time.UTC)

// delivered is a request in status with its fulfilment month set, as a
// fulfilled request has it.
func delivered(t *testing.T, status request.Status, month string) *request.Request {
	t.Helper()
	m, err := billing.ParseMonth(month)
	if err != nil {
		t.Fatal(err)
	}
	return &request.Request{ID: "R1", Department: "lab", ServiceID: "vpn", Status: status, FulfilledMonth: m}
}

// asError returns err as an *errs.Error, failing the test when it is not
// one.
func asError(t *testing.T, err error) *errs.Error {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want an *errs.Error", err, err)
	}
	return e
}

// wantFields checks that err is a validation error naming exactly fields.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	if got := errs.KindOf(err); got != errs.Invalid {
		t.Fatalf("kind: got %s (%v), want %s", got, err, errs.Invalid)
	}
	e := asError(t, err)
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field)
	}
	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Errorf("fields: got %v, want %v", got, fields)
	}
}

func TestNewSurveyByStatus(t *testing.T) {
	open := map[request.Status]bool{
		request.Submitted:  false,
		request.Approved:   false,
		request.InProgress: false,
		request.Fulfilled:  true,
		request.Ended:      true,
		request.Cancelled:  false,
		request.Rejected:   false,
	}
	for _, status := range request.Statuses {
		t.Run(string(status), func(t *testing.T) {
			wantOK, known := open[status]
			if !known {
				t.Fatalf("status %s has no expectation here: decide whether it takes a survey", status)
			}
			r := delivered(t, status, "2026-03")
			_, err := NewSurvey(r, 4, "good", "dana", surveyNow)
			if wantOK {
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				return
			}
			if got := errs.KindOf(err); got != errs.Conflict {
				t.Fatalf("kind: got %s (%v), want %s", got, err, errs.Conflict)
			}
			e := asError(t, err)
			if got := e.ProblemCode(); got != "survey_not_open" {
				t.Errorf("code: got %q, want %q", got, "survey_not_open")
			}
			if got := e.Extra["current_status"]; got != string(status) {
				t.Errorf("current_status: got %v, want %q", got, status)
			}
			if r.Survey != nil {
				t.Errorf("r.Survey: got %+v, want nil", *r.Survey)
			}
		})
	}
}

func TestNewSurveyScore(t *testing.T) {
	tests := []struct {
		name   string
		score  int
		wantOK bool
	}{
		{"below the range", 0, false},
		{"negative", -1, false},
		{"lowest", 1, true},
		{"middle", 3, true},
		{"highest", 5, true},
		{"above the range", 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSurvey(delivered(t, request.Fulfilled, "2026-03"), tt.score, "", "dana", surveyNow)
			if tt.wantOK {
				if err != nil {
					t.Errorf("got error %v, want none", err)
				}
				return
			}
			wantFields(t, err, "score")
		})
	}
}

func TestNewSurveyComment(t *testing.T) {
	tests := []struct {
		name    string
		comment string
		wantOK  bool
	}{
		{"empty", "", true},
		{"1000 characters", strings.Repeat("a", 1000), true},
		{"1001 characters", strings.Repeat("a", 1001), false},
		// 1000 characters of 2 bytes each: the limit counts characters.
		{"1000 two-byte characters", strings.Repeat("é", 1000), true},
		{"1001 two-byte characters", strings.Repeat("é", 1001), false},
		{"newlines and tabs", "fast\n\tand friendly", true},
		{"NUL", "ok\x00", false},
		{"terminal escape", "\x1b[31mred", false},
		{"carriage return", "line\rover", false},
		{"DEL", "x\x7f", false},
		{"C1 control", "x\u0085", false},
		{"right-to-left override", "abc\u202Edef", false},
		{"invalid UTF-8", "bad \xff byte", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSurvey(delivered(t, request.Fulfilled, "2026-03"), 5, tt.comment, "dana", surveyNow)
			if tt.wantOK {
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				if s.Comment != tt.comment {
					t.Errorf("comment: got %q, want %q", s.Comment, tt.comment)
				}
				return
			}
			wantFields(t, err, "comment")
		})
	}
}

func TestNewSurveyBadScoreAndComment(t *testing.T) {
	_, err := NewSurvey(delivered(t, request.Ended, "2026-03"), 6, strings.Repeat("a", 1001), "dana", surveyNow)
	wantFields(t, err, "score", "comment")
}

func TestNewSurveyExists(t *testing.T) {
	for _, status := range []request.Status{request.Fulfilled, request.Ended} {
		t.Run(string(status), func(t *testing.T) {
			r := delivered(t, status, "2026-03")
			first := request.Survey{Score: 2, Comment: "slow", SubmittedBy: "dana"}
			r.Survey = &first
			_, err := NewSurvey(r, 5, "second thoughts", "lee", surveyNow)
			if !errors.Is(err, ErrSurveyExists) {
				t.Fatalf("got error %v, want ErrSurveyExists", err)
			}
			if got := errs.KindOf(err); got != errs.Conflict {
				t.Errorf("kind: got %s, want %s", got, errs.Conflict)
			}
			if got := asError(t, err).ProblemCode(); got != "survey_exists" {
				t.Errorf("code: got %q, want %q", got, "survey_exists")
			}
			if r.Survey.Score != 2 || r.Survey.Comment != "slow" {
				t.Errorf("first survey: got %+v, want score 2 comment slow", *r.Survey)
			}
		})
	}
}

func TestNewSurveyFields(t *testing.T) {
	tests := []struct {
		name      string
		status    request.Status
		fulfilled string
	}{
		// Answered in April for a request fulfilled in March: March.
		{"fulfilled the month before", request.Fulfilled, "2026-03"},
		{"ended, fulfilled in January", request.Ended, "2026-01"},
		{"fulfilled the same month", request.Fulfilled, "2026-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := delivered(t, tt.status, tt.fulfilled)
			got, err := NewSurvey(r, 4, "quick, thanks", "dana", surveyNow)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if got.Month.String() != tt.fulfilled {
				t.Errorf("month: got %s, want %s", got.Month, tt.fulfilled)
			}
			if got.Score != 4 || got.Comment != "quick, thanks" || got.SubmittedBy != "dana" || !got.SubmittedAt.Equal(surveyNow) {
				t.Errorf("survey: got %+v, want score 4, comment %q, by dana at %s", got, "quick, thanks", surveyNow)
			}
			if r.Survey != nil {
				t.Errorf("r.Survey: got %+v, want nil (NewSurvey only checks)", *r.Survey)
			}
		})
	}
}
