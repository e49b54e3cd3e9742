package calendar

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
)

// tables gives each test its own table on one dynalite server.
var tables atomic.Int64

func openTable(t *testing.T, server *dynalitetest.Server) *Dynamo {
	t.Helper()
	d, err := OpenDynamoDB(context.Background(), DynamoDB{Table: fmt.Sprintf("hotshow-calendar-%d", tables.Add(1)), Region: "ap-southeast-2", Endpoint: server.Endpoint})
	require.NoError(t, err)
	require.NoError(t, d.Create(context.Background()))
	return d
}

func TestDynamo(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	ctx := context.Background()
	d := openTable(t, server)
	require.NoError(t, d.Create(ctx), "creating a table that exists is not an error")
	assert.Regexp(t, `^dynamodb table hotshow-calendar-\d+$`, d.Describe())

	rs, err := d.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, rs)
	_, ok, err := d.Get(ctx, "TIX-1")
	require.NoError(t, err)
	assert.False(t, ok)

	var want []Request
	for _, ticket := range []string{"TIX-3", "TIX-1", "TIX-10", "TIX-2", "TIX-20"} {
		r := valid()
		r.Ticket, r.Name = ticket, "Show "+ticket
		if ticket == "TIX-2" {
			r.Approved, r.Cancelled, r.Requester, r.Updated = false, true, "ana@example.com", "2026-03-01T00:00:00Z"
		}
		require.NoError(t, d.Put(ctx, r))
		want = append(want, r)
	}
	Sorted(want)
	d.scanLimit = 2 // three pages
	rs, err = d.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, rs, "every item, sorted by ticket, every field kept")
	assert.Equal(t, []string{"TIX-1", "TIX-10", "TIX-2", "TIX-20", "TIX-3"}, tickets(rs))

	// Put replaces by ticket.
	r := want[2]
	r.Cancelled, r.Demand = false, 7
	require.NoError(t, d.Put(ctx, r))
	got, ok, err := d.Get(ctx, "TIX-2")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, r, got)

	err = d.Put(ctx, Request{Ticket: ""})
	require.Error(t, err)
	assert.Equal(t, d.Describe()+`: cannot write the request: ticket: "" is empty: give the request's Jira issue key, such as "TIX-123"`, err.Error())
	_, ok, err = d.Get(ctx, "")
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestDynamo_itemsByHand: items written by hand with wrong types come back
// with Invalid naming the attribute, and the rest of the table is read.
func TestDynamo_itemsByHand(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	ctx := context.Background()
	d := openTable(t, server)
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	items := []map[string]types.AttributeValue{
		{"ticket": s("TIX-1"), "name": s("Lots"), "on_sale": s("2026-12-01T09:00"), "time_zone": s("UTC"), "profile": s("arena"), "expected_demand": s("lots"), "approved": &types.AttributeValueMemberBOOL{Value: true}},
		{"ticket": s("TIX-2"), "name": s("Yes"), "expected_demand": n("5"), "approved": s("yes")},
		{"ticket": s("TIX-3"), "name": n("42")},
		{"ticket": s("TIX-4"), "expected_demand": n("1.5")},
		{"ticket": s("TIX-5"), "name": &types.AttributeValueMemberL{Value: []types.AttributeValue{s("a")}}, "cancelled": n("1")},
		{"ticket": s("TIX-6"), "name": s("Minimal"), "expected_demand": &types.AttributeValueMemberNULL{Value: true}, "extra": s("ignored")},
	}
	for _, item := range items {
		_, err := d.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(d.table), Item: item})
		require.NoError(t, err)
	}
	rs, err := d.List(ctx)
	require.NoError(t, err)
	invalid := map[string]string{}
	for _, r := range rs {
		invalid[r.Ticket] = r.Invalid
	}
	assert.Equal(t, map[string]string{
		"TIX-1": `expected_demand: "lots" is stored as a string (S), not a number (N)`,
		"TIX-2": `approved: "yes" is stored as a string (S), not a boolean (BOOL)`,
		"TIX-3": "name: 42 is stored as a number (N), not a string (S)",
		"TIX-4": "expected_demand: 1.5 is not a whole number",
		"TIX-5": "name: stored as a list (L), not a string (S)",
		"TIX-6": "",
	}, invalid)
	got, ok, err := d.Get(ctx, "TIX-1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, Request{Ticket: "TIX-1", Name: "Lots", OnSale: "2026-12-01T09:00", TimeZone: "UTC", Profile: "arena", Approved: true,
		Invalid: `expected_demand: "lots" is stored as a string (S), not a number (N)`}, got, "the other attributes are read")
	assert.Equal(t, `expected_demand: "lots" is stored as a string (S), not a number (N)`, got.Check(Rules{Profiles: []string{"arena"}}).Error())
}

