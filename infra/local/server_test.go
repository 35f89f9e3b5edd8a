package local

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// quick are limits short enough for a test to wait them out.
var quick = limits{readHeader: 100 * time.Millisecond, read: 200 * time.Millisecond, write: time.Second, idle: 100 * time.Millisecond}

func TestServerDropsStalledClients(t *testing.T) {
	logs := &syncBuffer{}
	gw, _ := newGateway(t, logs)
	srv := startServer(t, gw, quick)
	good := token(t, secret, map[string]any{"sub": "dana", "groups": []string{"requester"}, "department": "radiology"})
	tests := []struct {
		name, send string
		want       string // the status line answered before the server hangs up, if any
	}{
		// net/http reads a cut-off request line as a bad request.
		{"stalls in the request line", "GET /v1/hea", "HTTP/1.1 400 Bad Request"},
		{"stalls in the headers", "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ", ""},
		{"stalls in the body", "POST /v1/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + good +
			"\r\nContent-Length: 100\r\n\r\n{\"service_id\": ", "HTTP/1.1 408 Request Timeout"},
		{"stalls in a chunked body", "POST /v1/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + good +
			"\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"service_id\": ", "HTTP/1.1 408 Request Timeout"},
		{"idles after an answer", "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.send); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_ = conn.SetReadDeadline(start.Add(5 * time.Second))
			got, err := io.ReadAll(conn)
			if err != nil {
				t.Fatalf("still connected after %s: %v", time.Since(start).Round(time.Millisecond), err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("disconnected after %s, want within 2s", took.Round(time.Millisecond))
			}
			status, _, _ := strings.Cut(string(got), "\r\n")
			if status != tt.want {
				t.Errorf("status line: got %q, want %q", status, tt.want)
			}
		})
	}
	t.Cleanup(func() {
		if !strings.Contains(logs.String(), `"route":"POST /v1/requests","status":408`) {
			t.Errorf("the 408s were not logged:\n%s", logs.String())
		}
	})
}

func TestServerAnswersOversizedHeadsWithAProblem(t *testing.T) {
	gw, _ := newGateway(t, io.Discard)
	srv := startServer(t, gw, quick)
	many := strings.Repeat("X-Pad: "+strings.Repeat("p", 60)+"\r\n", 1200) // 1,200 headers of 69 bytes
	tests := []struct {
		name, head  string
		want        int
		contentType string
	}{
		{"a header under the limit", "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("p", 60<<10) + "\r\n", 200, "application/json"},
		{"a header over the limit", "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("p", 70<<10) + "\r\n", 431, "application/problem+json"},
		{"many headers over the limit", "GET /v1/health HTTP/1.1\r\nHost: x\r\n" + many, 431, "application/problem+json"},
		{"a cookie over the limit", "GET /v1/health HTTP/1.1\r\nHost: x\r\nCookie: a=" + strings.Repeat("c", 70<<10) + "\r\n", 431, "application/problem+json"},
		{"a path over the limit", "GET /v1/" + strings.Repeat("a", 70<<10) + " HTTP/1.1\r\nHost: x\r\n", 431, "application/problem+json"},
		{"a query over the limit", "GET /v1/health?q=" + strings.Repeat("a", 70<<10) + " HTTP/1.1\r\nHost: x\r\n", 431, "application/problem+json"},
		{"a host over the limit", "GET /v1/health HTTP/1.1\r\nHost: " + strings.Repeat("a", 70<<10) + "\r\n", 431, "application/problem+json"},
		// Past net/http's own hard stop, net/http answers by itself (see
		// serverHeaderBytes): still 431, but text/plain.
		{"a header past the hard stop", "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("p", serverHeaderBytes+8<<10) + "\r\n", 431, "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
			go func() { _, _ = io.WriteString(conn, tt.head+"\r\n") }()
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Errorf("status: got %d, want %d", res.StatusCode, tt.want)
			}
			if got := res.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type: got %q, want %q", got, tt.contentType)
			}
		})
	}
}
