package templatetest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"chargeback/internal/outbox"
)

// allowedGrants is every grant beyond the table's items a function may
// hold, action by action, with the resources it may name. The events
// function reads the table's stream (not the table), puts events on the
// bus only, and sends to its dead-letter queue only.
var allowedGrants = map[string]map[string][]string{
	"EventsFunction": {
		"dynamodb:DescribeStream":   {"!GetAtt Table.StreamArn"},
		"dynamodb:GetRecords":       {"!GetAtt Table.StreamArn"},
		"dynamodb:GetShardIterator": {"!GetAtt Table.StreamArn"},
		"dynamodb:ListStreams":      {"!Sub ${Table.Arn}/stream/*"},
		"events:PutEvents":          {"!GetAtt EventBus.Arn"},
		"sqs:SendMessage":           {"!GetAtt EventsDeadLetterQueue.Arn"},
	},
}

// grantsBeyondTheTable reports whether every action of statement st is one
// allowedGrants lists for function id and, if so, what it grants that it
// may not.
func grantsBeyondTheTable(id string, st any) (problems []string, beyond bool) {
	grants := allowedGrants[id]
	actions := strs(get(st, "Action"))
	for _, a := range actions {
		if _, ok := grants[a]; !ok {
			return nil, false
		}
	}
	for _, a := range actions {
		for _, r := range strs(get(st, "Resource")) {
			if !slices.Contains(grants[a], r) {
				problems = append(problems, fmt.Sprintf("may %s on %q; allowed: %v", a, r, grants[a]))
			}
		}
	}
	return problems, true
}

