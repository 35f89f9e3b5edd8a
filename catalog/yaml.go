package catalog

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// decodeFile decodes data, which must hold exactly one YAML document, into
// out strictly: a key that out does not declare is an error. It reports
// every problem through r, which names the whole file, and returns false
// when there was one.
//
// out declares its entries as yaml.Node values, read later by fields, which
// is also strict, so each entry's problems can name the entry's id.
func decodeFile(r *reporter, data []byte, out any) bool {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(out)
	if errors.Is(err, io.EOF) {
		r.report("", 0, "is empty")
		return false
	}
	if err != nil {
		reportYAMLError(r, err)
		return false
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		r.report("", next.Line, "must hold exactly one YAML document")
		return false
	}
	return true
}

// entries returns the items of n, the value of a file's top-level key: a
// non-empty list of entries of the given kind, such as "service".
func entries(r *reporter, key, kind string, n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	switch {
	case n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null"):
		r.report(key, n.Line, "must list at least one %s", kind)
	case n.Kind != yaml.SequenceNode:
		r.report(key, n.Line, "must be a list of %ss", kind)
	case len(n.Content) == 0:
		r.report(key, n.Line, "must list at least one %s", kind)
	default:
		return n.Content
	}
	return nil
}

// yamlLine matches the "line N: " prefix of a yaml.v3 message.
var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// reportYAMLError turns a yaml.v3 syntax or type error into problems, each
// with its line number, without the Go type names yaml.v3 mentions.
func reportYAMLError(r *reporter, err error) {
	msgs := []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, msg := range msgs {
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		if strings.HasPrefix(msg, "cannot unmarshal") {
			// Entries decode as yaml.Node, so only a root that is not a
			// mapping fails to fit the file's struct.
			r.report("", line, "must be a mapping at the top level")
			continue
		}
		msg, _, _ = strings.Cut(msg, " in type ")
		if name, ok := strings.CutPrefix(msg, "field "); ok && strings.HasSuffix(name, " not found") {
			r.report(strings.TrimSuffix(name, " not found"), line, "unknown field")
			continue
		}
		r.report("", line, "%s", msg)
	}
}

// fields reads one YAML mapping, such as a service or one of its prices,
// key by key. Each read marks its key as known and reports a problem when
// the value is missing or malformed; done then reports every key nobody
// read, which makes the reading strict.
//
// Decoding entries into structs instead would lose what the messages name:
// Node.Decode ignores KnownFields, a strict decode of the whole file gives
// only a line for an unknown or repeated key (not the entry, nor which price
// of a one-line list), and yaml.v3 reads "yes" as true, truncates 12.5 into
// an int and stops at the first unparsable decimal.
type fields struct {
	r      *reporter
	prefix string       // path of the mapping, such as "prices[1].", or ""
	line   int          // line the mapping starts on
	keys   []*yaml.Node // in file order, each name once
	dups   []*yaml.Node // keys set a second time
	values map[string]*yaml.Node
	read   map[string]bool
}

// newFields starts reading n, reporting through r with field paths that
// start with prefix. It reports and returns false when n is not a mapping.
func newFields(r *reporter, prefix string, n *yaml.Node) (*fields, bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		r.report(strings.TrimSuffix(prefix, "."), n.Line, "must be a mapping of field: value")
		return nil, false
	}
	f := &fields{
		r:      r,
		prefix: prefix,
		line:   n.Line,
		values: make(map[string]*yaml.Node, len(n.Content)/2),
		read:   make(map[string]bool, len(n.Content)/2),
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if _, dup := f.values[k.Value]; dup {
			f.dups = append(f.dups, k)
			continue
		}
		f.keys = append(f.keys, k)
		f.values[k.Value] = resolve(n.Content[i+1])
	}
	return f, true
}

// resolve follows a YAML alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// report records a problem with key, a key of this mapping.
func (f *fields) report(key string, line int, format string, args ...any) {
	f.r.report(f.prefix+key, line, format, args...)
}

// done reports every key of the mapping that was not read, and every key
// set more than once. It runs last, so the entry's id names the problems.
func (f *fields) done() {
	for _, k := range f.keys {
		if !f.read[k.Value] {
			f.report(k.Value, k.Line, "unknown field")
		}
	}
	for _, k := range f.dups {
		f.report(k.Value, k.Line, "is set more than once")
	}
}

