package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"chargeback/infra/local"
)

// apiClient calls the local API over loopback HTTP.
type apiClient struct {
	http *http.Client
	base string
}

// newAPIClient returns a client for the API at base that keeps a
// connection open for each of conns concurrent callers.
func newAPIClient(base string, conns int) *apiClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = conns * 2
	tr.MaxIdleConnsPerHost = conns * 2
	return &apiClient{http: &http.Client{Transport: tr, Timeout: time.Minute}, base: base}
}

// answer is one API response.
type answer struct {
	status int
	body   []byte
	// took runs from sending the request to reading the last byte of the
	// (decompressed) body.
	took time.Duration
}

// call sends one request with a bearer token and, when body is not nil, a
// JSON body; header adds more headers.
func (c *apiClient) call(ctx context.Context, method, path, token string, body []byte, header map[string]string) (answer, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	took := time.Since(start)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	return answer{status: res.StatusCode, body: b, took: took}, nil
}

// token mints an HS256 token for a role, valid for two hours; dept is the
// requester's department ("" for the other roles).
func token(secret, sub, role, dept string) (string, error) {
	claims := map[string]any{"sub": sub, "groups": []string{role}, "exp": time.Now().Add(2 * time.Hour).Unix()}
	if dept != "" {
		claims["department"] = dept
	}
	return local.Sign(secret, claims)
}
