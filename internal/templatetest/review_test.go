package templatetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"chargeback/internal/apitest"
	"chargeback/internal/dynamo"
	"chargeback/internal/httpapi"
	"chargeback/internal/portal"
)

// What a serverless review asks of template.yaml: least privilege, tables
// that survive mistakes, logs that expire, every route behind the
// authorizer, alarms, a dead-letter target for the scheduled close, and
// gradual deploys.

// allowedActions is every table action each function may need; a function
// not named here may not exist. The catalog and the portal are embedded: no
// table access.
var allowedActions = map[string][]string{
	"CatalogFunction":    nil,
	"WebFunction":        nil,
	"ExportsFunction":    nil,
	"RequestsFunction":   {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"},
	"StatementsFunction": {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"},
	"ReportsFunction":    {"dynamodb:GetItem", "dynamodb:Query"},
	"MonthCloseFunction": {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem"},
	// The events function reads the table's stream, never the table
	// (allowedGrants, events_test.go).
	"EventsFunction": nil,
	// The SLA watch reads the open-request index and the markers, and
	// writes markers, each with a check on its request
	// (TestTemplateSLAWatch narrows this).
	"SlaWatchFunction": {"dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"},
}

// allowedInvokes is every function each function may invoke: the
// statements function has the exports function write the month's workbook.
var allowedInvokes = map[string][]string{
	"StatementsFunction": {"!Sub ${ExportsFunction.Arn}:live"},
}

// tmpl is template.yaml, decoded by readYAML.
type tmpl struct{ doc map[string]any }

func readTemplate(t *testing.T) tmpl {
	t.Helper()
	return tmpl{readYAML(t, "template.yaml")}
}

func (m tmpl) resource(id string) any { return get(m.doc, "Resources", id) }

// ids lists the logical ids of the resources of one type, sorted.
func (m tmpl) ids(typ string) []string {
	var out []string
	for id, r := range get(m.doc, "Resources").(map[string]any) {
		if get(r, "Type") == typ {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// fnProp is a function property as SAM sees it: the function's own value
// over the one in Globals, maps merged key by key.
func (m tmpl) fnProp(id, key string) any {
	own, global := get(m.resource(id), "Properties", key), get(m.doc, "Globals", "Function", key)
	ownMap, ok1 := own.(map[string]any)
	globalMap, ok2 := global.(map[string]any)
	if ok1 && ok2 {
		merged := maps.Clone(globalMap)
		maps.Copy(merged, ownMap)
		return merged
	}
	if own != nil {
		return own
	}
	return global
}

// refID is the logical id v names as "!Ref id" or "!GetAtt id.attr", or "".
func refID(v any) string {
	s := fmt.Sprint(v)
	if id, ok := strings.CutPrefix(s, "!Ref "); ok {
		return id
	}
	if att, ok := strings.CutPrefix(s, "!GetAtt "); ok {
		id, _, _ := strings.Cut(att, ".")
		return id
	}
	return ""
}

// refersTo reports whether v names a resource of type typ.
func (m tmpl) refersTo(v any, typ string) bool {
	id := refID(v)
	return id != "" && get(m.resource(id), "Type") == typ
}

// strs reads a string or a list as a list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = fmt.Sprint(x)
		}
		return out
	default:
		return []string{fmt.Sprint(v)}
	}
}

// statements finds every IAM statement anywhere under v.
func statements(v any) []any {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["Statement"]; ok {
			if l, ok := s.([]any); ok {
				return l
			}
			return []any{s}
		}
		var out []any
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out = append(out, statements(v[k])...)
		}
		return out
	case []any:
		var out []any
		for _, x := range v {
			out = append(out, statements(x)...)
		}
		return out
	}
	return nil
}

// tableStreams names every stream of the table, and no other table's.
const tableStreams = "!Sub ${Table.Arn}/stream/*"

func TestTemplateGrantsNoWildcards(t *testing.T) {
	sts := statements(get(readTemplate(t).doc, "Resources"))
	if len(sts) == 0 {
		t.Fatal("found no IAM statement in template.yaml")
	}
	for _, st := range sts {
		for _, neg := range []string{"NotAction", "NotResource"} {
			if get(st, neg) != nil {
				t.Errorf("a statement uses %s: %v", neg, st)
			}
		}
		for _, key := range []string{"Action", "Resource"} {
			for _, v := range strs(get(st, key)) {
				// The one exception: dynamodb:ListStreams names the table's
				// streams by their prefix (its stream label changes whenever
				// the stream is re-enabled), as SAM's own stream policy does.
				if key == "Resource" && v == tableStreams {
					continue
				}
				if strings.Contains(v, "*") {
					t.Errorf("%s %q is a wildcard", key, v)
				}
			}
		}
	}
}

func TestTemplateFunctionsHaveOnlyTheAccessTheyNeed(t *testing.T) {
	m := readTemplate(t)
	resources := []string{"!GetAtt Table.Arn"}
	for _, g := range dynamo.TableDefinition("t").GlobalSecondaryIndexes {
		resources = append(resources, "!Sub ${Table.Arn}/index/"+aws.ToString(g.IndexName))
	}
	if p := get(m.doc, "Globals", "Function", "Policies"); p != nil {
		t.Errorf("Globals grant every function %v", p)
	}
	for _, id := range m.ids("AWS::Serverless::Function") {
		t.Run(id, func(t *testing.T) {
			allowed, ok := allowedActions[id]
			if !ok {
				t.Fatalf("%s is not in allowedActions: say which table actions it needs", id)
			}
			if r := get(m.resource(id), "Properties", "Role"); r != nil {
				t.Errorf("has its own role %v: its policies cannot be checked", r)
			}
			pols, _ := get(m.resource(id), "Properties", "Policies").([]any)
			for _, p := range pols {
				if get(p, "Statement") == nil {
					t.Errorf("policy %v is not an inline statement: managed policies and SAM policy templates grant more than a function needs", p)
				}
			}
			for _, st := range statements(pols) {
				if e := get(st, "Effect"); e != "Allow" {
					t.Errorf("statement effect %v, want Allow", e)
				}
				if slices.Equal(strs(get(st, "Action")), []string{"lambda:InvokeFunction"}) {
					for _, r := range strs(get(st, "Resource")) {
						if !slices.Contains(allowedInvokes[id], r) {
							t.Errorf("may invoke %q; allowed: %v", r, allowedInvokes[id])
						}
					}
					continue
				}
				if problems, beyond := grantsBeyondTheTable(id, st); beyond {
					for _, p := range problems {
						t.Error(p)
					}
					continue
				}
				for _, a := range strs(get(st, "Action")) {
					if !slices.Contains(allowed, a) {
						t.Errorf("may %s; allowed: %v", a, allowed)
					}
				}
				for _, r := range strs(get(st, "Resource")) {
					if !slices.Contains(resources, r) {
						t.Errorf("reaches %q; want one of %v", r, resources)
					}
				}
			}
		})
	}
}

func TestTemplateTablesSurviveMistakes(t *testing.T) {
	m := readTemplate(t)
	tables := m.ids("AWS::DynamoDB::Table")
	if len(tables) == 0 {
		t.Fatal("no table in template.yaml")
	}
	checks := []struct {
		name string
		path []string
		want string
	}{
		{"point-in-time recovery", []string{"Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"}, "true"},
		{"deletion protection", []string{"Properties", "DeletionProtectionEnabled"}, "true"},
		{"encryption at rest", []string{"Properties", "SSESpecification", "SSEEnabled"}, "true"},
		{"kept when the stack goes", []string{"DeletionPolicy"}, "Retain"},
		{"kept when replaced", []string{"UpdateReplacePolicy"}, "Retain"},
	}
	for _, id := range tables {
		for _, c := range checks {
			t.Run(id+"/"+c.name, func(t *testing.T) {
				if got := fmt.Sprint(get(m.resource(id), c.path...)); got != c.want {
					t.Errorf("%s: got %s, want %s", strings.Join(c.path, "."), got, c.want)
				}
			})
		}
	}
}

func TestTemplateLogsExpire(t *testing.T) {
	m := readTemplate(t)
	for _, id := range m.ids("AWS::Logs::LogGroup") {
		if get(m.resource(id), "Properties", "RetentionInDays") == nil {
			t.Errorf("log group %s keeps its logs forever: set RetentionInDays", id)
		}
	}
	// A function without a group of the template's logs to /aws/lambda/<name>,
	// which Lambda creates without retention.
	for _, id := range m.ids("AWS::Serverless::Function") {
		if g := get(m.fnProp(id, "LoggingConfig"), "LogGroup"); !m.refersTo(g, "AWS::Logs::LogGroup") {
			t.Errorf("%s logs to %v, not to a log group of the template", id, g)
		}
	}
	for _, id := range m.ids("AWS::Serverless::HttpApi") {
		if d := get(m.resource(id), "Properties", "AccessLogSettings", "DestinationArn"); !m.refersTo(d, "AWS::Logs::LogGroup") {
			t.Errorf("%s writes access logs to %v, not to a log group of the template", id, d)
		}
	}
}

func TestTemplateRoutesNeedTheAuthorizer(t *testing.T) {
	m := readTemplate(t)
	public := append([]string{"GET /v1/health"}, portal.Routes()...)
	for _, fn := range m.ids("AWS::Serverless::Function") {
		evs, _ := m.fnProp(fn, "Events").(map[string]any)
		for _, name := range slices.Sorted(maps.Keys(evs)) {
			if get(evs[name], "Type") != "HttpApi" {
				continue
			}
			p := get(evs[name], "Properties")
			route := fmt.Sprint(get(p, "Method"), " ", get(p, "Path"))
			t.Run(fn+"/"+name, func(t *testing.T) {
				// Without ApiId, SAM puts the route on an implicit API
				// that has no authorizer.
				apiRef := fmt.Sprint(get(p, "ApiId"))
				if !m.refersTo(apiRef, "AWS::Serverless::HttpApi") {
					t.Fatalf("%s: ApiId %q is not an HttpApi of the template", route, apiRef)
				}
				auth := get(m.resource(refID(apiRef)), "Properties", "Auth")
				def := fmt.Sprint(get(auth, "DefaultAuthorizer"))
				if get(auth, "Authorizers", def, "JwtConfiguration", "issuer") == nil || get(auth, "Authorizers", def, "JwtConfiguration", "audience") == nil {
					t.Fatalf("%s: the API's default authorizer %q is not a JWT authorizer with an issuer and an audience", route, def)
				}
				got := def
				if a := get(p, "Auth", "Authorizer"); a != nil {
					got = fmt.Sprint(a)
				}
				want := def
				if slices.Contains(public, route) {
					want = "NONE"
				}
				if got != want {
					t.Errorf("%s: authorizer %s, want %s", route, got, want)
				}
			})
		}
	}
}

// alarmMetrics lists, per alarm, "namespace metric dim=value,..." for every
// metric it watches, and checks each alarm notifies a topic of the template.
func alarmMetrics(t *testing.T, m tmpl) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, id := range m.ids("AWS::CloudWatch::Alarm") {
		p := get(m.resource(id), "Properties")
		if acts := strs(get(p, "AlarmActions")); len(acts) == 0 || !m.refersTo(acts[0], "AWS::SNS::Topic") || get(p, "ActionsEnabled") == "false" {
			t.Errorf("alarm %s notifies %v (actions enabled: %v), not a topic of the template", id, acts, get(p, "ActionsEnabled"))
		}
		metrics := []any{p}
		if l, ok := get(p, "Metrics").([]any); ok {
			metrics = nil
			var exprs string
			for _, q := range l {
				exprs += fmt.Sprint(get(q, "Expression"), " ")
				if s := get(q, "MetricStat", "Metric"); s != nil {
					metrics = append(metrics, s)
				}
			}
			for _, q := range l {
				if get(q, "MetricStat") != nil && !strings.Contains(exprs, fmt.Sprint(get(q, "Id"))) {
					t.Errorf("alarm %s: no expression uses metric %v", id, get(q, "Id"))
				}
			}
		}
		for _, q := range metrics {
			var dims []string
			ds, _ := get(q, "Dimensions").([]any)
			for _, d := range ds {
				dims = append(dims, fmt.Sprint(get(d, "Name"), "=", get(d, "Value")))
			}
			out[id] = append(out[id], fmt.Sprint(get(q, "Namespace"), " ", get(q, "MetricName"), " ", strings.Join(dims, ",")))
		}
	}
	return out
}

