// Package load is `make load`: a bounded load run of the local API on
// loopback, with its correctness checked afterwards and its latency held
// against the DynamoDB calls it is made of.
//
// Run starts DynamoDB Local in memory (unless an endpoint is given),
// creates a fresh table, and serves the real handlers through the local
// API Gateway (infra/local) on 127.0.0.1. Worker goroutines, one per
// simulated department client, then file requests for one-time and
// monthly services, fulfil them as IT, read their department's statement
// and read the service report as leadership, until a count or a duration
// cap is reached, whichever comes first. Each API call is paired with its
// raw twin: the DynamoDB calls its route makes, issued straight through
// the SDK on the same DynamoDB Local, at the same moment of the run and so
// against the same amount of data and the same contention. The route's
// median over the twin's median is what the 1.5× target holds. The first
// seconds (the warm-up, while DynamoDB Local's JVM compiles) are called
// and checked but not timed. After the run one client calls each route
// and its twin by itself a few times, which shows what the API adds to
// the DynamoDB calls when no queue hides it.
//
// The catalog has fewer active departments than the fifty clients a run
// simulates by default, so the clients are dealt over them in turn (four
// or so per department), each with its own department head's token.
//
// Then the check reads back every department's requests and statements,
// the month's statement list and its service report, and reports any
// request lost or duplicated, any charge missing, doubled or mispriced,
// and any total that does not reconcile (Result.Check).
package load
