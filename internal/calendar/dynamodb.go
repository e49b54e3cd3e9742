package calendar

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDB names a calendar table.
type DynamoDB struct {
	Table, Region, Endpoint, Profile string
}

// Dynamo is a calendar kept in a DynamoDB table: partition key "ticket"
// (a string), one item per request, its attributes named as Request's JSON
// fields. It implements Source.
type Dynamo struct {
	client    *dynamodb.Client
	table     string
	scanLimit int32 // items per Scan page; 0 leaves it to DynamoDB (1 MB)
}

var _ Source = (*Dynamo)(nil)

// OpenDynamoDB: a table with partition key "ticket" (string), one item per request,
// attributes named as the JSON tags (on_sale, time_zone, expected_demand as a number,
// approved/cancelled as BOOL, ...). List is a paginated Scan. An item whose
// attributes have the wrong types (e.g. expected_demand as a string) comes back with Invalid
// set, naming the attribute.
//
// It connects with the default credential chain (Profile picks a shared
// configuration profile). The SDK retries throttling and transient errors up
// to 5 times with exponential back-off (at most 2 s between tries).
func OpenDynamoDB(ctx context.Context, d DynamoDB) (*Dynamo, error) {
	if err := checkTable(d.Table); err != nil {
		return nil, err
	}
	where := "dynamodb table " + d.Table
	if d.Endpoint != "" {
		u, err := url.Parse(d.Endpoint)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, fmt.Errorf(`%s: endpoint %s is not a URL: write one such as "https://dynamodb.ap-southeast-2.amazonaws.com" or "http://127.0.0.1:8000"`, where, quote(d.Endpoint, 80))
		}
	}
	loadOpts := []func(*awsconfig.LoadOptions) error{
		awsconfig.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts, o.MaxBackoff = 5, 2*time.Second })
		}),
	}
	if d.Region != "" {
		loadOpts = append(loadOpts, awsconfig.WithRegion(d.Region))
	}
	if d.Profile != "" {
		loadOpts = append(loadOpts, awsconfig.WithSharedConfigProfile(d.Profile))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("%s: loading AWS configuration: %w", where, err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("%s: no AWS region: set the region, or AWS_REGION in the environment", where)
	}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if d.Endpoint != "" {
			o.BaseEndpoint = aws.String(d.Endpoint)
		}
	})
	return &Dynamo{client: client, table: d.Table}, nil
}

// NewDynamo is a calendar in table through a client made elsewhere (one
// with its own credentials, as a test's).
func NewDynamo(client *dynamodb.Client, table string) *Dynamo {
	return &Dynamo{client: client, table: table}
}

// checkTable checks a table name as DynamoDB would, so that a typo is
// reported before any call is made.
func checkTable(name string) error {
	if name == "" {
		return errors.New(`dynamodb: the table name is empty: name the calendar table, such as "hotshow-calendar"`)
	}
	for _, c := range name {
		if !ticketRune(c) {
			return fmt.Errorf(`dynamodb: table name %s has %q in it: a table name is 3 to 255 of A-Z, a-z, 0-9, "_", "." and "-"`, quote(name, 80), string(c))
		}
	}
	if len(name) < 3 || len(name) > 255 {
		return fmt.Errorf(`dynamodb: table name %s is %d characters long: a table name is 3 to 255 of A-Z, a-z, 0-9, "_", "." and "-"`, quote(name, 80), len(name))
	}
	return nil
}

// Describe implements Source.
func (d *Dynamo) Describe() string { return "dynamodb table " + d.table }

// Create creates the table (on-demand billing) when it does not exist and waits until it is active.
func (d *Dynamo) Create(ctx context.Context) error {
	_, err := d.client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(d.table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("ticket"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("ticket"), KeyType: types.KeyTypeHash}},
	})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("%s: creating: %w", d.Describe(), err)
	}
	w := dynamodb.NewTableExistsWaiter(d.client, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay, o.MaxDelay = time.Second, 5*time.Second })
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(d.table)}, 2*time.Minute); err != nil {
		return fmt.Errorf("%s: waiting for it to be active: %w", d.Describe(), err)
	}
	return nil
}

// List implements Source: a consistent Scan, page by page, so that a
// request written a moment ago is seen.
func (d *Dynamo) List(ctx context.Context) ([]Request, error) {
	var rs []Request
	in := &dynamodb.ScanInput{TableName: aws.String(d.table), ConsistentRead: aws.Bool(true)}
	if d.scanLimit > 0 {
		in.Limit = aws.Int32(d.scanLimit)
	}
	p := dynamodb.NewScanPaginator(d.client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: scanning: %w", d.Describe(), err)
		}
		for _, item := range page.Items {
			rs = append(rs, fromItem(item))
		}
	}
	Sorted(rs)
	return rs, nil
}

