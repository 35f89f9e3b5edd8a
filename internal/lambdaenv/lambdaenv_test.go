package lambdaenv

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestAPIFromTheLambdaEnvironment(t *testing.T) {
	lambda := map[string]string{
		"TABLE_NAME": "chargeback", "AWS_REGION": "eu-west-1",
		"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
	}
	tests := []struct {
		name    string
		without string
		set     map[string]string
		wantErr string
	}{
		{"as Lambda sets it", "", nil, ""},
		{"no table", "TABLE_NAME", nil, "TABLE_NAME"},
		{"no region", "AWS_REGION", nil, "AWS_REGION"},
		{"no credentials", "AWS_ACCESS_KEY_ID", nil, "AWS_ACCESS_KEY_ID"},
		{"bad time zone", "", map[string]string{"CHARGEBACK_TIMEZONE": "Mars/Olympus"}, "CHARGEBACK_TIMEZONE"},
		{"bad role mapping", "", map[string]string{"CHARGEBACK_ROLE_GROUPS": "admin=it-admins"}, "CHARGEBACK_ROLE_GROUPS"},
		{"bad journal account", "", map[string]string{"CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT": "=1+1"}, "CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range lambda {
				env[k] = v
			}
			for k, v := range tt.set {
				env[k] = v
			}
			delete(env, tt.without)
			api, err := API(func(k string) string { return env[k] })
			switch {
			case tt.wantErr == "" && (err != nil || api == nil):
				t.Errorf("got %v, want an API", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}

// exportsLinks is everything of this module the exports function may link:
// the workbook as data and its writer, none of the API, the store, the
// catalog or the money rules.
var exportsLinks = []string{"chargeback/functions/exports", "chargeback/internal/workbook", "chargeback/internal/workbook/xlsx"}

// webLinks is everything of this module the web function may link.
var webLinks = []string{"chargeback/functions/web", "chargeback/internal/contentcoding", "chargeback/internal/portal", "chargeback/internal/roles", "chargeback/web"}

// deps lists the packages a function's binary links.
func deps(t *testing.T, function string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "../../functions/"+function).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

// Start-up time and size: the catalog and web functions need no table and
// link no AWS SDK; no function links the SDK's default configuration chain.
// The web function links nothing of the API, the store or the domain
// either: only the portal, its assets and the roles. Only the exports
// function links the spreadsheet library, which would push any other
// over the 10 MiB budget, and it links nothing else of the module's.
func TestFunctionsLinkOnlyWhatTheyUse(t *testing.T) {
	noSDK := []string{"catalog", "web", "exports"}
	for _, fn := range []string{"catalog", "requests", "statements", "reports", "monthclose", "web", "exports", "events", "slawatch"} {
		t.Run(fn, func(t *testing.T) {
			pkgs := deps(t, fn)
			if !slices.Contains(pkgs, "github.com/aws/aws-lambda-go/lambda") {
				t.Fatal("go list found no Lambda function (is the path right?)")
			}
			for _, p := range pkgs {
				if strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2/config") || (slices.Contains(noSDK, fn) && strings.HasPrefix(p, "github.com/aws/")) && !strings.HasPrefix(p, "github.com/aws/aws-lambda-go/") {
					t.Errorf("links %s", p)
				}
				if fn == "web" && strings.HasPrefix(p, "chargeback/") && !slices.Contains(webLinks, p) {
					t.Errorf("links %s", p)
				}
				if fn == "exports" && strings.HasPrefix(p, "chargeback/") && !slices.Contains(exportsLinks, p) {
					t.Errorf("links %s", p)
				}
				if fn != "exports" && strings.HasPrefix(p, "github.com/xuri/") {
					t.Errorf("links %s", p)
				}
			}
		})
	}
}
