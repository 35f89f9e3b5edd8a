package dynamo

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// fulfilledItem records a fulfilment in its month's partition, written in
// the fulfilment's transaction: what the reports count as fulfilled, how
// fast and whether within the SLA.
type fulfilledItem struct {
	PK          string
	SK          string
	Type        string `dynamodbav:"type"`
	ServiceID   string `dynamodbav:"service_id"`
	Department  string `dynamodbav:"department"`
	CreatedAt   string `dynamodbav:"created_at"`
	FulfilledAt string `dynamodbav:"fulfilled_at"`
	SLADueAt    string `dynamodbav:"sla_due_at"`
}

func toFulfilledItem(r *request.Request) fulfilledItem {
	return fulfilledItem{
		PK: fulfilledPK(r.FulfilledMonth), SK: r.ID, Type: "fulfilled", ServiceID: r.ServiceID, Department: r.Department,
		CreatedAt: formatTime(r.CreatedAt), FulfilledAt: formatTime(r.FulfilledAt), SLADueAt: formatTime(r.SLADueAt),
	}
}

func (it fulfilledItem) fulfilment() (satisfaction.Fulfilment, error) {
	p := parser{what: "fulfilment " + it.SK}
	f := satisfaction.Fulfilment{
		ServiceID: it.ServiceID, Department: it.Department,
		Created: p.time("created_at", it.CreatedAt), Done: p.time("fulfilled_at", it.FulfilledAt), Due: p.time("sla_due_at", it.SLADueAt),
	}
	return f, p.err
}

// surveyItem is a request's survey, in the request's partition.
type surveyItem struct {
	PK          string
	SK          string
	Type        string `dynamodbav:"type"`
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
		PK: requestPK(r.ID), SK: surveySK, Type: "survey", Score: sv.Score, Comment: sv.Comment,
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
