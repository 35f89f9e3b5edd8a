package local

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/httpapi"
)

// rawToken signs a token whose header and claims are given as raw JSON, so
// a test can send what Sign would never produce.
func rawToken(t *testing.T, key, header, claims string) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	unsigned := enc([]byte(header)) + "." + enc([]byte(claims))
	return unsigned + "." + signature(key, unsigned)
}

func TestVerifyRefusesHostileTokens(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	hs256 := `{"alg":"HS256","typ":"JWT"}`
	claims := func(s string) string { return rawToken(t, secret, hs256, s) }
	tests := []struct {
		name  string
		token string
		want  bool // accepted
	}{
		{"a good token", claims(`{"sub":"dana"}`), true},

		{"exp in the future", claims(`{"sub":"dana","exp":1800000001}`), true},
		{"exp now", claims(`{"sub":"dana","exp":1800000000}`), false},
		{"exp in the past", claims(`{"sub":"dana","exp":1799999999}`), false},
		{"exp a fraction into the current second", claims(`{"sub":"dana","exp":1800000000.5}`), false},
		{"exp zero", claims(`{"sub":"dana","exp":0}`), false},
		{"exp negative and huge", claims(`{"sub":"dana","exp":-1e300}`), false},
		{"exp beyond int64", claims(`{"sub":"dana","exp":1e300}`), true},
		{"exp a numeric string", claims(`{"sub":"dana","exp":"1"}`), false},
		{"exp a future numeric string", claims(`{"sub":"dana","exp":"4102444800"}`), false},
		{"exp null", claims(`{"sub":"dana","exp":null}`), false},
		{"exp true", claims(`{"sub":"dana","exp":true}`), false},
		{"exp false", claims(`{"sub":"dana","exp":false}`), false},
		{"exp an object", claims(`{"sub":"dana","exp":{"at":4102444800}}`), false},
		{"exp an array", claims(`{"sub":"dana","exp":[4102444800]}`), false},

		{"nbf in the past", claims(`{"sub":"dana","nbf":1799999999}`), true},
		{"nbf now", claims(`{"sub":"dana","nbf":1800000000}`), true},
		{"nbf in the future", claims(`{"sub":"dana","nbf":1800000001}`), false},
		{"nbf a fraction into the next second", claims(`{"sub":"dana","nbf":1800000000.5}`), false},
		{"nbf far in the future", claims(`{"sub":"dana","nbf":1e300}`), false},
		{"nbf negative and huge", claims(`{"sub":"dana","nbf":-1e300}`), true},
		{"nbf a numeric string", claims(`{"sub":"dana","nbf":"1"}`), false},
		{"nbf null", claims(`{"sub":"dana","nbf":null}`), false},
		{"nbf an array", claims(`{"sub":"dana","nbf":[1]}`), false},
		{"nbf past, exp future", claims(`{"sub":"dana","nbf":1799999999,"exp":1800000001}`), true},

		{"no sub", claims(`{"groups":["finance"]}`), false},
		{"sub empty", claims(`{"sub":""}`), false},
		{"sub blank", claims(`{"sub":"   "}`), false},
		{"sub tabs and newlines", claims(`{"sub":"\t\n\r"}`), false},
		{"sub unicode spaces", claims(`{"sub":"\u00a0\u2003"}`), false},
		{"sub a number", claims(`{"sub":42}`), false},
		{"sub null", claims(`{"sub":null}`), false},
		{"sub true", claims(`{"sub":true}`), false},
		{"sub an array", claims(`{"sub":["dana"]}`), false},
		{"sub an object", claims(`{"sub":{"id":"dana"}}`), false},
		{"sub of 256 characters", claims(`{"sub":"` + strings.Repeat("a", 256) + `"}`), true},
		{"sub of 257 characters", claims(`{"sub":"` + strings.Repeat("a", 257) + `"}`), false},
		{"sub of 256 two-byte characters", claims(`{"sub":"` + strings.Repeat("é", 256) + `"}`), true},
		{"sub of 257 two-byte characters", claims(`{"sub":"` + strings.Repeat("é", 257) + `"}`), false},
		{"sub of a megabyte", claims(`{"sub":"` + strings.Repeat("a", 1<<20) + `"}`), false},

		{"alg none", rawToken(t, secret, `{"alg":"none"}`, `{"sub":"dana"}`), false},
		{"alg none, no signature", strings.TrimRight(rawToken(t, secret, `{"alg":"none"}`, `{"sub":"dana"}`), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"), false},
		{"alg HS512", rawToken(t, secret, `{"alg":"HS512"}`, `{"sub":"dana"}`), false},
		{"alg in lower case", rawToken(t, secret, `{"alg":"hs256"}`, `{"sub":"dana"}`), false},
		{"header not JSON", rawToken(t, secret, `HS256`, `{"sub":"dana"}`), false},
		{"wrong secret", rawToken(t, "other", hs256, `{"sub":"dana"}`), false},
		{"claims not JSON", claims(`sub=dana`), false},
		{"claims a JSON array", claims(`[{"sub":"dana"}]`), false},
		{"claims null", claims(`null`), false},
		{"empty", "", false},
		{"two parts", "a.b", false},
		{"four parts", claims(`{"sub":"dana"}`) + ".x", false},
		{"padded base64", strings.Replace(claims(`{"sub":"dana"}`), ".", "=.", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Verify(secret, tt.token, now)
			if got := err == nil; got != tt.want {
				t.Errorf("accepted: got %v, want %v (err %v)", got, tt.want, err)
			}
		})
	}
}

func TestVerifyPassesArrayClaimsSoTheyReadBack(t *testing.T) {
	tests := []struct {
		name   string
		groups []any
		want   string   // the flattened claim
		roles  []string // what httpapi.ParseList reads from it
	}{
		{"plain words", []any{"finance", "leadership"}, "[finance leadership]", []string{"finance", "leadership"}},
		{"one word", []any{"requester"}, "[requester]", []string{"requester"}},
		{"empty", []any{}, "[]", []string{}},
		{"markup is a plain word", []any{"<b>&"}, "[<b>&]", []string{"<b>&"}},
		{"numbers and booleans as today", []any{1, 2.5, true}, "[1 2.5 true]", []string{"1", "2.5", "true"}},
		{"null as today", []any{nil, "requester"}, "[<nil> requester]", []string{"<nil>", "requester"}},
		{"a space", []any{"finance readonly"}, `["finance readonly"]`, []string{"finance readonly"}},
		{"a space beside a role", []any{"requester", "finance readonly"}, `["requester","finance readonly"]`, []string{"requester", "finance readonly"}},
		{"a comma", []any{"x,fulfiller"}, `["x,fulfiller"]`, []string{"x,fulfiller"}},
		{"a tab", []any{"finance\tops"}, `["finance\tops"]`, []string{"finance\tops"}},
		{"a newline", []any{"finance\nops"}, `["finance\nops"]`, []string{"finance\nops"}},
		{"a no-break space", []any{"finance\u00a0ops"}, "[\"finance\u00a0ops\"]", []string{"finance\u00a0ops"}},
		{"brackets", []any{"[finance]"}, `["[finance]"]`, []string{"[finance]"}},
		{"a closing bracket", []any{"x]", "fulfiller"}, `["x]","fulfiller"]`, []string{"x]", "fulfiller"}},
		{"quotes", []any{`"finance"`}, `["\"finance\""]`, []string{`"finance"`}},
		{"a JSON array inside", []any{`["finance"]`}, `["[\"finance\"]"]`, []string{`["finance"]`}},
		{"an empty element", []any{"", "requester"}, `["","requester"]`, []string{"", "requester"}},
		{"the word null", []any{"null"}, `["null"]`, []string{"null"}},
		{"a nested array", []any{[]any{"finance", "leadership"}}, `["[finance leadership]"]`, []string{"[finance leadership]"}},
		{"an object", []any{map[string]any{"role": "finance"}}, `["map[role:finance]"]`, []string{"map[role:finance]"}},
		{"a number beside a space", []any{1.5, "a b"}, `["1.5","a b"]`, []string{"1.5", "a b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, err := Verify(secret, token(t, secret, map[string]any{"sub": "lee", "groups": tt.groups}), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if got := claims["groups"]; got != tt.want {
				t.Errorf("groups: got %q, want %q", got, tt.want)
			}
			if diff := cmp.Diff(tt.roles, httpapi.ParseList(claims["groups"])); diff != "" {
				t.Errorf("roles read back (-want +got):\n%s", diff)
			}
		})
	}
}
