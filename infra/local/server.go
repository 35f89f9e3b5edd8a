package local

import (
	"log/slog"
	"net/http"
	"time"
)

// maxHeaderBytes is the largest request line and header block the gateway
// accepts; a larger one is answered 431 with a problem document.
const maxHeaderBytes = 64 << 10

// serverHeaderBytes is where net/http itself stops reading a request's head.
// net/http answers a head over its limit with a text/plain 431 before any
// handler runs, so its limit sits above maxHeaderBytes: heads between the two
// reach the gateway, which answers (and logs) a problem+json 431. Only heads
// over this hard stop, four times the policy, still get net/http's own
// text/plain answer; swapping that one would mean rewriting the bytes
// net/http writes to each connection, not worth it on a laptop.
const serverHeaderBytes = 4 * maxHeaderBytes

// limits are the local HTTP server's timeouts; tests shorten them.
type limits struct {
	// readHeader bounds reading the request line and headers, read the
	// whole request including its body.
	readHeader, read time.Duration
	// write bounds the time from the end of the headers to the end of the
	// response, so it must exceed read for a slow body to still get its 408.
	write time.Duration
	// idle bounds how long a kept-alive connection waits for its next
	// request.
	idle time.Duration
}

// serverLimits are the timeouts `make run` serves with. A client that stops
// sending half way through a body is answered 408 and disconnected after
// read.
var serverLimits = limits{readHeader: 10 * time.Second, read: 15 * time.Second, write: 30 * time.Second, idle: 60 * time.Second}

// newHTTPServer returns the server Run serves the gateway with: every read
// bounded in time, the head bounded in size, and net/http's own errors
// logged through the gateway's logger.
func newHTTPServer(gw *Gateway, l limits) *http.Server {
	return &http.Server{
		Handler:           gw,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    serverHeaderBytes,
		ErrorLog:          slog.NewLogLogger(gw.logger().Handler(), slog.LevelWarn),
	}
}

// headerSize counts the bytes of r's request line and header fields as they
// came over the wire, near enough: net/http has already parsed them, and
// moved Host out of the header map.
func headerSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + len("  \r\n")
	n += len("Host: \r\n") + len(r.Host)
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + len(": \r\n")
		}
	}
	return n
}
