package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"chargeback/catalog"
	"chargeback/infra/dynamodblocal"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/httpapi"
	"chargeback/internal/workbook"
	"chargeback/internal/workbook/xlsx"
)

// Run is `make run`: it starts DynamoDB Local (unless DYNAMODB_ENDPOINT
// names one), creates the table, files the sample requests and serves the
// whole API on 127.0.0.1:$PORT until ctx ends. It reads its settings with
// getenv and prints the welcome to out.
func Run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	started := time.Now()
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	cfg, err := httpapi.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	endpoint, checkpoints := getenv("DYNAMODB_ENDPOINT"), ""
	if endpoint == "" {
		dir := env("CHARGEBACK_STATE", ".local/dynamodb")
		if dir == "memory" {
			dir = ""
		} else {
			// Where the stream was read to stays with the data it reads.
			checkpoints = filepath.Join(dir, "stream-checkpoints.json")
		}
		ddb, err := dynamodblocal.Start(ctx, dynamodblocal.Options{Dir: dir})
		if err != nil {
			return fmt.Errorf("start DynamoDB Local: %w", err)
		}
		defer ddb.Stop()
		endpoint = ddb.Endpoint()
	}
	client := dynamo.NewLocalClient(endpoint)
	table := env("TABLE_NAME", "chargeback")
	if err := dynamo.EnsureTable(ctx, client, table); err != nil {
		return err
	}

	clock := &Clock{}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	store := dynamo.New(client, table)
	// The stream is read from here on, so the sample data's events reach
	// the bus too; Run returns once the reader stopped.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	events, err := StartOutbox(ctx, OutboxConfig{
		Endpoint: endpoint, Client: client, Table: table, Store: store, Now: clock.Now,
		Checkpoints: checkpoints, Webhook: getenv("CHARGEBACK_LOCAL_WEBHOOK"), Log: log,
	})
	if err != nil {
		return err
	}
	defer func() {
		stop()
		events.Wait()
	}()
	// The workbook is written in process here; in Lambda, by the exports function.
	api := httpapi.New(cfg, catalog.Load(), store, clock.Now, log).WithWorkbooks(workbook.Builder(xlsx.Build))
	secret := env("CHARGEBACK_DEV_JWT_SECRET", "local-dev-secret")
	gw := NewGateway(api, secret)
	if getenv("CHARGEBACK_FAKE_CLOCK") == "1" {
		gw.Clock, gw.Events, gw.SLAWatch = clock, events.Bus, events.SLAWatch
	}
	gw.Log = log
	if err := gw.ServePortal(getenv, secret, log); err != nil {
		return err
	}

	month := billing.MonthOf(clock.Now(), cfg.Location)
	welcome := Welcome{DynamoDB: endpoint, Month: month, Events: gw.Events != nil, Webhook: getenv("CHARGEBACK_LOCAL_WEBHOOK") != ""}
	if getenv("CHARGEBACK_SEED") != "0" {
		if welcome.Filed, err = gw.Seed(secret, month, cfg.FiscalYearStart); err != nil {
			return err
		}
	}
	if welcome.Samples, err = gw.Samples(secret); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:"+env("PORT", "3000"))
	if err != nil {
		return err
	}
	srv := newHTTPServer(gw, serverLimits)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	welcome.Addr, welcome.Took = "http://"+ln.Addr().String(), time.Since(started)
	if err := welcome.Print(out, secret, time.Now()); err != nil {
		return err
	}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
