package lambdaenv

import (
	"strings"
	"testing"
)

func TestOutboxFromTheLambdaEnvironment(t *testing.T) {
	lambda := map[string]string{
		"EVENT_BUS_NAME": "chargeback", "AWS_REGION": "eu-west-1",
		"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
	}
	tests := []struct{ name, without, wantErr string }{
		{"as Lambda and the template set it", "", ""},
		{"no bus", "EVENT_BUS_NAME", "EVENT_BUS_NAME"},
		{"no region", "AWS_REGION", "AWS_REGION"},
		{"no credentials", "AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range lambda {
				env[k] = v
			}
			delete(env, tt.without)
			c, err := Outbox(func(k string) string { return env[k] })
			switch {
			case tt.wantErr == "" && (err != nil || c == nil || c.BusName != "chargeback" || c.Bus == nil):
				t.Errorf("got %+v, %v; want a consumer of bus chargeback", c, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}
