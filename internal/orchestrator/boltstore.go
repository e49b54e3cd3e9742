package orchestrator

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"go.etcd.io/bbolt"
)

var (
	leasesBucket = []byte("leases")
	runsBucket   = []byte("runs")
)

// BoltStore is the embedded Store: one bbolt file. It opens the file for each
// operation and closes it after, so that several processes (two daemons, or a
// daemon and a history command) share it: bbolt's exclusive file lock makes
// each operation atomic across processes.
type BoltStore struct {
	path    string
	timeout time.Duration
}

var _ Store = (*BoltStore)(nil)

// OpenBolt creates or opens the store file at path (and its directory).
func OpenBolt(path string) (*BoltStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating the store directory: %w", err)
	}
	s := &BoltStore{path: path, timeout: 30 * time.Second}
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

func (s *BoltStore) open(readOnly bool) (*bbolt.DB, error) {
	db, err := bbolt.Open(s.path, 0o600, &bbolt.Options{Timeout: s.timeout, ReadOnly: readOnly})
	if err != nil {
		return nil, fmt.Errorf("opening the store %s: %w", s.path, err)
	}
	return db, nil
}

func (s *BoltStore) update(fn func(*bbolt.Tx) error) error {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	err = db.Update(fn)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

func (s *BoltStore) view(fn func(*bbolt.Tx) error) error {
	db, err := s.open(true)
	if err != nil {
		return err
	}
	err = db.View(fn)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Acquire implements Store.
func (s *BoltStore) Acquire(_ context.Context, stack, holder string, now time.Time, ttl time.Duration) (Lease, error) {
	var out Lease
	err := s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, stack)
		if err != nil {
			return err
		}
		out, err = grant(cur, stack, holder, now, ttl)
		if err != nil {
			return err
		}
		return putJSON(tx.Bucket(leasesBucket), stack, out)
	})
	return out, err
}

// grant decides a lease request against the current lease (zero if none):
// the one decision both stores share.
func grant(cur Lease, stack, holder string, now time.Time, ttl time.Duration) (Lease, error) {
	free := cur.Holder == "" || !now.Before(cur.Expires)
	switch {
	case cur.Holder == holder && !free:
		return Lease{Stack: stack, Holder: holder, Token: cur.Token, Expires: now.Add(ttl)}, nil
	case free:
		return Lease{Stack: stack, Holder: holder, Token: cur.Token + 1, Expires: now.Add(ttl)}, nil
	default:
		return Lease{}, fmt.Errorf("stack %s: %w (%s, until %s)", stack, ErrLeaseHeld, cur.Holder, cur.Expires.UTC().Format(time.RFC3339))
	}
}

// Renew implements Store.
func (s *BoltStore) Renew(_ context.Context, l Lease, now time.Time, ttl time.Duration) (Lease, error) {
	err := s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, l.Stack)
		if err != nil {
			return err
		}
		if cur.Holder != l.Holder || cur.Token != l.Token {
			return fmt.Errorf("stack %s: %w", l.Stack, ErrLeaseLost)
		}
		l.Expires = now.Add(ttl)
		return putJSON(tx.Bucket(leasesBucket), l.Stack, l)
	})
	return l, err
}

// Release implements Store. The token is kept, so the next grant's is higher.
func (s *BoltStore) Release(_ context.Context, l Lease) error {
	return s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, l.Stack)
		if err != nil || cur.Holder != l.Holder || cur.Token != l.Token {
			return err
		}
		return putJSON(tx.Bucket(leasesBucket), l.Stack, Lease{Stack: l.Stack, Token: l.Token})
	})
}

// Record implements Store: the write is fenced by the writer's lease.
func (s *BoltStore) Record(_ context.Context, l Lease, r Run) error {
	return s.update(func(tx *bbolt.Tx) error {
		cur, err := getLease(tx, l.Stack)
		if err != nil {
			return err
		}
		if cur.Token != l.Token || cur.Holder != l.Holder {
			return fmt.Errorf("recording run %s: stack %s: %w", r.ID, l.Stack, ErrLeaseLost)
		}
		b, err := tx.Bucket(runsBucket).CreateBucketIfNotExists([]byte(r.Stack))
		if err != nil {
			return err
		}
		return putJSON(b, r.ID, r)
	})
}

// Runs implements Store.
func (s *BoltStore) Runs(_ context.Context, stack string, limit int) ([]Run, error) {
	var runs []Run
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(runsBucket).ForEachBucket(func(name []byte) error {
			if stack != "" && string(name) != stack {
				return nil
			}
			return tx.Bucket(runsBucket).Bucket(name).ForEach(func(_, v []byte) error {
				var r Run
				if err := json.Unmarshal(v, &r); err != nil {
					return fmt.Errorf("reading the ledger: %w", err)
				}
				runs = append(runs, r)
				return nil
			})
		})
	})
	sortRuns(runs)
	if limit > 0 && len(runs) > limit {
		runs = runs[len(runs)-limit:]
	}
	return runs, err
}

// Close implements Store; the file is open only during operations.
func (s *BoltStore) Close() error { return nil }

func sortRuns(runs []Run) {
	sort.SliceStable(runs, func(i, j int) bool {
		if !runs[i].Started.Equal(runs[j].Started) {
			return runs[i].Started.Before(runs[j].Started)
		}
		return runs[i].ID < runs[j].ID
	})
}

func getLease(tx *bbolt.Tx, stack string) (Lease, error) {
	var l Lease
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
