package calendar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// fileSource is a calendar kept in a JSON file: an array of requests.
type fileSource struct {
	path string
	mu   sync.Mutex // one Put at a time in this process
}

// OpenFile: a JSON file holding an array of requests (written atomically by Put:
// temp file + rename; a missing file is an empty calendar).
func OpenFile(path string) Source { return &fileSource{path: path} }

func (f *fileSource) Describe() string { return "file " + f.path }

func (f *fileSource) List(context.Context) ([]Request, error) {
	data, err := f.read()
	if err != nil {
		return nil, err
	}
	rs, err := decodeRows(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Describe(), err)
	}
	return rs, nil
}

func (f *fileSource) Get(ctx context.Context, ticket string) (Request, bool, error) {
	rs, err := f.List(ctx)
	return find(rs, ticket, err)
}

// Put rewrites the file with r in place of the rows with its ticket. The
// other rows are kept as they are, even those that are not requests, so
// that a write by the intake never loses a row someone is fixing by hand.
// Put writes a temporary file beside the calendar and renames it over, so
// a reader sees the old calendar or the new one, never half of one.
func (f *fileSource) Put(_ context.Context, r Request) error {
	if err := checkTicket(r.Ticket); err != nil {
		return fmt.Errorf("%s: cannot write the request: %w", f.Describe(), err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	data, err := f.read()
	if err != nil {
		return err
	}
	raws, err := splitRows(data)
	if err != nil {
		return fmt.Errorf("%s: cannot write %s into it: %w: fix the file first", f.Describe(), r.Ticket, err)
	}
	row, err := marshalRow(r)
	if err != nil {
		return fmt.Errorf("%s: encoding %s: %w", f.Describe(), r.Ticket, err)
	}
	out := make([]json.RawMessage, 0, len(raws)+1)
	out = append(out, row)
	for _, raw := range raws {
		if rowTicket(raw) != r.Ticket {
			out = append(out, raw)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return rowTicket(out[i]) < rowTicket(out[j]) })
	if err := f.write(encodeRows(out)); err != nil {
		return fmt.Errorf("%s: writing: %w", f.Describe(), err)
	}
	return nil
}

// read returns the file's contents; a missing file is an empty calendar.
func (f *fileSource) read() ([]byte, error) {
	data, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return []byte("[]"), nil
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading: %w", f.Describe(), err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return []byte("[]"), nil // created empty, say by touch
	}
	return data, nil
}

// encodeRows writes one row to a line-indented block, as a person would.
func encodeRows(rows []json.RawMessage) []byte {
	if len(rows) == 0 {
		return []byte("[]\n")
	}
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, row := range rows {
		b.WriteString("  ")
		if err := json.Indent(&b, row, "  ", "  "); err != nil {
			b.Write(row) // valid JSON already: splitRows checked it
		}
		if i < len(rows)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// write replaces the file by renaming a complete temporary file over it,
// keeping the file's permissions (0644 for a new one).
func (f *fileSource) write(data []byte) (err error) {
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(f.path); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), "."+filepath.Base(f.path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}

// marshalRow encodes r as one row, leaving "&", "<" and ">" as they are
// for people reading the file.
func marshalRow(r Request) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// find picks the request with the ticket out of a List.
func find(rs []Request, ticket string, err error) (Request, bool, error) {
	if err != nil {
		return Request{}, false, err
	}
	for _, r := range rs {
		if r.Ticket == ticket {
			return r, true, nil
		}
	}
	return Request{}, false, nil
}
