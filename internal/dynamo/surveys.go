package dynamo

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// surveyItem is a request's survey, in the request's partition. It
// repeats the request's department and service so that its stream image
// alone makes the survey's event (internal/outbox).
type surveyItem struct {
	PK          string
	SK          string
	Type        string `dynamodbav:"type"`
	Department  string `dynamodbav:"department,omitempty"`
	ServiceID   string `dynamodbav:"service_id,omitempty"`
	Score       int    `dynamodbav:"score"`
	Comment     string `dynamodbav:"comment,omitempty"`
	SubmittedAt string `dynamodbav:"submitted_at"`
	SubmittedBy string `dynamodbav:"submitted_by"`
	Month       string `dynamodbav:"month"`
}

func (it surveyItem) survey() (*request.Survey, error) {
	p := parser{what: "survey of " + it.PK}
	s := &request.Survey{
		Score: it.Score, Comment: it.Comment, SubmittedAt: p.time("submitted_at", it.SubmittedAt),
		SubmittedBy: it.SubmittedBy, Month: p.month("month", it.Month),
	}
	return s, p.err
}

// surveyCountItem is a month's running survey counts for one service or
// department, which the reports read.
type surveyCountItem struct {
	PK        string
	SK        string
	Responses int `dynamodbav:"responses"`
	ScoreSum  int `dynamodbav:"score_sum"`
	Promoters int `dynamodbav:"promoters"`
}

// PostSurvey records a survey of a request (another department's, with
// dept set, is not found), as answer judges it against the request as
// stored. The survey and the counts the reports read are written in one
// transaction, so the two never disagree; a second survey is refused.
func (s *Store) PostSurvey(ctx context.Context, id, dept string, answer func(*request.Request) (request.Survey, error)) (*request.Request, error) {
	r, err := s.GetRequest(ctx, id, dept)
	if err != nil {
		return nil, err
	}
	sv, err := answer(r)
	if err != nil {
		return nil, err
	}
	t := s.newTx()
	t.put(surveyItem{
		PK: requestPK(r.ID), SK: surveySK, Type: "survey", Department: r.Department, ServiceID: r.ServiceID,
		Score: sv.Score, Comment: sv.Comment,
		SubmittedAt: formatTime(sv.SubmittedAt), SubmittedBy: sv.SubmittedBy, Month: sv.Month.String(),
	}, notExists, satisfaction.ErrSurveyExists)
	promoter := 0
	if satisfaction.Promoter(sv.Score) {
		promoter = 1
	}
	add := cond{
		expr:  "ADD responses :one, score_sum :score, promoters :promoter SET #type = :type",
		names: map[string]string{"#type": "type"},
		values: map[string]types.AttributeValue{
			":one":      &types.AttributeValueMemberN{Value: "1"},
			":score":    &types.AttributeValueMemberN{Value: strconv.Itoa(sv.Score)},
			":promoter": &types.AttributeValueMemberN{Value: strconv.Itoa(promoter)},
			":type":     &types.AttributeValueMemberS{Value: "survey_count"},
		},
	}
	t.update(key(surveysPK(sv.Month), serviceTallyPrefix+r.ServiceID), add)
	t.update(key(surveysPK(sv.Month), departmentTallyPrefix+r.Department), add)
	if err := s.commit(ctx, t); err != nil {
		return nil, err
	}
	r.Survey = &sv
	return r, nil
}
