package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/errs"
)

// call is one request as a route handler sees it.
type call struct {
	ev  *events.APIGatewayV2HTTPRequest
	who Principal
	// dept is the department the caller acts for on a departmental route,
	// "" when it acts for every department.
	dept   string
	params map[string]string
	body   []byte
	now    time.Time
}

// param returns a path parameter.
func (c *call) param(name string) string { return c.params[name] }

// query returns a query string parameter.
func (c *call) query(name string) string { return c.ev.QueryStringParameters[name] }

// header returns a request header; API Gateway lowercases header names.
func (c *call) header(name string) string { return header(c.ev, name) }

// decode reads the JSON body, an object, into v strictly: unknown fields,
// fields spelled in another case, fields given twice, trailing data and
// wrong types are 400 problems naming the field, so that nothing in front
// of the API can read a different body than the API does.
func (c *call) decode(v any) error {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return errs.New(errs.Invalid, "a JSON body is required").WithCode("malformed_json")
	}
	if err := checkKeys(c.body, v); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errs.New(errs.Invalid, "the body has data after the JSON value").WithCode("malformed_json")
	}
	return nil
}

// decodeOptional is decode for bodies that may be empty.
func (c *call) decodeOptional(v any) error {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil
	}
	return c.decode(v)
}

// decodeError explains a JSON decoding failure to the client.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var fieldErr *errs.Error
	switch {
	case errors.As(err, &fieldErr):
		return fieldErr
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return errs.New(errs.Invalid, "the body must be a JSON object").WithCode("malformed_json")
	case errors.As(err, &typeErr):
		return errs.Field(typeErr.Field, "must be a %s", typeErr.Type.Kind())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Field(name, "is not a known field")
	default:
		return errs.New(errs.Invalid, "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: ")).WithCode("malformed_json")
	}
}

// badQuery is the error for a query parameter with a bad value.
func badQuery(name, format string, args ...any) error {
	return errs.Field(name, "%s", fmt.Sprintf(format, args...))
}
