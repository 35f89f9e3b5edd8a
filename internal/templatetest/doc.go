// Package templatetest holds template.yaml (and docs/openapi.yaml) to the
// code they describe. It has tests only:
//
//   - code_test.go: the template's routes equal the code's route table, the
//     OpenAPI document covers every route, and the table equals
//     dynamo.TableDefinition;
//   - policy_test.go: each function's IAM policy is least privilege;
//   - events_test.go: the table's stream, the events function's grants,
//     its dead-letter queue and alarms, the schema registry against
//     docs/events, and delivery by rules only;
//   - review_test.go: what a serverless review asks of the template (no
//     wildcards, per-function access, tables that survive mistakes, logs
//     that expire, the authorizer on every route, alarms, a dead-letter
//     target for the scheduled close, gradual deploys).
//
// They read the template from the repository root and need no AWS and no
// DynamoDB Local. Every new route, index or policy joins them.
//
// They live here rather than in httpapi because they test the template,
// not the HTTP API, and a Go package cannot sit beside template.yaml at
// the repository root without making the root a package of its own.
package templatetest
