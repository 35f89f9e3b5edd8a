package httpapi

import (
	"context"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/request"
)

// Store is what the API needs from storage; *dynamo.Store provides it. The
// catalog routes need none of it, so the catalog function passes nil.
type Store interface {
	GetRequest(ctx context.Context, id string) (*dynamo.Stored, error)
	CreateRequest(ctx context.Context, r *request.Request, replay *dynamo.Replay, now time.Time) error
	SaveRequest(ctx context.Context, r *dynamo.Stored, prev dynamo.Prev, lines []billing.Line, month string) error
	ListRequests(ctx context.Context, q dynamo.RequestQuery) (dynamo.RequestPage, error)
	Replay(ctx context.Context, scope string, now time.Time) (*dynamo.Replay, error)
}
