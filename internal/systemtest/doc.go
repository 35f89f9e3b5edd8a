// Package systemtest runs the long tests of the whole system: real calls
// through httpapi.Handler.Handle, as API Gateway sends them, on DynamoDB
// Local, the same code Lambda runs. It has tests only:
//
//   - authz_matrix_test.go: every route as every kind of caller, on real
//     data, against the status SPEC gives (and the README's copy of the
//     matrix, which -update rewrites);
//   - faults_test.go: a scripted month under injected DynamoDB faults
//     (internal/faulttest), with a client that retries, whose outcome must
//     equal the fault-free run's;
//   - finance_race_test.go: a month's close raced by late fulfilments,
//     adjustments and other closes, and closed months that stay
//     byte-identical;
//   - logs_test.go: the request log carries no token or free text, and a
//     5xx logs its cause and request id.
//
// A plain go test skips them and says why; make test runs them on DynamoDB
// Local. They share apitest's helpers with httpapi's own tests.
package systemtest
