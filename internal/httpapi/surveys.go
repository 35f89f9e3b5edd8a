package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"chargeback/internal/errs"
	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// surveyJSON is a request's survey.
type surveyJSON struct {
	RequestID   string  `json:"request_id"`
	Score       int     `json:"score"`
	Comment     *string `json:"comment"`
	SubmittedAt string  `json:"submitted_at"`
	SubmittedBy string  `json:"submitted_by"`
	Month       string  `json:"month"`
}

func toSurveyJSON(r *request.Request) surveyJSON {
	s := r.Survey
	return surveyJSON{
		RequestID: r.ID, Score: s.Score, Comment: nonEmpty(s.Comment), SubmittedAt: timestamp(s.SubmittedAt),
		SubmittedBy: s.SubmittedBy, Month: s.Month.String(),
	}
}

// surveyOf is what a request shows as its survey: the answer, a pending
// marker for a delivered request not yet rated (so a client can prompt for
// it), or null.
func surveyOf(r *request.Request) any {
	switch {
	case r.Survey != nil:
		return toSurveyJSON(r)
	case satisfaction.TakesSurvey(r.Status):
		return map[string]string{"status": "pending"}
	}
	return nil
}

// postSurvey records the department's answer for a delivered request.
func (a *API) postSurvey(ctx context.Context, c *call) (*reply, error) {
	var body struct {
		Score   json.RawMessage `json:"score"`
		Comment string          `json:"comment"`
	}
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	score, problem := scoreField(body.Score)
	if err := errs.Collect(problem); err != nil {
		return nil, err
	}
	r, err := a.store.PostSurvey(ctx, c.param("id"), c.dept, func(r *request.Request) (request.Survey, error) {
		return satisfaction.NewSurvey(r, score, body.Comment, c.who.Subject, c.now)
	})
	if err != nil {
		return nil, err
	}
	res, err := jsonReply(http.StatusCreated, toSurveyJSON(r))
	if err != nil {
		return nil, err
	}
	return res.header("Location", "/v1/requests/"+r.ID+"/survey"), nil
}

// getSurvey reads a request's survey; none yet is 404.
func (a *API) getSurvey(ctx context.Context, c *call) (*reply, error) {
	r, err := a.store.GetRequest(ctx, c.param("id"), c.dept)
	if err != nil {
		return nil, err
	}
	if r.Survey == nil {
		return nil, errs.New(errs.NotFound, "the request has no survey yet").WithCode("no_survey")
	}
	return ok(toSurveyJSON(r))
}

// scoreField reads a score: a JSON whole number (not a string, not 3.5).
// The range is the survey rule's to check.
func scoreField(raw json.RawMessage) (int, *errs.FieldError) {
	s := strings.TrimSpace(string(raw))
	bad := &errs.FieldError{Field: "score", Message: "must be a whole number from 1 to 5"}
	if s == "" || s == "null" {
		return 0, &errs.FieldError{Field: "score", Message: "is required: a whole number from 1 to 5"}
	}
	if strings.Trim(s, "0123456789") != "" || len(s) > 3 {
		return 0, bad
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, bad
	}
	return n, nil
}
