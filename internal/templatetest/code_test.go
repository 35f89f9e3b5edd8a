package templatetest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"chargeback/internal/apitest"
	"chargeback/internal/dynamo"
	"chargeback/internal/portal"
)

// readYAML decodes a file from the repository root into plain Go values.
// CloudFormation tags such as !Ref become strings like "!Ref Table".
func readYAML(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return plain(doc.Content[0]).(map[string]any)
}

func plain(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		var s []any
		for _, c := range n.Content {
			s = append(s, plain(c))
		}
		return s
	default:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			return n.Tag + " " + n.Value
		}
		return n.Value
	}
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// templateRoutes lists "METHOD /path -> function" for every HttpApi event in
// template.yaml, marking routes without the authorizer.
func templateRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for id, res := range get(readYAML(t, "template.yaml"), "Resources").(map[string]any) {
		if get(res, "Type") != "AWS::Serverless::Function" {
			continue
		}
		fn := strings.ToLower(strings.TrimSuffix(id, "Function"))
		evs, _ := get(res, "Properties", "Events").(map[string]any)
		for _, ev := range evs {
			if get(ev, "Type") != "HttpApi" {
				continue
			}
			p := get(ev, "Properties")
			line := fmt.Sprintf("%s %s -> %s", get(p, "Method"), get(p, "Path"), fn)
			if get(p, "Auth", "Authorizer") == "NONE" {
				line += " (public)"
			}
			out = append(out, line)
		}
	}
	sort.Strings(out)
	return out
}

func codeRoutes() []string {
	var out []string
	for _, r := range apitest.NewAPI(nil).Routes() {
		line := r.Key() + " -> " + r.Function
		if r.Public {
			line += " (public)"
		}
		out = append(out, line)
	}
	// The web function serves the portal behind no authorizer; API Gateway
	// matches the routes above first.
	for _, key := range portal.Routes() {
		out = append(out, key+" -> web (public)")
	}
	sort.Strings(out)
	return out
}

func TestTemplateRoutesMatchCode(t *testing.T) {
	if diff := cmp.Diff(codeRoutes(), templateRoutes(t)); diff != "" {
		t.Errorf("template.yaml routes differ from the code's (-code +template):\n%s", diff)
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	paths, _ := get(readYAML(t, "docs/openapi.yaml"), "paths").(map[string]any)
	for _, r := range apitest.NewAPI(nil).Routes() {
		if get(paths, r.Path, strings.ToLower(r.Method)) == nil {
			t.Errorf("docs/openapi.yaml does not document %s", r.Key())
		}
	}
}

func TestTableDefinitionMatchesTemplate(t *testing.T) {
	props := get(readYAML(t, "template.yaml"), "Resources", "Table", "Properties")
	def := dynamo.TableDefinition("chargeback")

	checks := []struct{ name, got, want string }{
		{"BillingMode", string(def.BillingMode), fmt.Sprint(get(props, "BillingMode"))},
		{"TTL attribute", dynamo.TTLAttribute, fmt.Sprint(get(props, "TimeToLiveSpecification", "AttributeName"))},
		{"TTL enabled", "true", fmt.Sprint(get(props, "TimeToLiveSpecification", "Enabled"))},
		{"PITR", "true", fmt.Sprint(get(props, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"))},
		{"SSE", fmt.Sprint(aws.ToBool(def.SSESpecification.Enabled)), fmt.Sprint(get(props, "SSESpecification", "SSEEnabled"))},
		{"deletion protection", fmt.Sprint(aws.ToBool(def.DeletionProtectionEnabled)), fmt.Sprint(get(props, "DeletionProtectionEnabled"))},
		{"stream", string(def.StreamSpecification.StreamViewType), fmt.Sprint(get(props, "StreamSpecification", "StreamViewType"))},
		{"stream enabled", "true", fmt.Sprint(aws.ToBool(def.StreamSpecification.StreamEnabled))},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: code has %q, template has %q", c.name, c.got, c.want)
		}
	}

	var codeAttrs, tmplAttrs []string
	for _, a := range def.AttributeDefinitions {
		codeAttrs = append(codeAttrs, aws.ToString(a.AttributeName)+":"+string(a.AttributeType))
	}
	for _, a := range get(props, "AttributeDefinitions").([]any) {
		tmplAttrs = append(tmplAttrs, fmt.Sprint(get(a, "AttributeName"), ":", get(a, "AttributeType")))
	}
	slices.Sort(codeAttrs)
	slices.Sort(tmplAttrs)
	if diff := cmp.Diff(codeAttrs, tmplAttrs); diff != "" {
		t.Errorf("attribute definitions differ (-code +template):\n%s", diff)
	}

	keys := func(v any) string {
		var parts []string
		for _, k := range v.([]any) {
			parts = append(parts, fmt.Sprint(get(k, "AttributeName"), " ", get(k, "KeyType")))
		}
		return strings.Join(parts, ", ")
	}
	codeKeys := func(def []string) string { return strings.Join(def, ", ") }
	var ck []string
	for _, k := range def.KeySchema {
		ck = append(ck, aws.ToString(k.AttributeName)+" "+string(k.KeyType))
	}
	if got, want := codeKeys(ck), keys(get(props, "KeySchema")); got != want {
		t.Errorf("key schema: code has %q, template has %q", got, want)
	}

	var codeIdx, tmplIdx []string
	for _, g := range def.GlobalSecondaryIndexes {
		var ks []string
		for _, k := range g.KeySchema {
			ks = append(ks, aws.ToString(k.AttributeName)+" "+string(k.KeyType))
		}
		codeIdx = append(codeIdx, fmt.Sprintf("%s (%s) %s", aws.ToString(g.IndexName), codeKeys(ks), g.Projection.ProjectionType))
	}
	for _, g := range get(props, "GlobalSecondaryIndexes").([]any) {
		tmplIdx = append(tmplIdx, fmt.Sprintf("%s (%s) %s", get(g, "IndexName"), keys(get(g, "KeySchema")), get(g, "Projection", "ProjectionType")))
	}
	if diff := cmp.Diff(codeIdx, tmplIdx); diff != "" {
		t.Errorf("global secondary indexes differ (-code +template):\n%s", diff)
	}
}