func TestTemplateAlarms(t *testing.T) {
	m := readTemplate(t)
	watched := map[string]bool{}
	for _, ms := range alarmMetrics(t, m) {
		for _, s := range ms {
			watched[s] = true
		}
	}
	want := []string{
		"AWS/ApiGateway 5xx ApiId=!Ref Api",
		"AWS/DynamoDB ReadThrottleEvents TableName=!Ref Table",
		"AWS/DynamoDB WriteThrottleEvents TableName=!Ref Table",
		"AWS/SQS ApproximateNumberOfMessagesVisible QueueName=!GetAtt MonthCloseDeadLetterQueue.QueueName",
	}
	for _, fn := range m.ids("AWS::Serverless::Function") {
		want = append(want,
			"AWS/Lambda Errors FunctionName=!Ref "+fn,
			"AWS/Lambda Throttles FunctionName=!Ref "+fn)
	}
	for _, w := range want {
		t.Run(w, func(t *testing.T) {
			if !watched[w] {
				t.Errorf("no alarm watches %s", w)
			}
		})
	}
}

func TestTemplateMonthCloseRunsAloneAndKeepsFailures(t *testing.T) {
	m := readTemplate(t)
	const fn = "MonthCloseFunction"
	queue := func(what string, arn any) {
		t.Helper()
		s := fmt.Sprint(arn)
		if !m.refersTo(s, "AWS::SQS::Queue") {
			t.Errorf("%s: dead-letter target %q is not a queue of the template", what, s)
			return
		}
		q := get(m.resource(refID(s)), "Properties")
		if get(q, "SqsManagedSseEnabled") != "true" && get(q, "KmsMasterKeyId") == nil {
			t.Errorf("%s: the dead-letter queue is not encrypted", what)
		}
		if get(q, "MessageRetentionPeriod") == nil {
			t.Errorf("%s: the dead-letter queue keeps messages only the default 4 days", what)
		}
	}
	if got := fmt.Sprint(m.fnProp(fn, "ReservedConcurrentExecutions")); got != "1" {
		t.Errorf("ReservedConcurrentExecutions: got %s, want 1", got)
	}
	queue("the function's own dead-letter queue", get(m.fnProp(fn, "DeadLetterQueue"), "TargetArn"))
	evs, _ := m.fnProp(fn, "Events").(map[string]any)
	schedules := 0
	for name, ev := range evs {
		if get(ev, "Type") == "ScheduleV2" {
			schedules++
			queue("schedule "+name, get(ev, "Properties", "DeadLetterConfig", "Arn"))
		}
	}
	if schedules == 0 {
		t.Errorf("%s has no ScheduleV2 event", fn)
	}
}