func TestDynamo_unreachable(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	ctx := context.Background()
	d, err := OpenDynamoDB(ctx, DynamoDB{Table: "absent", Region: "ap-southeast-2", Endpoint: server.Endpoint})
	require.NoError(t, err)
	_, err = d.List(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dynamodb table absent: scanning: ")
	assert.Contains(t, err.Error(), "ResourceNotFoundException")
	_, _, err = d.Get(ctx, "TIX-1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dynamodb table absent: getting TIX-1: ")
}

func TestOpenDynamoDB_refuses(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
	t.Setenv("AWS_PROFILE", "")
	cases := []struct {
		d    DynamoDB
		want string
	}{
		{DynamoDB{Region: "ap-southeast-2"}, `dynamodb: the table name is empty: name the calendar table, such as "hotshow-calendar"`},
		{DynamoDB{Table: "hotshow calendar", Region: "ap-southeast-2"}, `dynamodb: table name "hotshow calendar" has " " in it: a table name is 3 to 255 of A-Z, a-z, 0-9, "_", "." and "-"`},
		{DynamoDB{Table: "ab", Region: "ap-southeast-2"}, `dynamodb: table name "ab" is 2 characters long: a table name is 3 to 255 of A-Z, a-z, 0-9, "_", "." and "-"`},
		{DynamoDB{Table: "cal", Region: "ap-southeast-2", Endpoint: "127.0.0.1:8000"}, `dynamodb table cal: endpoint "127.0.0.1:8000" is not a URL: write one such as "https://dynamodb.ap-southeast-2.amazonaws.com" or "http://127.0.0.1:8000"`},
		{DynamoDB{Table: "cal"}, "dynamodb table cal: no AWS region: set the region, or AWS_REGION in the environment"},
	}
	for _, tc := range cases {
		_, err := OpenDynamoDB(context.Background(), tc.d)
		require.Error(t, err, tc.d)
		assert.Equal(t, tc.want, err.Error())
	}
	_, err := OpenDynamoDB(context.Background(), DynamoDB{Table: "cal", Region: "ap-southeast-2", Profile: "nope"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dynamodb table cal: loading AWS configuration: ")
	assert.Contains(t, err.Error(), "nope")
}

// TestFromItem covers the attribute types dynalite is not needed for.
func TestFromItem(t *testing.T) {
	cases := map[string]types.AttributeValue{
		"approved: stored as a map (M), not a boolean (BOOL)":         &types.AttributeValueMemberM{},
		"approved: stored as a string set (SS), not a boolean (BOOL)": &types.AttributeValueMemberSS{Value: []string{"a"}},
		"approved: stored as a number set (NS), not a boolean (BOOL)": &types.AttributeValueMemberNS{Value: []string{"1"}},
		"approved: stored as binary data, not a boolean (BOOL)":       &types.AttributeValueMemberB{Value: []byte("x")},
		"approved: 1 is stored as a number (N), not a boolean (BOOL)": &types.AttributeValueMemberN{Value: "1"},
	}
	for want, v := range cases {
		r := fromItem(map[string]types.AttributeValue{"ticket": &types.AttributeValueMemberS{Value: "T-1"}, "approved": v})
		assert.Equal(t, want, r.Invalid)
		assert.Equal(t, "T-1", r.Ticket)
	}
	r := fromItem(map[string]types.AttributeValue{"ticket": &types.AttributeValueMemberS{Value: "T-1"}, "time_zone": &types.AttributeValueMemberBOOL{Value: true}})
	assert.Equal(t, "time_zone: true is stored as a boolean (BOOL), not a string (S)", r.Invalid)
	// The first attribute in Check's order is named.
	r = fromItem(map[string]types.AttributeValue{"ticket": &types.AttributeValueMemberS{Value: "T-1"},
		"cancelled": &types.AttributeValueMemberS{Value: "no"}, "on_sale": &types.AttributeValueMemberN{Value: "1"}})
	assert.Equal(t, "on_sale: 1 is stored as a number (N), not a string (S)", r.Invalid)
	// A round trip through an item keeps every field.
	want := valid()
	want.Requester, want.Updated, want.Cancelled = "ana", "2026-03-01T00:00:00Z", true
	assert.Equal(t, want, fromItem(toItem(want)))
}
