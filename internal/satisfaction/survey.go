// Package satisfaction holds the survey rules and the report metrics: who
// may answer a survey and when, and how cost, volume, speed and
// satisfaction add up per service and per department over months. A
// metric with nothing to measure is nil (null), never 0. It imports
// nothing from AWS.
package satisfaction

import (
	"time"

	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// MaxComment is the longest survey comment, in characters.
const MaxComment = 1000

// ErrSurveyExists is the answer to a second survey for one request.
var ErrSurveyExists = errs.New(errs.Conflict, "this request already has a survey; it is answered once").WithCode("survey_exists")

// Promoter reports whether a score counts towards csat_percent: a 4 or a 5.
func Promoter(score int) bool { return score >= 4 }

// TakesSurvey reports whether a request in status s is delivered, so its
// department may rate it: it is fulfilled, or an ended subscription.
func TakesSurvey(s request.Status) bool { return s == request.Fulfilled || s == request.Ended }

// NewSurvey checks an answer for request r: only a fulfilled or ended
// request without a survey takes one (a conflict otherwise), the score is
// 1 to 5 and the comment at most MaxComment characters of plain text. The
// survey belongs to the month the request was fulfilled in.
func NewSurvey(r *request.Request, score int, comment, by string, now time.Time) (request.Survey, error) {
	if !TakesSurvey(r.Status) {
		e := errs.New(errs.Conflict, "a survey is for a fulfilled or ended request; this one is %s", r.Status).WithCode("survey_not_open")
		e.Extra = map[string]any{"current_status": string(r.Status)}
		return request.Survey{}, e
	}
	var scoreErr *errs.FieldError
	if score < 1 || score > 5 {
		scoreErr = &errs.FieldError{Field: "score", Message: "must be a whole number from 1 to 5"}
	}
	if err := errs.Collect(scoreErr, request.CheckText("comment", comment, MaxComment)); err != nil {
		return request.Survey{}, err
	}
	if r.Survey != nil {
		return request.Survey{}, ErrSurveyExists
	}
	return request.Survey{Score: score, Comment: comment, SubmittedAt: now, SubmittedBy: by, Month: r.FulfilledMonth}, nil
}
