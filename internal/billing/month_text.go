package billing

// MarshalText writes the month as YYYY-MM (the zero Month as nothing), so
// that a Month travels in JSON as the API writes it.
func (m Month) MarshalText() ([]byte, error) {
	if m.IsZero() {
		return nil, nil
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a month written YYYY-MM, or nothing for the zero
// Month.
func (m *Month) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Month{}
		return nil
	}
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
