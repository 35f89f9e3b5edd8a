package dynamo

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/satisfaction"
)

// tallyItem is one service's (SK SVC#id) or department's (SK DEPT#id)
// figures for a closed month, frozen by the close: one item each, so a
// month of any size stays far inside DynamoDB's item limit. Survey counts
// are not frozen: a survey may come after the close.
type tallyItem struct {
	PK        string
	SK        string
	Type      string  `dynamodbav:"type"`
	Requests  int     `dynamodbav:"requests"`
	Fulfilled int     `dynamodbav:"fulfilled"`
	SLAMet    int     `dynamodbav:"sla_met"`
	Seconds   []int64 `dynamodbav:"seconds,omitempty"`
	Units     string  `dynamodbav:"units"`
	Charged   string  `dynamodbav:"charged"`
	Credits   string  `dynamodbav:"credits"`
}

// The sort key prefixes of a month's tallies, in REPORT#<month> and
// SURVEYS#<month>. A service key may be empty: lines without a service.
const (
	serviceTallyPrefix    = "SVC#"
	departmentTallyPrefix = "DEPT#"
)

// toTallyItems are a month's frozen figures, in key order.
func toTallyItems(m billing.Month, b satisfaction.Book) []any {
	var out []any
	for _, part := range []struct {
		prefix  string
		tallies map[string]satisfaction.Tally
	}{{serviceTallyPrefix, b.Services}, {departmentTallyPrefix, b.Departments}} {
		for _, k := range slices.Sorted(maps.Keys(part.tallies)) {
			t := part.tallies[k]
			out = append(out, tallyItem{
				PK: reportPK(m), SK: part.prefix + k, Type: "report_tally", Requests: t.Requests, Fulfilled: t.Fulfilled,
				SLAMet: t.SLAMet, Seconds: t.Seconds, Units: formatDecimal(t.Units), Charged: formatDecimal(t.Charged),
				Credits: formatDecimal(t.Credits),
			})
		}
	}
	return out
}

func (it tallyItem) tally() (satisfaction.Tally, error) {
	p := parser{what: "report tally " + it.PK + " " + it.SK}
	t := satisfaction.Tally{
		Requests: it.Requests, Fulfilled: it.Fulfilled, SLAMet: it.SLAMet, Seconds: it.Seconds,
		Units: p.decimal("units", it.Units), Charged: p.decimal("charged", it.Charged), Credits: p.decimal("credits", it.Credits),
	}
	return t, p.err
}

// ReportBook tallies the months from..to for the reports: a closed month
// from the figures its close froze, an open one from its facts (lines,
// pending recurring lines, submissions, fulfilments); each with its survey
// counts. Months are read a few at a time.
func (s *Store) ReportBook(ctx context.Context, from, to billing.Month, b billing.Org) (satisfaction.Book, error) {
	months := billing.MonthsThrough(from, to)
	books := make([]satisfaction.Book, len(months))
	err := each(ctx, len(months), func(ctx context.Context, i int) error {
		var err error
		books[i], err = s.monthBook(ctx, months[i], b)
		return err
	})
	total := satisfaction.NewBook()
	for _, mb := range books {
		total.Add(mb)
	}
	return total, err
}

// monthBook is one month's tallies with its survey counts.
func (s *Store) monthBook(ctx context.Context, m billing.Month, b billing.Org) (satisfaction.Book, error) {
	p, err := s.Period(ctx, m)
	if err != nil {
		return satisfaction.Book{}, err
	}
	var book satisfaction.Book
	if p.Status == billing.PeriodClosed {
		book, err = s.frozenReport(ctx, m)
	} else {
		var facts satisfaction.Facts
		if facts, err = s.monthFacts(ctx, m, b); err == nil {
			book = satisfaction.TallyMonth(facts)
		}
	}
	if err != nil {
		return book, err
	}
	return book, s.addSurveyCounts(ctx, m, book)
}

