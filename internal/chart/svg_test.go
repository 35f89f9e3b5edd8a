package chart

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// svgElement is one element of a parsed chart: its name, attributes and text.
type svgElement struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG decodes b as XML, failing the test if it is not well-formed.
func parseSVG(t *testing.T, b []byte) []svgElement {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var els []svgElement
	var open []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			el := svgElement{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				el.attrs[a.Name.Local] = a.Value
			}
			open = append(open, len(els))
			els = append(els, el)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			// Text belongs to every open element, so a <text> holds its <tspan>s' text too.
			for _, i := range open {
				els[i].text += string(tok)
			}
		}
	}
	if len(els) == 0 || els[0].name != "svg" {
		t.Fatalf("got no <svg> root element")
	}
	return els
}
