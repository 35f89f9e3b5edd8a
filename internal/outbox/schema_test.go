package outbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/request"
)

// schemaFile is the JSON Schema of an event type (docs/events/<type>.json),
// which the template registers in the bus's schema registry.
func schemaFile(typ Type) string {
	return filepath.Join("..", "..", "docs", "events", string(typ)+".json")
}

// realisticHistory is a history entry's image for action a, moving from
// the first status the rules table allows it from.
func realisticHistory(t *testing.T, a request.Action) map[string]events.DynamoDBAttributeValue {
	t.Helper()
	img := historyImages(t)[0]
	img["action"] = events.NewStringAttribute(string(a))
	if a == request.Create {
		img["to"] = events.NewStringAttribute(string(request.Submitted))
		return img
	}
	for _, from := range request.Statuses {
		if to, err := request.Next(from, a); err == nil {
			img["from"], img["to"] = events.NewStringAttribute(string(from)), events.NewStringAttribute(string(to))
			img["version"] = events.NewNumberAttribute("2")
			return img
		}
	}
	t.Fatalf("no status allows %s", a)
	return nil
}

// Every event type has its schema in docs/events, and every event the
// mapping makes, with and without its optional fields, is valid under it.
func TestEventsMatchTheirSchemas(t *testing.T) {
	imgs := []map[string]events.DynamoDBAttributeValue{slaImage(75), slaImage(100), surveyImage(), inquiryImage("open", 1),
		inquiryImage("resolved", 2), periodImage("closed"), budgetImage()}
	for _, a := range append([]request.Action{request.Create}, request.Actions...) {
		imgs = append(imgs, realisticHistory(t, a))
	}
	bare := inquiryImage("resolved", 2) // an inquiry on a line without a request, no amount, no credit
	for _, k := range []string{"amount", "credit_amount", "request_id", "service_id"} {
		delete(bare, k)
	}
	imgs = append(imgs, bare)
	checked := map[Type]bool{}
	for _, img := range imgs {
		e, ok, err := FromImage(img)
		if err != nil || !ok {
			t.Fatalf("got %v, %v; want an event", ok, err)
		}
		t.Run(string(e.Type), func(t *testing.T) {
			raw, err := os.ReadFile(schemaFile(e.Type))
			if err != nil {
				t.Fatalf("no schema: %v", err)
			}
			var schema map[string]any
			if err := json.Unmarshal(raw, &schema); err != nil {
				t.Fatalf("%s is not JSON: %v", schemaFile(e.Type), err)
			}
			if got := schema["$schema"]; got != "http://json-schema.org/draft-04/schema#" {
				t.Errorf("$schema %v, want draft 4 (the registry's JSONSchemaDraft4)", got)
			}
			// The event as EventBridge delivers it, detail as JSON.
			detail, _ := json.Marshal(e.Detail)
			var envelope map[string]any
			_ = json.Unmarshal(fmt.Appendf(nil, `{"version":"0","id":"x","source":%q,"detail-type":%q,"time":%q,"detail":%s}`,
				Source, e.Type, e.Time.Format(time.RFC3339), detail), &envelope)
			for _, problem := range validate(schema, envelope, "event") {
				t.Error(problem)
			}
		})
		checked[e.Type] = true
	}
	for _, typ := range Types {
		if !checked[typ] {
			t.Errorf("no event of type %s was checked", typ)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "docs", "events", "*.json"))
	if len(files) != len(Types) {
		t.Errorf("docs/events holds %d schemas, want one per type (%d)", len(files), len(Types))
	}
}

// known are the draft 4 keywords validate understands; a schema using
// another would be checked only in part.
var known = []string{"$schema", "title", "description", "type", "required", "properties", "additionalProperties",
	"enum", "pattern", "format", "minimum", "maximum", "items"}

// validate checks v against a subset of JSON Schema draft 4, the subset
// docs/events uses, and lists what is wrong.
func validate(schema map[string]any, v any, at string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(schema)) {
		if !slices.Contains(known, k) {
			out = append(out, fmt.Sprintf("%s: the schema uses %q, which this test does not check", at, k))
		}
	}
	if typ, ok := schema["type"]; ok && !hasType(typ, v) {
		return append(out, fmt.Sprintf("%s: %v is not of type %v", at, v, typ))
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		out = append(out, fmt.Sprintf("%s: %v is not one of %v", at, v, enum))
	}
	if s, ok := v.(string); ok {
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			out = append(out, fmt.Sprintf("%s: %q does not match %s", at, s, p))
		}
		if _, err := time.Parse(time.RFC3339, s); schema["format"] == "date-time" && err != nil {
			out = append(out, fmt.Sprintf("%s: %q is not a date-time", at, s))
		}
	}
	if n, ok := v.(float64); ok {
		if lo, ok := schema["minimum"].(float64); ok && n < lo {
			out = append(out, fmt.Sprintf("%s: %v is below %v", at, n, lo))
		}
		if hi, ok := schema["maximum"].(float64); ok && n > hi {
			out = append(out, fmt.Sprintf("%s: %v is above %v", at, n, hi))
		}
	}
	obj, _ := v.(map[string]any)
	props, _ := schema["properties"].(map[string]any)
	required, _ := schema["required"].([]any)
	for _, r := range required {
		if _, ok := obj[r.(string)]; !ok {
			out = append(out, fmt.Sprintf("%s: %s is missing", at, r))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		p, ok := props[k].(map[string]any)
		if !ok {
			if schema["additionalProperties"] == false {
				out = append(out, fmt.Sprintf("%s: %s is not in the schema", at, k))
			}
			continue
		}
		out = append(out, validate(p, obj[k], at+"."+k)...)
	}
	return out
}

func hasType(typ, v any) bool {
	if l, ok := typ.([]any); ok {
		return slices.ContainsFunc(l, func(t any) bool { return hasType(t, v) })
	}
	switch v := v.(type) {
	case nil:
		return typ == "null"
	case string:
		return typ == "string"
	case bool:
		return typ == "boolean"
	case float64:
		return typ == "number" || typ == "integer" && v == float64(int64(v))
	case map[string]any:
		return typ == "object"
	case []any:
		return typ == "array"
	}
	return false
}
