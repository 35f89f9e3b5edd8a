package httpapi

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/errs"
)

// FuzzPageCursor pages a list of n items with any cursor and limit, as the
// catalog lists do. A bad cursor or limit is a 400 naming it; a good one
// gives a run of at most limit items in order, and a next cursor exactly
// when items remain, which itself pages on from where this page ended.
func FuzzPageCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, cursor, limit string, n uint16) {
		items := make([]int, int(n)%1000)
		for i := range items {
			items[i] = i
		}
		page, err := pageSlice(pageCall(cursor, limit), items)
		if err != nil {
			checkBadRequest(t, err)
			if e := err.(*errs.Error); len(e.Fields) != 1 || (e.Fields[0].Field != "cursor" && e.Fields[0].Field != "limit") {
				t.Fatalf("got %v, want a problem naming cursor or limit", err)
			}
			return
		}
		size, _ := pageCall("", limit).limit()
		start := len(items)
		if len(page.Items) > 0 {
			start = page.Items[0]
		}
		for i, v := range page.Items {
			if v != start+i {
				t.Fatalf("cursor %q: page %v is not a run of the list", cursor, page.Items)
			}
		}
		end := start + len(page.Items)
		switch {
		case len(page.Items) > size:
			t.Fatalf("limit %q: got %d items", limit, len(page.Items))
		case (page.NextCursor != "") != (end < len(items)):
			t.Fatalf("cursor %q: page ends at %d of %d with next cursor %q", cursor, end, len(items), page.NextCursor)
		case page.NextCursor == "":
			return
		}
		next, err := pageSlice(pageCall(page.NextCursor, limit), items)
		if err != nil || len(next.Items) == 0 || next.Items[0] != end {
			t.Fatalf("next cursor %q: got %v (%v), want the page from %d", page.NextCursor, next.Items, err, end)
		}
	})
}

// pageCall is a call with the cursor and limit query parameters.
func pageCall(cursor, limit string) *call {
	q := map[string]string{}
	if cursor != "" {
		q["cursor"] = cursor
	}
	if limit != "" {
		q["limit"] = limit
	}
	return &call{ev: &events.APIGatewayV2HTTPRequest{QueryStringParameters: q}}
}
