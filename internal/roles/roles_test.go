package roles_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/roles"
)

func TestParseGroups(t *testing.T) {
	tests := []struct {
		name, setting string
		want          map[string]string
		wantErr       string
	}{
		{"empty: each role by its own name", "", map[string]string{"requester": "requester", "fulfiller": "fulfiller", "finance": "finance", "leadership": "leadership"}, ""},
		{"mapped roles lose their own name", "finance=it-finance, leadership=it-leaders",
			map[string]string{"requester": "requester", "fulfiller": "fulfiller", "it-finance": "finance", "it-leaders": "leadership"}, ""},
		{"a role may repeat", "fulfiller=service-desk,fulfiller=field-it",
			map[string]string{"requester": "requester", "service-desk": "fulfiller", "field-it": "fulfiller", "finance": "finance", "leadership": "leadership"}, ""},
		{"blank pairs are skipped", ",finance=f,,", map[string]string{"requester": "requester", "fulfiller": "fulfiller", "f": "finance", "leadership": "leadership"}, ""},
		{"not a role", "admin=it-admins", nil, `"admin" is not a role`},
		{"no group", "finance", nil, "is not role=group"},
		{"empty group", "finance=", nil, "is not role=group"},
		{"one group, two roles", "finance=x,leadership=x", nil, `group "x" grants both`},
		{"a role's name given to another role", "finance=leadership", nil, `group "leadership" grants finance`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roles.ParseGroups(tt.setting)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, %v; want an error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
		})
	}
}
