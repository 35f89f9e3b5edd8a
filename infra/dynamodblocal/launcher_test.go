package dynamodblocal

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStartInMemory(t *testing.T) {
	requireDynamoDBLocal(t)
	s := startServer(t, Options{})

	if !strings.HasPrefix(s.Endpoint(), "http://127.0.0.1:") {
		t.Errorf("Endpoint() = %q, want http://127.0.0.1:PORT", s.Endpoint())
	}
	if body := mustCall(t, s, "ListTables", "{}"); !strings.Contains(body, "TableNames") {
		t.Errorf("ListTables body = %s, want it to contain TableNames", body)
	}

	pid := s.cmd.Process.Pid
	begin := time.Now()
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	t.Logf("stopped after %v", time.Since(begin).Round(time.Millisecond))
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if s.cmd.ProcessState == nil {
		t.Error("after Stop the process was not reaped")
	}
	assertGroupGone(t, pid)
	addr := strings.TrimPrefix(s.Endpoint(), "http://")
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("after Stop %s still accepts connections", addr)
	}
}

func TestStartDirKeepsData(t *testing.T) {
	requireDynamoDBLocal(t)
	dir := filepath.Join(t.TempDir(), "state", "dynamodb")

	s := startServer(t, Options{Dir: dir})
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("data folder %s: got %v, want a folder", dir, err)
	}
	mustCall(t, s, "CreateTable", `{
		"TableName": "kept",
		"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
		"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
		"BillingMode": "PAY_PER_REQUEST"
	}`)
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "shared-local-instance.db")); err != nil {
		t.Errorf("database file: %v", err)
	}

	s = startServer(t, Options{Dir: dir})
	if body := mustCall(t, s, "ListTables", "{}"); !strings.Contains(body, `"kept"`) {
		t.Errorf("after restart ListTables body = %s, want it to list kept", body)
	}
}

func TestStartRefusesBusyPort(t *testing.T) {
	requireDynamoDBLocal(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port

	_, err = Start(context.Background(), Options{Port: port})
	if err == nil || !strings.Contains(err.Error(), "port "+strconv.Itoa(port)) {
		t.Errorf("Start on busy port %d: got %v, want an error naming the port", port, err)
	}
}

func TestStartCanceled(t *testing.T) {
	requireDynamoDBLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Start(ctx, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Start with a canceled context: got %v, want context.Canceled", err)
	}
}

func TestStartWithoutJava(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Start(context.Background(), Options{})
	if !errors.Is(err, ErrJavaNotFound) {
		t.Errorf("Start without java: got %v, want ErrJavaNotFound", err)
	}
}

func TestStartReportsEarlyExit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake java is a shell script")
	}
	requireInstallable(t)
	bin := t.TempDir()
	fake := "#!/bin/sh\necho 'fake java: address already in use' >&2\nexit 3\n"
	if err := os.WriteFile(filepath.Join(bin, "java"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	_, err := Start(context.Background(), Options{})
	if err == nil {
		t.Fatal("Start with a java that exits: got nil error")
	}
	for _, want := range []string{"exited during start", "exit status 3", "fake java: address already in use"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Start error = %q, want it to contain %q", err, want)
		}
	}
}