func TestTemplateDeploysGradually(t *testing.T) {
	m := readTemplate(t)
	metrics := alarmMetrics(t, m)
	filtered := map[string]bool{} // "namespace metric" that a log metric filter counts 5xx into
	for _, id := range m.ids("AWS::Logs::MetricFilter") {
		p := get(m.resource(id), "Properties")
		if strings.Contains(fmt.Sprint(get(p, "FilterPattern")), "$.status >= 500") {
			for _, tr := range get(p, "MetricTransformations").([]any) {
				filtered[fmt.Sprint(get(tr, "MetricNamespace"), " ", get(tr, "MetricName"), " ")] = true
			}
		}
	}
	for _, fn := range m.ids("AWS::Serverless::Function") {
		t.Run(fn, func(t *testing.T) {
			if a := m.fnProp(fn, "AutoPublishAlias"); a == nil {
				t.Fatal("no AutoPublishAlias: a deploy replaces the code for every caller at once")
			}
			dp := m.fnProp(fn, "DeploymentPreference")
			if typ := fmt.Sprint(get(dp, "Type")); !strings.HasPrefix(typ, "Canary") && !strings.HasPrefix(typ, "Linear") {
				t.Errorf("DeploymentPreference type %s, want Canary... or Linear...", typ)
			}
			if get(dp, "Enabled") == "false" {
				t.Error("DeploymentPreference is disabled")
			}
			var watched []string
			for _, a := range strs(get(dp, "Alarms")) {
				if !m.refersTo(a, "AWS::CloudWatch::Alarm") {
					t.Errorf("deploy alarm %s is not an alarm of the template", a)
				}
				watched = append(watched, metrics[refID(a)]...)
			}
			if !slices.Contains(watched, "AWS/Lambda Errors FunctionName=!Ref "+fn) {
				t.Errorf("no deploy alarm watches the function's errors; they watch %v", watched)
			}
			if !slices.ContainsFunc(watched, func(s string) bool { return filtered[s] }) {
				t.Errorf("no deploy alarm watches the 5xx the handlers log; they watch %v", watched)
			}
		})
	}
}

