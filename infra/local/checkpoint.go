package local

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Checkpoints remember, per stream and shard, the sequence number of the
// last record the stream reader handed on and whether the shard is read
// to its end, so a restarted reader resumes after it: no record is
// skipped, and at most the batch in flight when it stopped is read again
// (the outbox's event ids let consumers drop such a repeat). With a path
// they are kept in that JSON file, rewritten whole (through a rename) at
// each change; without one, in memory only.
type Checkpoints struct {
	path string
	mu   sync.Mutex
	// marks is stream ARN → shard id → mark.
	marks map[string]map[string]mark
}

// mark is how far one shard was read.
type mark struct {
	Seq  string `json:"seq,omitempty"`
	Done bool   `json:"done,omitempty"`
}

// OpenCheckpoints reads the checkpoints kept at path, none when the file
// does not exist yet; "" keeps them in memory.
func OpenCheckpoints(path string) (*Checkpoints, error) {
	c := &Checkpoints{path: path, marks: map[string]map[string]mark{}}
	if path == "" {
		return c, nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &c.marks); err != nil {
		return nil, fmt.Errorf("stream checkpoints %s: %w (delete the file to read the stream from its start)", path, err)
	}
	return c, nil
}

// Get returns how far the shard of the stream was read: the last record
// handed on ("" for none) and whether the shard is read to its end.
func (c *Checkpoints) Get(stream, shard string) (seq string, done bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.marks[stream][shard]
	return m.Seq, m.Done
}

// Advance records that the shard's records up to seq were handed on.
func (c *Checkpoints) Advance(stream, shard, seq string) error {
	return c.set(stream, shard, func(m *mark) { m.Seq = seq })
}

// Finish records that the shard is read to its end.
func (c *Checkpoints) Finish(stream, shard string) error {
	return c.set(stream, shard, func(m *mark) { m.Done = true })
}

func (c *Checkpoints) set(stream, shard string, change func(*mark)) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.marks[stream] == nil {
		c.marks[stream] = map[string]mark{}
	}
	m := c.marks[stream][shard]
	change(&m)
	c.marks[stream][shard] = m
	if c.path == "" {
		return nil
	}
	raw, err := json.MarshalIndent(c.marks, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	tmp := c.path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, c.path)
}
