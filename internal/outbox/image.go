package outbox

import (
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// image reads the attributes of one stream image. The first attribute
// that is missing or of the wrong kind is kept in err, and later reads
// return zero values, so a mapping reads what it needs and checks err
// once. It never panics on a malformed image (the SDK's accessors do).
type image struct {
	attrs map[string]events.DynamoDBAttributeValue
	err   error
}

// optional returns a string or number attribute as its text, or "" when
// it is absent.
func (im *image) optional(name string) string {
	av, ok := im.attrs[name]
	switch {
	case !ok || av.DataType() == events.DataTypeNull:
		return ""
	case av.DataType() == events.DataTypeString:
		return av.String()
	case av.DataType() == events.DataTypeNumber:
		return av.Number()
	}
	im.fail(name, "is not a string or a number")
	return ""
}

// text returns a string or number attribute that must be present and not
// empty.
func (im *image) text(name string) string {
	s := im.optional(name)
	if s == "" {
		im.fail(name, "is missing")
	}
	return s
}

// number returns a whole-number attribute (stored as N or S).
func (im *image) number(name string) int {
	s := im.text(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		im.fail(name, fmt.Sprintf("is not a whole number: %q", s))
	}
	return n
}

// time returns a time attribute (RFC 3339) as stored, and parsed.
func (im *image) time(name string) (string, time.Time) {
	s := im.text(name)
	if s == "" {
		return "", time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		im.fail(name, fmt.Sprintf("is not an RFC 3339 time: %q", s))
	}
	return s, t
}

// listLen returns the length of a list attribute, 0 when it is absent.
func (im *image) listLen(name string) int {
	av, ok := im.attrs[name]
	if !ok || av.DataType() != events.DataTypeList {
		return 0
	}
	return len(av.List())
}

func (im *image) fail(name, what string) {
	if im.err == nil {
		im.err = fmt.Errorf("attribute %s %s", name, what)
	}
}
