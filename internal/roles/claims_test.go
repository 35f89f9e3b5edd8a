package roles

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClaimsFromEnv(t *testing.T) {
	own := map[string]string{Requester: Requester, Fulfiller: Fulfiller, Finance: Finance, Leadership: Leadership}
	tests := []struct {
		name    string
		env     map[string]string
		want    Claims
		wantErr bool
	}{
		{"defaults", nil, Claims{Groups: "groups", Department: "department", RoleGroups: own}, false},
		{"an identity provider's names, spaces trimmed", map[string]string{"CHARGEBACK_GROUPS_CLAIM": " cognito:groups ", "CHARGEBACK_DEPARTMENT_CLAIM": "custom:department"},
			Claims{Groups: "cognito:groups", Department: "custom:department", RoleGroups: own}, false},
		{"blank is the default", map[string]string{"CHARGEBACK_GROUPS_CLAIM": "   "}, Claims{Groups: "groups", Department: "department", RoleGroups: own}, false},
		{"a bad mapping", map[string]string{"CHARGEBACK_ROLE_GROUPS": "admin=it"}, Claims{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ClaimsFromEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ClaimsFromEnv mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
