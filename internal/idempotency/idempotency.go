// Package idempotency is what makes a write safe to retry: an
// Idempotency-Key's scope (route, caller and key), a fingerprint of what
// the body asks for, and the first reply, stored so that a retry with the
// same key and body gets it again. It knows nothing of HTTP or storage:
// the API renders replies, the store keeps them.
package idempotency

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"chargeback/internal/errs"
)

// TTL is how long a first reply is replayed.
const TTL = 24 * time.Hour

// MaxKey is the longest Idempotency-Key accepted, in bytes.
const MaxKey = 255

// Reply is a response as it was first given.
type Reply struct {
	Status  int
	Body    string
	Headers map[string]string
}

// Once is one write made with an Idempotency-Key: what identifies it, and
// the reply to store with it.
type Once struct {
	// Scope identifies the key: a hash of the route, the caller and the key,
	// so keys never collide across routes or callers.
	Scope string
	// BodyHash identifies what the body asks for.
	BodyHash string
	// Reply is the response to give now and to every retry.
	Reply Reply
	// At is when the write is made; its reply is replayed until At + TTL.
	At time.Time
}

// ExpiresAt is when the stored reply stops being replayed.
func (o *Once) ExpiresAt() time.Time { return o.At.Add(TTL) }

// New returns the Once for a write on route by subject with key, whose body
// asks for what parts say (compared by content, so 1 and "1.00" can be
// the same quantity), replying reply from now on. It returns nil when key
// is empty: the write is not idempotent. A key over MaxKey bytes is an
// invalid header.
func New(route, subject, key string, parts []string, reply Reply, now time.Time) (*Once, error) {
	if key == "" {
		return nil, nil
	}
	if len(key) > MaxKey {
		return nil, errs.Field("Idempotency-Key", "may be at most %d characters", MaxKey)
	}
	return &Once{Scope: Scope(route, subject, key), BodyHash: Fingerprint(parts...), Reply: reply, At: now}, nil
}

// Scope names an Idempotency-Key's record. The parts are hashed with their
// lengths, so no two different triples share a scope.
func Scope(route, subject, key string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d:%s%d:%s%d:%s", len(route), route, len(subject), subject, len(key), key))
	return hex.EncodeToString(sum[:])
}

// Fingerprint identifies a body by the values it asks for.
func Fingerprint(parts ...string) string {
	b, _ := json.Marshal(parts)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ErrKeyReused is the answer to a key first used with another body.
var ErrKeyReused = errs.New(errs.Unprocessable, "this Idempotency-Key was already used with a different body").WithCode("idempotency_key_reused")

// Replay is the reply to give for a retry of o, given what is stored for
// its scope: the stored reply, or ErrKeyReused when the body differs.
func (o *Once) Replay(storedHash string, stored Reply) (*Reply, error) {
	if storedHash != o.BodyHash {
		return nil, ErrKeyReused
	}
	return &stored, nil
}
