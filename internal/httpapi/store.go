package httpapi

import (
	"context"

	"chargeback/internal/billing"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// Store is what the API needs from storage, in the domain's terms; the
// DynamoDB store provides it. The catalog routes need none of it, so the
// catalog function passes nil and links no AWS SDK.
type Store interface {
	// GetRequest reads a request with its history; with dept set, another
	// department's request is not found.
	GetRequest(ctx context.Context, id, dept string) (*request.Request, error)
	// CreateRequest writes a new request; with once, a retry gets the first
	// reply back (non-nil) instead.
	CreateRequest(ctx context.Context, r *request.Request, once *idempotency.Once) (*idempotency.Reply, error)
	// ChangeRequest applies a lifecycle change to the request as stored,
	// with whatever it posts, exactly once.
	ChangeRequest(ctx context.Context, id, dept string, change func(*request.Request) (billing.Posting, error)) (*request.Request, error)
	// ListRequests answers a query one page at a time.
	ListRequests(ctx context.Context, q request.Query) (request.Page, error)
}
