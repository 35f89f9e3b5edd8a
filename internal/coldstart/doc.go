// Package coldstart measures how long each Lambda binary takes to start,
// without AWS.
//
// A Runtime stands in for the Lambda Runtime API on loopback. Measure
// starts a binary with the environment Lambda gives it and times the span
// from spawn to its first GET /2018-06-01/runtime/invocation/next: the
// binary's init, the part of a cold start that the code decides. Build
// compiles binaries with the Makefile's LAMBDA_FLAGS, and Summarize,
// WriteTable and Check turn the samples into the figures `make coldstart`
// prints and the limits it may enforce.
//
// The figures are compared with a bare aws-lambda-go binary (package bare
// beside this one) built the same way, so that the ratio, not the host's
// speed, is what a limit holds.
package coldstart
