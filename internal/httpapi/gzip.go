package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"strings"

	"chargeback/internal/contentcoding"

	"github.com/aws/aws-lambda-go/events"
)

// gzipFrom is the body size from which a response is compressed for a
// client that accepts gzip. Lambda's response limit is 6 MB; a statement
// of 10,000 lines is about 4 MB of JSON and a tenth of that compressed.
const gzipFrom = 8 << 10

// maxPlainResponse is the largest body sent uncompressed. Lambda's response
// limit (6 MB) counts the body JSON-escaped inside the response envelope,
// and escaping can grow it by a quarter, so a larger body is refused with
// a problem asking for gzip rather than failing in the gateway with a bare
// 500. A 10,000-line statement is about 3.6 MB of JSON.
const maxPlainResponse = 4 << 20

// acceptsGzip reports whether an Accept-Encoding header takes gzip (and
// does not refuse it with q=0).
func acceptsGzip(accept string) bool { return contentcoding.AcceptsGzip(accept) }

// gzipBase64 compresses body and encodes it for API Gateway, which sends
// the decoded bytes on.
func gzipBase64(body []byte) string {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	// Writing to a bytes.Buffer cannot fail.
	_, _ = w.Write(body)
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// header reads a request header from the event; API Gateway lowercases
// header names.
func header(ev *events.APIGatewayV2HTTPRequest, name string) string {
	if v, ok := ev.Headers[strings.ToLower(name)]; ok {
		return v
	}
	return ev.Headers[name]
}
