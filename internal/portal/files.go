package portal

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"strings"
	"sync"

	"chargeback/internal/contentcoding"
)

// gzipFrom is the smallest file worth compressing: below it the gzip
// header and the extra header lines outweigh the saving.
const gzipFrom = 1 << 10

// file is one file of the built portal, with what serving it needs,
// worked out the first time it is asked for and kept while the function
// stays warm (init stays as quick as a bare function's).
type file struct {
	body        []byte
	contentType string
	cache       string
	etag        string
	gzipped     []byte // nil: not worth compressing
}

// files serves the built portal's files from an fs.FS.
type files struct {
	fsys fs.FS
	mu   sync.Mutex
	seen map[string]*file
}

// open returns the file at name (a path below the portal's root, without
// a leading slash), or false when there is none. Names that are not clean
// relative paths (.., ., empty or backslashed segments, encoded characters)
// are never looked up, so nothing outside the build can be reached.
func (f *files) open(name string) (*file, bool) {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, `\%`) {
		return nil, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if got, ok := f.seen[name]; ok {
		return got, true
	}
	body, err := fs.ReadFile(f.fsys, name)
	if err != nil {
		return nil, false // not there, or a directory
	}
	sum := sha256.Sum256(body)
	got := &file{
		body:        body,
		contentType: contentType(name),
		cache:       cacheControl(name),
		etag:        `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
	}
	if textual(got.contentType) && len(body) >= gzipFrom {
		got.gzipped = compress(body)
	}
	if f.seen == nil {
		f.seen = map[string]*file{}
	}
	f.seen[name] = got
	return got, true
}

// compress gzips body.
func compress(body []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level
	// Writing to a bytes.Buffer cannot fail.
	_, _ = w.Write(body)
	_ = w.Close()
	return buf.Bytes()
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip (and
// does not refuse it with q=0).
func acceptsGzip(accept string) bool { return contentcoding.AcceptsGzip(accept) }

// matches reports whether an If-None-Match header names etag.
func matches(ifNoneMatch, etag string) bool {
	for tag := range strings.SplitSeq(ifNoneMatch, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}