// The table's stream carries new images to the events function through a
// mapping that reports single failures, splits failing batches, retries a
// bounded number of times for a bounded time, and then hands the batch to a
// dead-letter queue that raises an alarm; a second alarm watches how far
// behind the stream the function is.
func TestTemplateStreamFeedsTheEventsFunction(t *testing.T) {
	m := readTemplate(t)
	if got := fmt.Sprint(get(m.resource("Table"), "Properties", "StreamSpecification", "StreamViewType")); got != "NEW_IMAGE" {
		t.Errorf("the table's stream: got %s, want NEW_IMAGE", got)
	}
	var mappings []string
	for _, id := range m.ids("AWS::Lambda::EventSourceMapping") {
		if fmt.Sprint(get(m.resource(id), "Properties", "EventSourceArn")) == "!GetAtt Table.StreamArn" {
			mappings = append(mappings, id)
		}
	}
	if len(mappings) != 1 {
		t.Fatalf("mappings of the table's stream: got %v, want one", mappings)
	}
	p := get(m.resource(mappings[0]), "Properties")
	checks := []struct{ name, got, want string }{
		{"function (its live alias)", fmt.Sprint(get(p, "FunctionName")), "!Ref EventsFunction.Alias"},
		{"partial batch responses", fmt.Sprint(get(p, "FunctionResponseTypes")), "[ReportBatchItemFailures]"},
		{"bisect on error", fmt.Sprint(get(p, "BisectBatchOnFunctionError")), "true"},
		{"one reader per shard (order)", fmt.Sprint(get(p, "ParallelizationFactor")), "1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
	bounded := func(name string, lo, hi int) {
		var n int
		if _, err := fmt.Sscan(fmt.Sprint(get(p, name)), &n); err != nil || n < lo || n > hi {
			t.Errorf("%s: got %v, want %d to %d", name, get(p, name), lo, hi)
		}
	}
	bounded("MaximumRetryAttempts", 1, 20)
	bounded("MaximumRecordAgeInSeconds", 60, 86400) // the stream keeps records 24 hours
	bounded("BatchSize", 1, 1000)
	bounded("MaximumBatchingWindowInSeconds", 0, 2) // events arrive within seconds
	dlq := fmt.Sprint(get(p, "DestinationConfig", "OnFailure", "Destination"))
	if !m.refersTo(dlq, "AWS::SQS::Queue") {
		t.Fatalf("on-failure destination %s is not a queue of the template", dlq)
	}
	q := get(m.resource(refID(dlq)), "Properties")
	if get(q, "SqsManagedSseEnabled") != "true" || get(q, "MessageRetentionPeriod") == nil {
		t.Errorf("the dead-letter queue is not encrypted or keeps messages only 4 days: %v", q)
	}
	watched := map[string]bool{}
	for _, ms := range alarmMetrics(t, m) {
		for _, s := range ms {
			watched[s] = true
		}
	}
	for _, w := range []string{
		"AWS/SQS ApproximateNumberOfMessagesVisible QueueName=!GetAtt " + refID(dlq) + ".QueueName",
		"AWS/Lambda IteratorAge FunctionName=!Ref EventsFunction",
	} {
		if !watched[w] {
			t.Errorf("no alarm watches %s", w)
		}
	}
	// SAM's DynamoDB event would attach a managed policy granting every
	// stream of the account.
	evs, _ := get(m.resource("EventsFunction"), "Properties", "Events").(map[string]any)
	for name, ev := range evs {
		if get(ev, "Type") == "DynamoDB" {
			t.Errorf("event %s is a SAM DynamoDB event: use the mapping", name)
		}
	}
	if got := fmt.Sprint(get(m.resource("EventsFunction"), "Properties", "Environment", "Variables", "EVENT_BUS_NAME")); got != "!Ref EventBus" {
		t.Errorf("EVENT_BUS_NAME: got %s, want !Ref EventBus", got)
	}
}

// Every event type has a schema in the registry whose content is its
// docs/events file, and the registry holds nothing else.
func TestTemplateRegistersEveryEventSchema(t *testing.T) {
	m := readTemplate(t)
	byName := map[string]any{}
	for _, id := range m.ids("AWS::EventSchemas::Schema") {
		p := get(m.resource(id), "Properties")
		byName[fmt.Sprint(get(p, "SchemaName"))] = p
	}
	if len(byName) != len(outbox.Types) {
		t.Errorf("schemas: got %d, want one per event type (%d)", len(byName), len(outbox.Types))
	}
	for _, typ := range outbox.Types {
		t.Run(string(typ), func(t *testing.T) {
			p := byName["chargeback@"+string(typ)]
			if p == nil {
				t.Fatalf("no schema chargeback@%s", typ)
			}
			if got := fmt.Sprint(get(p, "Type")); got != "JSONSchemaDraft4" {
				t.Errorf("type %s, want JSONSchemaDraft4", got)
			}
			if !m.refersTo(get(p, "RegistryName"), "AWS::EventSchemas::Registry") {
				t.Errorf("registry %v is not the template's", get(p, "RegistryName"))
			}
			raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "events", string(typ)+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(fmt.Sprint(get(p, "Content"))), &got); err != nil {
				t.Fatalf("the inlined content is not JSON: %v", err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("the inlined content differs from docs/events/%s.json: regenerate it", typ)
			}
		})
	}
}

// Delivery is configuration: every event reaches the e-mail topic, whose
// policy lets only that rule publish; each chat rule posts through an API
// destination with a short message and no free text.
func TestTemplateDeliversEvents(t *testing.T) {
	m := readTemplate(t)
	var email []string
	for _, id := range m.ids("AWS::Events::Rule") {
		p := get(m.resource(id), "Properties")
		if fmt.Sprint(get(p, "EventBusName")) != "!Ref EventBus" {
			t.Errorf("rule %s is not on the event bus", id)
		}
		if src := fmt.Sprint(get(p, "EventPattern", "source")); src != "[chargeback]" {
			t.Errorf("rule %s matches source %s", id, src)
		}
		for _, tg := range get(p, "Targets").([]any) {
			if m.refersTo(get(tg, "Arn"), "AWS::SNS::Topic") {
				email = append(email, id)
				continue
			}
			if !strings.HasPrefix(fmt.Sprint(get(tg, "Arn")), "!GetAtt ") || !m.refersTo(get(tg, "Arn"), "AWS::Events::ApiDestination") {
				t.Errorf("rule %s targets %v, not the topic or an API destination", id, get(tg, "Arn"))
				continue
			}
			if get(tg, "RoleArn") == nil || get(tg, "InputTransformer", "InputTemplate") == nil {
				t.Errorf("rule %s posts without a role or without an input transformer", id)
			}
			if get(m.resource(id), "Condition") == nil {
				t.Errorf("rule %s posts to a webhook even when none is given", id)
			}
			for _, path := range get(tg, "InputTransformer", "InputPathsMap").(map[string]any) {
				for _, text := range []string{"note", "reason", "comment", "description", "outcome"} {
					if strings.Contains(fmt.Sprint(path), text) {
						t.Errorf("rule %s posts %s", id, path)
					}
				}
			}
		}
	}
	if len(email) != 1 || get(m.resource(email[0]), "Properties", "EventPattern", "detail-type") != nil {
		t.Fatalf("rules to the e-mail topic: got %v, want one, of every type", email)
	}
	pol := get(m.resource("EventTopicPolicy"), "Properties", "PolicyDocument", "Statement")
	if got := fmt.Sprint(pol); !strings.Contains(got, "events.amazonaws.com") || !strings.Contains(got, "aws:SourceArn:!GetAtt "+email[0]+".Arn") {
		t.Errorf("the topic's policy does not let exactly the e-mail rule publish: %s", got)
	}
}
