// Command with-dynamodb runs a command with DYNAMODB_ENDPOINT pointing at
// DynamoDB Local:
//
//	go run ./cmd/with-dynamodb -- go test ./...
//
// It starts DynamoDB Local in memory, unless DYNAMODB_ENDPOINT is already
// set, runs the command with the same standard input and output, stops
// DynamoDB Local, and exits with the command's exit code. SIGINT and
// SIGTERM are passed on to the command.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"chargeback/infra/dynamodblocal"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: with-dynamodb -- COMMAND [ARG...]")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	if cmd.Err != nil { // not found on PATH: fail before starting anything
		fmt.Fprintln(os.Stderr, "with-dynamodb:", cmd.Err)
		return 127
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		server, err := dynamodblocal.Start(ctx, dynamodblocal.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, "with-dynamodb:", err)
			return 1
		}
		defer func() {
			if err := server.Stop(); err != nil {
				fmt.Fprintln(os.Stderr, "with-dynamodb:", err)
			}
		}()
		endpoint = server.Endpoint()
		fmt.Fprintln(os.Stderr, "DynamoDB Local at", endpoint)
	} else {
		fmt.Fprintln(os.Stderr, "DynamoDB at", endpoint, "(DYNAMODB_ENDPOINT was set; starting nothing)")
	}

	cmd.Env = append(os.Environ(), "DYNAMODB_ENDPOINT="+endpoint)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "with-dynamodb:", err)
		return 127
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case sig := <-signals: // the command decides when to exit
			_ = cmd.Process.Signal(sig)
		case err := <-done:
			return exitCode(err)
		}
	}
}

// exitCode turns the command's Wait error into this program's exit code:
// the command's own, or 128 plus the signal that killed it, as shells do.
func exitCode(err error) int {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		if err != nil {
			fmt.Fprintln(os.Stderr, "with-dynamodb:", err)
			return 1
		}
		return 0
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return exit.ExitCode()
}
