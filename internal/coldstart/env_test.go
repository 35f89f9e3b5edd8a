package coldstart

import (
	"strings"
	"testing"
)

func TestLambdaEnv(t *testing.T) {
	env := map[string]string{}
	for _, kv := range LambdaEnv("127.0.0.1:9001", "requests", "/tmp/x/requests/") {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := env[k]; dup {
			t.Errorf("%s is set twice", k)
		}
		env[k] = v
	}
	tests := []struct {
		name string
		set  bool
		want string
	}{
		{name: "AWS_LAMBDA_RUNTIME_API", set: true, want: "127.0.0.1:9001"},
		{name: "AWS_REGION", set: true, want: "us-east-1"},
		{name: "AWS_DEFAULT_REGION", set: true, want: "us-east-1"},
		{name: "AWS_LAMBDA_FUNCTION_NAME", set: true, want: "requests"},
		{name: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", set: true, want: "128"},
		{name: "TABLE_NAME", set: true, want: "chargeback"},
		{name: "_HANDLER", set: true, want: "bootstrap"},
		{name: "LAMBDA_TASK_ROOT", set: true, want: "/tmp/x/requests"},
		{name: "TZ", set: false},
		{name: "HOME", set: false},
		{name: "AWS_PROFILE", set: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := env[tt.name]
			if ok != tt.set || got != tt.want {
				t.Errorf("%s = %q (set %v), want %q (set %v)", tt.name, got, ok, tt.want, tt.set)
			}
		})
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if env[k] == "" {
			t.Errorf("%s is empty, want a dummy value", k)
		}
	}
}