// frozenReport reads a closed month's frozen figures, one Query.
func (s *Store) frozenReport(ctx context.Context, m billing.Month) (satisfaction.Book, error) {
	book := satisfaction.NewBook()
	err := s.queryAll(ctx, "query report", partitionQuery(s.table, reportPK(m)), func(raw map[string]types.AttributeValue) error {
		var it tallyItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		t, err := it.tally()
		if id, ok := strings.CutPrefix(it.SK, serviceTallyPrefix); ok {
			book.Services[id] = t
		} else if id, ok := strings.CutPrefix(it.SK, departmentTallyPrefix); ok {
			book.Departments[id] = t
		}
		return err
	})
	return book, err
}

// monthFacts reads what an open month's figures are computed from.
func (s *Store) monthFacts(ctx context.Context, m billing.Month, b billing.Org) (satisfaction.Facts, error) {
	var f satisfaction.Facts
	preview, err := s.previewLines(ctx, m, b)
	if err != nil {
		return f, err
	}
	// Catalog departments first, in catalog order, then any other.
	for _, d := range b.Catalog.Departments() {
		f.Lines = append(f.Lines, preview[d.ID]...)
		delete(preview, d.ID)
	}
	for _, dept := range slices.Sorted(maps.Keys(preview)) {
		f.Lines = append(f.Lines, preview[dept]...)
	}
	if f.Submitted, err = s.submitted(ctx, m, b.Location); err != nil {
		return f, err
	}
	f.Fulfilled, err = s.fulfilled(ctx, m)
	return f, err
}

// submitted reads the service and department of every request submitted
// in month m, from the all-requests index by creation time.
func (s *Store) submitted(ctx context.Context, m billing.Month, loc *time.Location) ([]satisfaction.Submission, error) {
	from, to := submittedRange(m, loc)
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(indexAll),
		KeyConditionExpression:   aws.String("GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to"),
		ProjectionExpression:     aws.String("#service, #dept"),
		ExpressionAttributeNames: map[string]string{"#service": "service_id", "#dept": "department"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   &types.AttributeValueMemberS{Value: allRequestsPK},
			":from": &types.AttributeValueMemberS{Value: from},
			":to":   &types.AttributeValueMemberS{Value: to},
		},
	}
	var out []satisfaction.Submission
	err := s.queryAll(ctx, "query submitted requests", in, func(raw map[string]types.AttributeValue) error {
		var it struct {
			ServiceID  string `dynamodbav:"service_id"`
			Department string `dynamodbav:"department"`
		}
		err := attributevalue.UnmarshalMap(raw, &it)
		out = append(out, satisfaction.Submission{ServiceID: it.ServiceID, Department: it.Department})
		return err
	})
	return out, err
}

// fulfilled reads the requests fulfilled in month m.
func (s *Store) fulfilled(ctx context.Context, m billing.Month) ([]satisfaction.Fulfilment, error) {
	var out []satisfaction.Fulfilment
	err := s.queryAll(ctx, "query fulfilled requests", partitionQuery(s.table, fulfilledPK(m)), func(raw map[string]types.AttributeValue) error {
		var it fulfilledItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		f, err := it.fulfilment()
		out = append(out, f)
		return err
	})
	return out, err
}

// addSurveyCounts adds month m's survey counts to book.
func (s *Store) addSurveyCounts(ctx context.Context, m billing.Month, book satisfaction.Book) error {
	return s.queryAll(ctx, "query survey counts", partitionQuery(s.table, surveysPK(m)), func(raw map[string]types.AttributeValue) error {
		var it surveyCountItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		if id, ok := strings.CutPrefix(it.SK, serviceTallyPrefix); ok {
			book.AddSurveys(id, "", it.Responses, it.ScoreSum, it.Promoters)
		} else if id, ok := strings.CutPrefix(it.SK, departmentTallyPrefix); ok {
			book.AddSurveys("", id, it.Responses, it.ScoreSum, it.Promoters)
		}
		return nil
	})
}