// TestTemplateWiresTheJournalAccounts: the journal's account codes are
// template parameters whose defaults are the code's, and every function
// that serves the journal gets them from those parameters.
func TestTemplateWiresTheJournalAccounts(t *testing.T) {
	m := readTemplate(t)
	defaults, err := httpapi.ConfigFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	settings := []struct{ variable, parameter, codeDefault string }{
		{"CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT", "JournalExpenseAccount", defaults.JournalExpenseAccount},
		{"CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT", "JournalRecoveryAccount", defaults.JournalRecoveryAccount},
	}
	var serving []string
	for _, r := range apitest.NewAPI(nil).Routes() {
		if r.Key() == "GET /v1/statements/{month}/journal" {
			serving = append(serving, strings.ToUpper(r.Function[:1])+r.Function[1:]+"Function")
		}
	}
	if len(serving) == 0 {
		t.Fatal("no route serves the journal")
	}
	for _, s := range settings {
		t.Run(s.parameter, func(t *testing.T) {
			p := get(m.doc, "Parameters", s.parameter)
			if p == nil {
				t.Fatalf("template.yaml has no parameter %s", s.parameter)
			}
			if got := fmt.Sprint(get(p, "Default")); got != s.codeDefault {
				t.Errorf("default: got %q in the template, %q in the code", got, s.codeDefault)
			}
			if get(p, "AllowedPattern") == nil || get(p, "Description") == nil {
				t.Error("the parameter has no AllowedPattern or no Description")
			}
			for _, fn := range serving {
				own := get(m.resource(fn), "Properties", "Environment", "Variables", s.variable)
				if own == nil {
					own = get(m.doc, "Globals", "Function", "Environment", "Variables", s.variable)
				}
				if got, want := fmt.Sprint(own), "!Ref "+s.parameter; got != want {
					t.Errorf("%s: %s is %q, want %q", fn, s.variable, got, want)
				}
			}
		})
	}
}

