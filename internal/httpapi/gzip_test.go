package httpapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"io"
	"strings"
	"testing"
)

func TestLargeResponsesAreCompressedOrRefused(t *testing.T) {
	big := []byte(strings.Repeat(`{"line":"x"},`, maxPlainResponse/13+1))
	small := []byte(strings.Repeat("a", gzipFrom-1))
	tests := []struct {
		name       string
		body       []byte
		accept     string
		wantStatus int
		wantGzip   bool
	}{
		{"small, gzip accepted: sent plain", small, "gzip", 200, false},
		{"large, gzip accepted", big, "br, gzip;q=0.8", 200, true},
		{"large, gzip refused with q=0", big, "gzip;q=0", 406, false},
		{"large, no Accept-Encoding", big, "", 406, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testHandler(&bytes.Buffer{}, func(context.Context, *call) (*reply, error) {
				return &reply{status: 200, contentType: "application/json", body: tt.body}, nil
			})
			ev := event("", false, fin)
			ev.Headers = map[string]string{"accept-encoding": tt.accept}
			res, _ := h.Handle(context.Background(), ev)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status: got %d, want %d: %.200s", res.StatusCode, tt.wantStatus, res.Body)
			}
			if tt.wantStatus == 406 && !strings.Contains(res.Body, `"response_too_large"`) {
				t.Errorf("406 body: got %.200s, want code response_too_large", res.Body)
			}
			if got := res.Headers["Content-Encoding"] == "gzip"; got != tt.wantGzip || res.IsBase64Encoded != tt.wantGzip {
				t.Fatalf("gzip: got %v (base64 %v), want %v", got, res.IsBase64Encoded, tt.wantGzip)
			}
			if !tt.wantGzip {
				return
			}
			raw, _ := base64.StdEncoding.DecodeString(res.Body)
			r, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := io.ReadAll(r)
			if !bytes.Equal(plain, tt.body) {
				t.Errorf("gunzipped body differs: %d bytes, want %d", len(plain), len(tt.body))
			}
			if len(res.Body) >= maxPlainResponse {
				t.Errorf("compressed response is %d bytes", len(res.Body))
			}
		})
	}
}
