// Package bolt is the embedded store: the ledger and leases in one bbolt
// file, shared by the processes of one machine. It imports only the store
// package of the orchestrator, and reads no clock: instants are passed in.
package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.etcd.io/bbolt"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

var (
	leasesBucket = []byte("leases")
	runsBucket   = []byte("runs")
)

// Store is the embedded store.Store: one bbolt file. It opens the file for each
// operation and closes it after, so that several processes (two daemons, or a
// daemon and a history command) share it: bbolt's exclusive file lock makes
// each operation atomic across processes. Within a process, operations take
// turns on a mutex first: two goroutines racing for the file lock would
// otherwise cost the loser bbolt's 50 ms retry sleep (a lease renewal
// beside a run's ledger write, at a transition's instant).
type Store struct {
	path    string
	timeout time.Duration
	mu      sync.Mutex
}

var _ store.Store = (*Store)(nil)

// Open creates or opens the store file at path (and its directory).
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating the store directory: %w", err)
	}
	s := &Store{path: path, timeout: 30 * time.Second}
	err := s.update(func(tx *bbolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(leasesBucket); err != nil {
			return err
		}
		_, err := tx.CreateBucketIfNotExists(runsBucket)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) open(readOnly bool) (*bbolt.DB, error) {
	db, err := bbolt.Open(s.path, 0o600, &bbolt.Options{Timeout: s.timeout, ReadOnly: readOnly})
	if err != nil {
		return nil, fmt.Errorf("opening the store %s: %w", s.path, err)
	}
	return db, nil
}

func (s *Store) update(fn func(*bbolt.Tx) error) error {
	return s.with(false, func(db *bbolt.DB) error { return db.Update(fn) })
}

func (s *Store) view(fn func(*bbolt.Tx) error) error {
	return s.with(true, func(db *bbolt.DB) error { return db.View(fn) })
}

// with opens the file for one operation and closes it after.
func (s *Store) with(readOnly bool, op func(*bbolt.DB) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	db, err := s.open(readOnly)
	if err != nil {
		return err
	}
	err = op(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Acquire implements store.Store.
func (s *Store) Acquire(_ context.Context, stack, holder string, now time.Time, ttl time.Duration) (store.Lease, error) {
	var out store.Lease
	err := s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, stack)
		if err != nil {
			return err
		}
		out, err = store.Grant(cur, stack, holder, now, ttl)
		if err != nil {
			return err
		}
		return putJSON(tx.Bucket(leasesBucket), stack, out)
	})
	return out, err
}

// Renew implements store.Store.
func (s *Store) Renew(_ context.Context, l store.Lease, now time.Time, ttl time.Duration) (store.Lease, error) {
	err := s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, l.Stack)
		if err != nil {
			return err
		}
		if cur.Holder != l.Holder || cur.Token != l.Token {
			return fmt.Errorf("stack %s: %w", l.Stack, store.ErrLeaseLost)
		}
		l.Expires = now.Add(ttl)
		return putJSON(tx.Bucket(leasesBucket), l.Stack, l)
	})
	return l, err
}

// Release implements store.Store. The token is kept, so the next grant's is higher.
func (s *Store) Release(_ context.Context, l store.Lease) error {
	return s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, l.Stack)
		if err != nil || cur.Holder != l.Holder || cur.Token != l.Token {
			return err
		}
		return putJSON(tx.Bucket(leasesBucket), l.Stack, store.Lease{Stack: l.Stack, Token: l.Token})
	})
}

// Record implements store.Store: the write is fenced by the writer's lease.
func (s *Store) Record(_ context.Context, l store.Lease, r store.Run) error {
	return s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, l.Stack)
		if err != nil {
			return err
		}
		if cur.Token != l.Token || cur.Holder != l.Holder {
			return fmt.Errorf("recording run %s: stack %s: %w", r.ID, l.Stack, store.ErrLeaseLost)
		}
		b, err := tx.Bucket(runsBucket).CreateBucketIfNotExists([]byte(r.Stack))
		if err != nil {
			return err
		}
		return putJSON(b, r.ID, r)
	})
}

// Runs implements store.Store.
func (s *Store) Runs(_ context.Context, stack string, limit int) ([]store.Run, error) {
	var runs []store.Run
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(runsBucket).ForEachBucket(func(name []byte) error {
			if stack != "" && string(name) != stack {
				return nil
			}
			return tx.Bucket(runsBucket).Bucket(name).ForEach(func(_, v []byte) error {
				var r store.Run
				if err := json.Unmarshal(v, &r); err != nil {
					return fmt.Errorf("reading the ledger: %w", err)
				}
				runs = append(runs, r)
				return nil
			})
		})
	})
	return store.Newest(runs, limit), err
}

// Close implements store.Store; the file is open only during operations.
func (s *Store) Close() error { return nil }

func getLease(tx *bbolt.Tx, stack string) (store.Lease, error) {
	var l store.Lease
	v := tx.Bucket(leasesBucket).Get([]byte(stack))
	if v == nil {
		return l, nil
	}
	if err := json.Unmarshal(v, &l); err != nil {
		return l, fmt.Errorf("reading the lease of stack %s: %w", stack, err)
	}
	return l, nil
}

func putJSON(b *bbolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}
