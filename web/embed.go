// Package web holds the portal: its TypeScript sources (src/), its build
// (package.json, build.mjs) and browser tests (e2e/), and the built assets
// in dist/, which the web function embeds and serves. The built assets are
// committed so that a fresh clone builds with Go alone; a test rebuilds
// them from the sources and fails when they drift.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Assets is the built portal: index.html at its root and the hashed
// JavaScript and CSS under assets/.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded above: it is always there
	}
	return sub
}
