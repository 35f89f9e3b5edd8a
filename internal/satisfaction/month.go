package satisfaction

import (
	"time"

	"chargeback/internal/billing"
)

// Submission is a request as the reports count it in the month it was
// submitted.
type Submission struct {
	ServiceID  string
	Department string
}

// Fulfilment is a request as the reports count it in the month it was
// fulfilled: submitted at Created, fulfilled at Done, due at Due.
type Fulfilment struct {
	ServiceID  string
	Department string
	Created    time.Time
	Done       time.Time
	Due        time.Time
}

// Facts are what one month's report figures are computed from: its
// statement lines (posted and, while open, pending), the requests
// submitted in it and those fulfilled in it. Surveys are counted apart.
type Facts struct {
	Lines     []billing.Line
	Submitted []Submission
	Fulfilled []Fulfilment
}

// Book is the tallies of one or more months: by service (lines without a
// service under "") and by department. A department's tally carries no
// fulfilment times: the department report shows none.
type Book struct {
	Services    map[string]Tally
	Departments map[string]Tally
}

// NewBook is an empty book.
func NewBook() Book {
	return Book{Services: map[string]Tally{}, Departments: map[string]Tally{}}
}

// TallyMonth tallies one month's facts.
func TallyMonth(f Facts) Book {
	b := NewBook()
	for _, l := range f.Lines {
		b.update(l.ServiceID, l.Department, func(t *Tally) { t.AddLine(l) })
	}
	for _, s := range f.Submitted {
		b.update(s.ServiceID, s.Department, func(t *Tally) { t.Requests++ })
	}
	for _, d := range f.Fulfilled {
		b.update(d.ServiceID, d.Department, func(t *Tally) { t.AddFulfilment(d.Created, d.Done, d.Due) })
	}
	return b
}

// AddSurveys counts the surveys a service or department got for requests
// fulfilled in the book's months, as their running counts.
func (b Book) AddSurveys(service, dept string, responses, scoreSum, promoters int) {
	s := Tally{Responses: responses, ScoreSum: scoreSum, Promoters: promoters}
	if service != "" {
		b.add(b.Services, service, s)
	}
	if dept != "" {
		b.add(b.Departments, dept, s)
	}
}

// Add adds another book (another month) to b.
func (b Book) Add(o Book) {
	for k, t := range o.Services {
		b.add(b.Services, k, t)
	}
	for k, t := range o.Departments {
		b.add(b.Departments, k, t)
	}
}

// update applies fn to the tallies of a service and a department.
func (b Book) update(service, dept string, fn func(*Tally)) {
	s, d := b.Services[service], b.Departments[dept]
	fn(&s)
	fn(&d)
	d.Seconds = nil
	b.Services[service], b.Departments[dept] = s, d
}

func (b Book) add(m map[string]Tally, key string, o Tally) {
	t := m[key]
	t.Add(o)
	m[key] = t
}
