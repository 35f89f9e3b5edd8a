package dynamodblocal

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// fakeAuthorization is a SigV4-shaped Authorization header. DynamoDB Local
// checks the header's shape, not its signature.
const fakeAuthorization = "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x"

// waitReady polls the endpoint until it answers any HTTP response. It
// fails when ctx is done, or when the process exits or timeout passes
// first; these last two errors carry the tail of the process's output.
func (s *Server) waitReady(parent context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, _, err := call(ctx, client, s.endpoint, "ListTables", "{}"); err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("dynamodb local exited during start: %v\n%s", s.waitErr, s.output)
		case <-ctx.Done():
			if err := parent.Err(); err != nil {
				return fmt.Errorf("dynamodb local start: %w", err)
			}
			return fmt.Errorf("dynamodb local did not answer ListTables at %s within %v of starting (%s sets the bound)\n%s", s.endpoint, timeout, StartupTimeoutEnv, s.output)
		case <-tick.C:
		}
	}
}

// call sends the DynamoDB operation op, such as "ListTables", with the JSON
// body to endpoint using plain net/http, and returns the response's status
// code and body.
func call(ctx context.Context, client *http.Client, endpoint, op, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("Authorization", fakeAuthorization)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, nil
}