// Get implements Source.
func (d *Dynamo) Get(ctx context.Context, ticket string) (Request, bool, error) {
	if ticket == "" {
		return Request{}, false, nil // no item can have an empty key
	}
	out, err := d.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(d.table),
		Key: map[string]types.AttributeValue{"ticket": str(ticket)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return Request{}, false, fmt.Errorf("%s: getting %s: %w", d.Describe(), ticket, err)
	}
	if out.Item == nil {
		return Request{}, false, nil
	}
	return fromItem(out.Item), true, nil
}

// Put implements Source.
func (d *Dynamo) Put(ctx context.Context, r Request) error {
	if err := checkTicket(r.Ticket); err != nil {
		return fmt.Errorf("%s: cannot write the request: %w", d.Describe(), err)
	}
	if _, err := d.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(d.table), Item: toItem(r)}); err != nil {
		return fmt.Errorf("%s: writing %s: %w", d.Describe(), r.Ticket, err)
	}
	return nil
}

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// toItem is r as an item. Empty strings are left out rather than stored:
// reading treats a missing attribute as empty.
func toItem(r Request) map[string]types.AttributeValue {
	item := map[string]types.AttributeValue{
		"ticket":          str(r.Ticket),
		"expected_demand": &types.AttributeValueMemberN{Value: strconv.FormatInt(r.Demand, 10)},
		"approved":        &types.AttributeValueMemberBOOL{Value: r.Approved},
		"cancelled":       &types.AttributeValueMemberBOOL{Value: r.Cancelled},
	}
	for k, v := range map[string]string{"name": r.Name, "on_sale": r.OnSale, "time_zone": r.TimeZone, "profile": r.Profile,
		"requester": r.Requester, "updated_at": r.Updated} {
		if v != "" {
			item[k] = str(v)
		}
	}
	return item
}

// fromItem reads an item; the first attribute (in Check's order) whose
// type is wrong is named in Invalid, and the others are read all the same.
func fromItem(item map[string]types.AttributeValue) Request {
	var r Request
	bad := func(msg string) {
		if r.Invalid == "" {
			r.Invalid = clip(msg, maxMessage)
		}
	}
	for _, f := range []struct {
		name string
		to   *string
	}{{"ticket", &r.Ticket}, {"name", &r.Name}, {"time_zone", &r.TimeZone}, {"on_sale", &r.OnSale}, {"profile", &r.Profile}} {
		if msg := readString(item, f.name, f.to); msg != "" {
			bad(msg)
		}
	}
	switch v := item["expected_demand"].(type) {
	case nil, *types.AttributeValueMemberNULL:
	case *types.AttributeValueMemberN:
		n, err := strconv.ParseInt(v.Value, 10, 64)
		if err != nil {
			bad(fmt.Sprintf("expected_demand: %s is not a whole number", clip(v.Value, 40)))
		}
		r.Demand = n
	default:
		bad(wrongType("expected_demand", v, "a number (N)"))
	}
	for _, f := range []struct {
		name string
		to   *bool
	}{{"approved", &r.Approved}, {"cancelled", &r.Cancelled}} {
		switch v := item[f.name].(type) {
		case nil, *types.AttributeValueMemberNULL:
		case *types.AttributeValueMemberBOOL:
			*f.to = v.Value
		default:
			bad(wrongType(f.name, v, "a boolean (BOOL)"))
		}
	}
	for _, f := range []struct {
		name string
		to   *string
	}{{"requester", &r.Requester}, {"updated_at", &r.Updated}} {
		if msg := readString(item, f.name, f.to); msg != "" {
			bad(msg)
		}
	}
	return r
}

// readString reads a string attribute into to; a message when it is of another type.
func readString(item map[string]types.AttributeValue, name string, to *string) string {
	switch v := item[name].(type) {
	case nil, *types.AttributeValueMemberNULL:
		return ""
	case *types.AttributeValueMemberS:
		*to = v.Value
		return ""
	default:
		return wrongType(name, v, "a string (S)")
	}
}

// wrongType says what an attribute holds and what it should.
func wrongType(name string, v types.AttributeValue, want string) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("%s: %s is stored as a string (S), not %s", name, quote(v.Value, 40), want)
	case *types.AttributeValueMemberN:
		return fmt.Sprintf("%s: %s is stored as a number (N), not %s", name, clip(v.Value, 40), want)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprintf("%s: %t is stored as a boolean (BOOL), not %s", name, v.Value, want)
	case *types.AttributeValueMemberL:
		return fmt.Sprintf("%s: stored as a list (L), not %s", name, want)
	case *types.AttributeValueMemberM:
		return fmt.Sprintf("%s: stored as a map (M), not %s", name, want)
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("%s: stored as a string set (SS), not %s", name, want)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("%s: stored as a number set (NS), not %s", name, want)
	default:
		return fmt.Sprintf("%s: stored as binary data, not %s", name, want)
	}
}
