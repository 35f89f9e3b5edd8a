package coldstart

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// NextPath is the Runtime API endpoint a function calls for its next
// invocation. aws-lambda-go calls it once init is done.
const NextPath = "/2018-06-01/runtime/invocation/next"

// Runtime is a stand-in for the Lambda Runtime API on 127.0.0.1. It
// records when the first GET NextPath arrives and never answers it, so the
// function waits as it would between invocations. Every other request is
// answered 404 and not recorded.
type Runtime struct {
	now    func() time.Time
	ln     net.Listener
	srv    *http.Server
	first  chan time.Time // receives the first /next time, once
	once   sync.Once      // guards the send on first
	closed chan struct{}  // closed by Close to release held requests
	stop   sync.Once      // guards closing closed
}

// StartRuntime listens on a free loopback port and serves the Runtime API
// there until Close. now tells the time a request arrives (time.Now,
// except in tests).
func StartRuntime(now func() time.Time) (*Runtime, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Runtime{
		now:    now,
		ln:     ln,
		first:  make(chan time.Time, 1),
		closed: make(chan struct{}),
	}
	r.srv = &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := r.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.Close()
		}
	}()
	return r, nil
}

// Addr is the host:port to give a function as AWS_LAMBDA_RUNTIME_API.
func (r *Runtime) Addr() string { return r.ln.Addr().String() }

// First receives the time the first GET NextPath arrived. It receives
// once: later requests are held but not recorded.
func (r *Runtime) First() <-chan time.Time { return r.first }

// ServeHTTP records and holds GET NextPath and answers anything else 404.
func (r *Runtime) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet || req.URL.Path != NextPath {
		http.NotFound(w, req)
		return
	}
	at := r.now()
	r.once.Do(func() { r.first <- at })
	select { // hold the request: no invocation will come
	case <-req.Context().Done():
	case <-r.closed:
	}
}

// Close stops the server and releases any held request.
func (r *Runtime) Close() error {
	r.stop.Do(func() { close(r.closed) })
	return r.srv.Close()
}