// TestTemplateWiresTheFiscalYearStart: the fiscal year's first month is a
// template parameter allowing 1 to 12, defaulting to the code's default,
// and every function that serves budgets gets it from that parameter, as
// does the web function, whose config.json tells the portal.
func TestTemplateWiresTheFiscalYearStart(t *testing.T) {
	m := readTemplate(t)
	defaults, err := httpapi.ConfigFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	p := get(m.doc, "Parameters", "FiscalYearStart")
	if p == nil {
		t.Fatal("template.yaml has no parameter FiscalYearStart")
	}
	if got, want := fmt.Sprint(get(p, "Default")), fmt.Sprint(int(defaults.FiscalYearStart)); got != want {
		t.Errorf("default: got %q in the template, %q in the code", got, want)
	}
	if got, want := fmt.Sprint(get(p, "AllowedValues")), "[1 2 3 4 5 6 7 8 9 10 11 12]"; got != want {
		t.Errorf("AllowedValues: got %s, want %s", got, want)
	}
	serving := map[string]bool{}
	for _, r := range apitest.NewAPI(nil).Routes() {
		if strings.HasPrefix(r.Path, "/v1/budgets/") {
			serving[strings.ToUpper(r.Function[:1])+r.Function[1:]+"Function"] = true
		}
	}
	if len(serving) == 0 {
		t.Fatal("no route serves budgets")
	}
	serving["WebFunction"] = true
	for fn := range serving {
		own := get(m.resource(fn), "Properties", "Environment", "Variables", "CHARGEBACK_FISCAL_YEAR_START")
		if got, want := fmt.Sprint(own), "!Ref FiscalYearStart"; got != want {
			t.Errorf("%s: CHARGEBACK_FISCAL_YEAR_START is %q, want %q", fn, got, want)
		}
	}
}
