package dynamo

import "testing"

func TestLambdaClientCapsTheSDKRetries(t *testing.T) {
	env := map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"}
	c, err := NewClientFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Options().Retryer.MaxAttempts(); got != 3 {
		t.Errorf("SDK attempts: got %d, want 3 (the store retries around them)", got)
	}
	if _, err := NewClientFromEnv(func(string) string { return "" }); err == nil {
		t.Error("a client without a region and credentials: got none, want an error")
	}
}
