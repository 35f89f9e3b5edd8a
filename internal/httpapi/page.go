package httpapi

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// The page sizes of list responses.
const (
	defaultLimit = 50
	maxLimit     = 200
)

// limit reads the limit query parameter.
func (c *call) limit() (int, error) {
	s := c.query("limit")
	if s == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badQuery("limit", "must be a whole number from 1 to %d", maxLimit)
	}
	return n, nil
}

// offsetPrefix marks cursors over in-memory lists.
const offsetPrefix = "o:"

// pageSlice pages an in-memory list with an opaque offset cursor.
func pageSlice[T any](c *call, items []T) (list[T], error) {
	limit, err := c.limit()
	if err != nil {
		return list[T]{}, err
	}
	start := 0
	if cur := c.query("cursor"); cur != "" {
		raw, err := base64.RawURLEncoding.DecodeString(cur)
		n, convErr := strconv.Atoi(strings.TrimPrefix(string(raw), offsetPrefix))
		if err != nil || convErr != nil || !strings.HasPrefix(string(raw), offsetPrefix) || n < 0 || n > len(items) {
			return list[T]{}, badQuery("cursor", "is not a cursor this list gave out")
		}
		start = n
	}
	end := min(start+limit, len(items))
	page := list[T]{Items: items[start:end]}
	if page.Items == nil {
		page.Items = []T{}
	}
	if end < len(items) {
		page.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(offsetPrefix + strconv.Itoa(end)))
	}
	return page, nil
}
