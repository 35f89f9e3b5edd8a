package httpapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"chargeback/internal/errs"
)

// checkKeys refuses a JSON body whose objects repeat a key, or whose top
// level has a key that is not exactly one of v's JSON field names
// (encoding/json would take "SERVICE_ID" for "service_id" and the last of
// two "quantity" keys). Malformed JSON passes here and fails in decode.
func checkKeys(body []byte, v any) error {
	known := fieldNames(v)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object  bool
		wantKey bool
		seen    map[string]bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if key, isKey := tok.(string); isKey && top != nil && top.object && top.wantKey {
			switch {
			case top.seen[key]:
				return errs.Field(key, "is given more than once")
			case len(stack) == 1 && known != nil && !known[key]:
				return errs.Field(key, "is not a known field")
			}
			top.seen[key], top.wantKey = true, false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true, seen: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].wantKey = true
			}
		default:
			if top != nil && top.object {
				top.wantKey = true
			}
		}
	}
}

// fieldNames is the set of JSON names of the struct v points to, or nil
// when v is not a pointer to a struct.
func fieldNames(v any) map[string]bool {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	names := map[string]bool{}
	for f := range t.Elem().Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case name != "":
			names[name] = true
		case f.IsExported():
			names[f.Name] = true
		}
	}
	return names
}
