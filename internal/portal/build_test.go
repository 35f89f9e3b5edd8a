package portal_test

import (
	"io"
	"io/fs"
	"log/slog"
	"regexp"
	"testing"

	"chargeback/internal/portal"
	"chargeback/web"
)

// maxPlainFile is the largest file the web function can send to a client
// that does not take gzip: Lambda's 6 MB response limit counts the body
// base64- or JSON-escaped, which can grow it by a third.
const maxPlainFile = 4 << 20

// The embedded build, whatever it holds: index.html is the page, every
// asset it names is served and cached for good, and every file fits in a
// Lambda response even uncompressed.
func TestTheEmbeddedBuild(t *testing.T) {
	h := portal.New(web.Assets(), portal.Config{Auth: portal.LocalAuth}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	index := get(t, h, "GET", "/", nil)
	if index.StatusCode != 200 || index.Headers["Cache-Control"] != "no-cache" {
		t.Fatalf("GET /: got %d, Cache-Control %q; want 200, no-cache", index.StatusCode, index.Headers["Cache-Control"])
	}
	refs := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(body(t, index), -1)
	if len(refs) == 0 {
		t.Error("index.html names no asset")
	}
	for _, ref := range refs {
		res := get(t, h, "GET", ref[1], map[string]string{"accept-encoding": "gzip"})
		if res.StatusCode != 200 || res.Headers["Cache-Control"] != immutable {
			t.Errorf("%s: got %d, Cache-Control %q; want 200, %s", ref[1], res.StatusCode, res.Headers["Cache-Control"], immutable)
		}
	}
	err := fs.WalkDir(web.Assets(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxPlainFile {
			t.Errorf("%s: %d bytes, more than a Lambda response carries uncompressed", name, info.Size())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
