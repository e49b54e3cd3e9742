// Package dynamo is the store for several replicas: the ledger and leases
// in one DynamoDB table, through aws-sdk-go-v2. It imports only the store
// package of the orchestrator; its one reading of a clock (is a lease still
// live enough to record under?) uses the clock WithClock gives it.
package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// Store is the store.Store for several replicas: one DynamoDB table, with
// leases and runs as items, and only single-item conditional writes (no
// transactions). Items:
//
//	pk "lease#<stack>", sk "lease": holder, token, expires (Unix ms)
//	pk "runs#<stack>",  sk <run ID>:  fence (the writer's token), run (JSON)
//
// Fencing without transactions: Record first confirms, with a conditional
// write on the lease item, that the writer's lease is current and has at
// least a third of its time to live left, then writes the run item (itself
// conditional on no newer writer). Another replica can take the lease only
// once it has expired, so the run is written well inside the lease.
type Store struct {
	client *dynamodb.Client
	table  string
	clock  clock.Clock
	stats  store.Stats
}

// recordMargin is how long a lease must still have to live for a run to be
// recorded under it: far longer than one write takes.
const recordMargin = time.Second

var _ interface {
	store.Store
	store.Creator
	store.Counted
} = (*Store)(nil)

// Config locates the table.
type Config struct {
	Table    string
	Region   string
	Endpoint string // optional: a local server or a VPC endpoint
	Profile  string // optional: a shared-config profile
}

// Option changes how Open sets up a Store.
type Option func(*Store) error

// WithClock sets the clock that decides whether a lease still has time
// enough to record under (default: the machine's).
func WithClock(c clock.Clock) Option {
	return func(s *Store) error {
		if c == nil {
			return errors.New("clock must not be nil")
		}
		s.clock = c
		return nil
	}
}

// Open connects to the table with the default credential chain. The SDK
// retries throttling and transient errors up to 5 times with exponential
// back-off (at most 2 s between tries). Options: WithClock.
func Open(ctx context.Context, c Config, opts ...Option) (*Store, error) {
	loadOpts := []func(*awsconfig.LoadOptions) error{
		awsconfig.WithRegion(c.Region),
		awsconfig.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts, o.MaxBackoff = 5, 2*time.Second })
		}),
	}
	if c.Profile != "" {
		loadOpts = append(loadOpts, awsconfig.WithSharedConfigProfile(c.Profile))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
	})
	s := &Store{client: client, table: c.Table, clock: clock.Real{}}
	for _, opt := range opts {
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Stats returns the store's call counters.
func (s *Store) Stats() *store.Stats { return &s.stats }

// Create implements store.Creator: it creates the store's table (on-demand
// billing) and waits until it is active. It is not an error when the table
// exists.
func (s *Store) Create(ctx context.Context) error {
	_, err := s.client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:   aws.String(s.table),
		BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange},
		},
	})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("creating table %s: %w", s.table, err)
	}
	w := dynamodb.NewTableExistsWaiter(s.client, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay, o.MaxDelay = time.Second, 5*time.Second })
	return w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)}, 2*time.Minute)
}

// Close implements store.Store.
func (s *Store) Close() error { return nil }

// count records one call and passes its error through, wrapped with the
// table's name.
func (s *Store) count(write bool, err error) error {
	if write {
		s.stats.Writes.Add(1)
	} else {
		s.stats.Reads.Add(1)
	}
	if err != nil && !isConditionFailed(err) {
		s.stats.Errors.Add(1)
		return fmt.Errorf("dynamodb table %s: %w", s.table, err)
	}
	return err
}

func isConditionFailed(err error) bool {
	var cf *types.ConditionalCheckFailedException
	return errors.As(err, &cf)
}

func leaseKey(stack string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": str("lease#" + stack), "sk": str("lease")}
}

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

