package idempotency

import (
	"testing"
	"time"

	"chargeback/internal/errs"
)

func TestScopeSeparatesRoutesCallersAndKeys(t *testing.T) {
	scopes := map[string]string{}
	for _, triple := range [][3]string{
		{"POST /v1/requests", "dana", "k1"},
		{"POST /v1/requests", "dana", "k2"},
		{"POST /v1/requests", "pat", "k1"},
		{"POST /v1/adjustments", "dana", "k1"},
		// Moving characters between parts must not collide.
		{"POST /v1/requests", "dan", "ak1"},
		{"POST /v1/requestsd", "ana", "k1"},
	} {
		s := Scope(triple[0], triple[1], triple[2])
		if other, dup := scopes[s]; dup {
			t.Errorf("%v and %s share a scope", triple, other)
		}
		scopes[s] = triple[0] + "|" + triple[1] + "|" + triple[2]
	}
}

func TestNew(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if o, err := New("r", "s", "", []string{"a"}, Reply{}, now); o != nil || err != nil {
		t.Errorf("no key: got %v %v, want nil nil", o, err)
	}
	long := string(make([]byte, MaxKey+1))
	if _, err := New("r", "s", long, nil, Reply{}, now); !errs.Is(err, errs.Invalid) {
		t.Errorf("long key: got %v, want invalid", err)
	}
	o, err := New("r", "s", "k", []string{"a", "1"}, Reply{Status: 201}, now)
	if err != nil || !o.ExpiresAt().Equal(now.Add(TTL)) {
		t.Fatalf("got %+v %v", o, err)
	}
	if r, err := o.Replay(Fingerprint("a", "1"), Reply{Status: 201, Body: "first"}); err != nil || r.Body != "first" {
		t.Errorf("same body: got %v %v, want the stored reply", r, err)
	}
	if _, err := o.Replay(Fingerprint("a", "2"), Reply{Status: 201}); err != ErrKeyReused {
		t.Errorf("other body: got %v, want ErrKeyReused", err)
	}
	if Fingerprint("a", "bc") == Fingerprint("ab", "c") {
		t.Error("fingerprints of different parts collide")
	}
}
