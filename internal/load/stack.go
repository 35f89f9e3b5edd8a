package load

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"chargeback/catalog"
	"chargeback/infra/dynamodblocal"
	"chargeback/infra/local"
	"chargeback/internal/dynamo"
	"chargeback/internal/httpapi"
)

// stack is what a run stands on: DynamoDB (Local, when started here), a
// fresh table, and the API served over it through the local gateway on
// 127.0.0.1.
type stack struct {
	ddb      *dynamodblocal.Server // nil when an endpoint was given
	endpoint string
	client   *dynamodb.Client // the raw twins' own client
	table    string
	srv      *http.Server
	url      string
	secret   string
}

// startStack starts DynamoDB Local in memory unless endpoint names one,
// creates the table and serves the API as `make run` wires it, with
// its request log discarded. conns is how many callers there will be at
// once.
func startStack(ctx context.Context, endpoint string, cfg httpapi.Config, conns int) (_ *stack, err error) {
	s := &stack{secret: randomHex(16)}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if endpoint == "" {
		if s.ddb, err = dynamodblocal.Start(ctx, dynamodblocal.Options{}); err != nil {
			return nil, fmt.Errorf("start DynamoDB Local: %w", err)
		}
		endpoint = s.ddb.Endpoint()
	}
	s.endpoint = endpoint
	// The API and the raw twins each have a client as `make run` builds
	// it, so neither borrows the other's connections, except that each
	// keeps enough idle connections for every worker: one process serves
	// all the calls here, where in Lambda each instance serves one at a
	// time, and a call should not pay for a new connection because fifty
	// others finished just before it.
	apiClient := dynamo.NewLocalClient(endpoint, keepConns(conns))
	s.client = dynamo.NewLocalClient(endpoint, keepConns(conns))
	s.table = fmt.Sprintf("load-%d-%s", time.Now().Unix(), randomHex(3))
	if err := dynamo.EnsureTable(ctx, s.client, s.table); err != nil {
		return nil, err
	}

	quiet := slog.New(slog.NewJSONHandler(io.Discard, nil))
	api := httpapi.New(cfg, catalog.Load(), dynamo.New(apiClient, s.table), time.Now, quiet)
	gw := local.NewGateway(api, s.secret)
	gw.Log = quiet
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: gw, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go func() {
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			quiet.Error("serve", "error", err)
		}
	}()
	return s, nil
}

// close stops the server, deletes the table and stops DynamoDB Local
// when it was started here.
func (s *stack) close() {
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.srv.Shutdown(ctx)
		cancel()
	}
	if s.table != "" {
		_, _ = s.client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(s.table)})
	}
	if s.ddb != nil {
		_ = s.ddb.Stop()
	}
}

// keepConns makes a DynamoDB client keep up to n idle connections (a
// report makes four calls at once).
func keepConns(n int) func(*dynamodb.Options) {
	return func(o *dynamodb.Options) {
		o.HTTPClient = awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
			tr.MaxIdleConns = 4 * n
			tr.MaxIdleConnsPerHost = 4 * n
		})
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
