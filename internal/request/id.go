package request

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"time"
)

// crockford is the ULID alphabet.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ValidID reports whether s could be an id NewID made.
func ValidID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for i := range len(s) {
		if strings.IndexByte(crockford, s[i]) < 0 {
			return false
		}
	}
	return true
}

// NewID returns a ULID: 48 bits of milliseconds and 80 random bits in 26
// characters, so ids sort roughly by creation time and never collide.
func NewID(t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	out := make([]byte, 26)
	// 128 bits in 26 five-bit groups, the first group holding 3 bits.
	var acc uint64
	bits, i := 2, 0 // two zero pad bits make 130 = 26 × 5
	for _, x := range b {
		acc = acc<<8 | uint64(x)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out[i] = crockford[(acc>>uint(bits))&31]
			i++
		}
	}
	return string(out)
}