func num(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func getS(item map[string]types.AttributeValue, k string) string {
	if v, ok := item[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func getN(item map[string]types.AttributeValue, k string) int64 {
	if v, ok := item[k].(*types.AttributeValueMemberN); ok {
		n, _ := strconv.ParseInt(v.Value, 10, 64)
		return n
	}
	return 0
}

func (s *Store) readLease(ctx context.Context, stack string) (store.Lease, bool, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: leaseKey(stack), ConsistentRead: aws.Bool(true)})
	if err = s.count(false, err); err != nil {
		return store.Lease{}, false, err
	}
	if out.Item == nil {
		return store.Lease{}, false, nil
	}
	return store.Lease{Stack: stack, Holder: getS(out.Item, "holder"), Token: uint64(getN(out.Item, "token")),
		Expires: time.UnixMilli(getN(out.Item, "expires")).UTC()}, true, nil
}

// Acquire implements store.Store: read the lease, decide with store.Grant, and write
// the decision only if the lease is still the one read.
func (s *Store) Acquire(ctx context.Context, stack, holder string, now time.Time, ttl time.Duration) (store.Lease, error) {
	cur, exists, err := s.readLease(ctx, stack)
	if err != nil {
		return store.Lease{}, err
	}
	next, err := store.Grant(cur, stack, holder, now, ttl)
	if err != nil {
		return store.Lease{}, err
	}
	item := leaseKey(stack)
	item["holder"], item["token"], item["expires"] = str(next.Holder), num(int64(next.Token)), num(millis(next.Expires))
	in := &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item, ConditionExpression: aws.String("attribute_not_exists(pk)")}
	if exists {
		in.ConditionExpression = aws.String("#h = :h AND #t = :t AND #e = :e")
		in.ExpressionAttributeNames = map[string]string{"#h": "holder", "#t": "token", "#e": "expires"}
		in.ExpressionAttributeValues = map[string]types.AttributeValue{":h": str(cur.Holder), ":t": num(int64(cur.Token)), ":e": num(millis(cur.Expires))}
	}
	_, err = s.client.PutItem(ctx, in)
	if err = s.count(true, err); isConditionFailed(err) {
		return store.Lease{}, fmt.Errorf("stack %s: %w (taken while it was being acquired)", stack, store.ErrLeaseHeld)
	}
	return next, err
}

// Renew implements store.Store.
func (s *Store) Renew(ctx context.Context, l store.Lease, now time.Time, ttl time.Duration) (store.Lease, error) {
	l.Expires = now.Add(ttl)
	err := s.updateLease(ctx, l, "SET #e = :new", map[string]types.AttributeValue{":new": num(millis(l.Expires))}, time.Time{})
	if isConditionFailed(err) {
		return l, fmt.Errorf("stack %s: %w", l.Stack, store.ErrLeaseLost)
	}
	return l, err
}

// Release implements store.Store: the token stays, so the next grant's is higher.
func (s *Store) Release(ctx context.Context, l store.Lease) error {
	err := s.updateLease(ctx, l, "SET #h = :empty, #e = :zero", map[string]types.AttributeValue{":empty": str(""), ":zero": num(0)}, time.Time{})
	if isConditionFailed(err) {
		return nil
	}
	return err
}

// updateLease applies update to the lease item if l is still its holder
// and token and, when notBefore is not zero, if it expires after notBefore.
func (s *Store) updateLease(ctx context.Context, l store.Lease, update string, values map[string]types.AttributeValue, notBefore time.Time) error {
	cond := "#h = :h AND #t = :t"
	values[":h"], values[":t"] = str(l.Holder), num(int64(l.Token))
	if !notBefore.IsZero() {
		cond += " AND #e > :nb"
		values[":nb"] = num(millis(notBefore))
	}
	_, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(s.table), Key: leaseKey(l.Stack),
		UpdateExpression: aws.String(update), ConditionExpression: aws.String(cond),
		ExpressionAttributeNames: map[string]string{"#h": "holder", "#t": "token", "#e": "expires"}, ExpressionAttributeValues: values})
	return s.count(true, err)
}

// Record implements store.Store (see the type's comment on fencing).
func (s *Store) Record(ctx context.Context, l store.Lease, r store.Run) error {
	// The lease must still be held, and for longer than the write takes.
	err := s.updateLease(ctx, l, "SET #e = #e", map[string]types.AttributeValue{}, s.clock.Now().Add(recordMargin))
	if isConditionFailed(err) {
		return fmt.Errorf("recording run %s: stack %s: %w", r.ID, l.Stack, store.ErrLeaseLost)
	}
	if err != nil {
		return err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table),
		Item:                      map[string]types.AttributeValue{"pk": str("runs#" + r.Stack), "sk": str(r.ID), "fence": num(int64(l.Token)), "run": str(string(data))},
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR fence <= :t"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": num(int64(l.Token))}})
	if err = s.count(true, err); isConditionFailed(err) {
		return fmt.Errorf("recording run %s: a newer lease holder wrote it: %w", r.ID, store.ErrLeaseLost)
	}
	return err
}
