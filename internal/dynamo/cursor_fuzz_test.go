package dynamo

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// cursorLists are the three lists of requests a cursor may belong to.
var cursorLists = []struct {
	idx requestIndex
	pk  string
}{
	{allRequests, allRequestsPK},
	{byDepartment, departmentPK("radiology")},
	{openRequests, openPK},
}

// FuzzCursor decodes any text as the cursor of each list of requests. A
// cursor is refused as a 400 naming the cursor field, or it is exactly the
// start key of a request item of that one list (its table and index keys,
// all strings, for a well-formed request id), which encodes back to a
// cursor that decodes to the same key. DynamoDB never sees a start key a
// client made up.
func FuzzCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		accepted := 0
		for _, l := range cursorLists {
			key, err := decodeCursor(s, l.idx, l.pk)
			switch {
			case s == "":
				if key != nil || err != nil {
					t.Fatalf("an empty cursor: got %v, %v, want the first page", key, err)
				}
				continue
			case err != nil:
				var e *errs.Error
				if !errors.As(err, &e) || e.Kind != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" || key != nil {
					t.Fatalf("cursor %q: got %v, want a problem naming cursor", s, err)
				}
				continue
			}
			accepted++
			checkStartKey(t, s, l.idx, l.pk, key)
			again, err := decodeCursor(encodeCursor(l.idx, l.pk, key), l.idx, l.pk)
			if err != nil || !maps.EqualFunc(key, again, func(a, b types.AttributeValue) bool {
				return a.(*types.AttributeValueMemberS).Value == b.(*types.AttributeValueMemberS).Value
			}) {
				t.Fatalf("cursor %q: the key %v does not encode back to itself (%v)", s, key, err)
			}
		}
		if accepted > 1 {
			t.Fatalf("cursor %q is accepted by %d lists, want one at most", s, accepted)
		}
	})
}

// checkStartKey fails unless key is the key of a request item of the list.
func checkStartKey(t *testing.T, s string, idx requestIndex, pk string, key map[string]types.AttributeValue) {
	t.Helper()
	str := func(name string) string {
		v, ok := key[name].(*types.AttributeValueMemberS)
		if !ok {
			t.Fatalf("cursor %q: the start key %v has no string %s", s, key, name)
		}
		return v.Value
	}
	id, isRequest := strings.CutPrefix(str(attrPK), requestPrefix)
	created, orderID, _ := strings.Cut(str(idx.skAttr), "#")
	switch {
	case len(key) != 4:
		t.Fatalf("cursor %q: the start key %v has %d attributes, want 4", s, key, len(key))
	case !isRequest || !request.ValidID(id) || orderID != id:
		t.Fatalf("cursor %q: the start key %v is not a request's", s, key)
	case str(attrSK) != requestSK || str(idx.pkAttr) != pk || len(created) != len(timeLayout):
		t.Fatalf("cursor %q: the start key %v is not of the list %s %s", s, key, idx.name, pk)
	}
}