// lineOf returns the line of key's value, or of the mapping when key is
// missing.
func (f *fields) lineOf(key string) int {
	if v, ok := f.values[key]; ok {
		return v.Line
	}
	return f.line
}

// node returns the value of key, or nil when the mapping lacks it.
func (f *fields) node(key string) *yaml.Node {
	f.read[key] = true
	return f.values[key]
}

// scalar returns the text of key's value and its line. It reports a
// problem and returns false when the value is missing, null, or a list or
// mapping.
func (f *fields) scalar(key string) (string, int, bool) {
	v := f.node(key)
	switch {
	case v == nil:
		f.report(key, f.line, "is required")
		return "", 0, false
	case v.Kind != yaml.ScalarNode:
		f.report(key, v.Line, "must be a single value, not a list or mapping")
		return "", 0, false
	case v.Tag == "!!null":
		f.report(key, v.Line, "is required")
		return "", 0, false
	}
	return v.Value, v.Line, true
}

// text returns key's value, which must not be blank nor longer than limit
// characters.
func (f *fields) text(key string, limit int) string {
	s, line, ok := f.scalar(key)
	switch {
	case !ok:
	case strings.TrimSpace(s) == "":
		f.report(key, line, "must not be blank")
	case utf8.RuneCountInString(s) > limit:
		f.report(key, line, "must be at most %d characters", limit)
	}
	return s
}

// oneOf returns key's value, which must be one of allowed.
func (f *fields) oneOf(key string, allowed []string) string {
	s, line, ok := f.scalar(key)
	if ok && !slices.Contains(allowed, s) {
		f.report(key, line, "%q is not one of %s", s, strings.Join(allowed, ", "))
	}
	return s
}

// integer returns key's value, which must be a whole number.
func (f *fields) integer(key string) (int, int, bool) {
	s, line, ok := f.scalar(key)
	if !ok {
		return 0, 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.report(key, line, "%q is not a whole number", s)
		return 0, 0, false
	}
	return n, line, true
}

// decimal returns key's value, a YAML number or string holding a decimal
// number. It parses the value's text, so no precision is lost to float64.
func (f *fields) decimal(key string) (decimal.Decimal, int, bool) {
	s, line, ok := f.scalar(key)
	if !ok {
		return decimal.Decimal{}, 0, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		f.report(key, line, "%q is not a decimal number", s)
		return decimal.Decimal{}, 0, false
	}
	return d, line, true
}

// boolean returns key's value, which must be true or false.
func (f *fields) boolean(key string) bool {
	s, line, ok := f.scalar(key)
	if !ok {
		return false
	}
	switch strings.ToLower(s) {
	case "true":
		return true
	case "false":
		return false
	}
	f.report(key, line, "%q is not true or false", s)
	return false
}

// optionalBoolean is boolean for a key the mapping may leave out, which
// reads as false. A key that is present must be true or false.
func (f *fields) optionalBoolean(key string) bool {
	v, ok := f.values[key]
	switch {
	case !ok:
		f.read[key] = true
		return false
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		f.read[key] = true
		f.report(key, v.Line, "must be true or false, or left out")
		return false
	}
	return f.boolean(key)
}

// date returns key's value, which must be a calendar date YYYY-MM-DD.
func (f *fields) date(key string) (string, int, bool) {
	s, line, ok := f.scalar(key)
	if !ok {
		return "", 0, false
	}
	if !validDate(s) {
		f.report(key, line, "%q is not a date YYYY-MM-DD", s)
		return "", 0, false
	}
	return s, line, true
}

// list returns the items of key's value, which must be a YAML sequence.
func (f *fields) list(key string) ([]*yaml.Node, bool) {
	v := f.node(key)
	switch {
	case v == nil || (v.Kind == yaml.ScalarNode && v.Tag == "!!null"):
		f.report(key, f.line, "is required")
		return nil, false
	case v.Kind != yaml.SequenceNode:
		f.report(key, v.Line, "must be a list")
		return nil, false
	}
	return v.Content, true
}
