package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// Runs implements store.Store: a Query of the stack's partition (newest first
// when limited), or a Scan of every runs partition when stack is empty.
func (s *Store) Runs(ctx context.Context, stack string, limit int) ([]store.Run, error) {
	var items []map[string]types.AttributeValue
	var err error
	if stack == "" {
		items, err = s.scanRuns(ctx)
	} else {
		items, err = s.queryRuns(ctx, stack, limit)
	}
	if err != nil {
		return nil, err
	}
	runs := make([]store.Run, 0, len(items))
	for _, it := range items {
		var r store.Run
		if err := json.Unmarshal([]byte(getS(it, "run")), &r); err != nil {
			return nil, fmt.Errorf("reading the ledger: item %s: %w", getS(it, "sk"), err)
		}
		runs = append(runs, r)
	}
	return store.Newest(runs, limit), nil
}

func (s *Store) queryRuns(ctx context.Context, stack string, limit int) ([]map[string]types.AttributeValue, error) {
	in := &dynamodb.QueryInput{TableName: aws.String(s.table), ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str("runs#" + stack)},
		ScanIndexForward:          aws.Bool(limit <= 0)}
	var items []map[string]types.AttributeValue
	for {
		out, err := s.client.Query(ctx, in)
		if err = s.count(false, err); err != nil {
			return nil, err
		}
		items = append(items, out.Items...)
		if out.LastEvaluatedKey == nil || (limit > 0 && len(items) >= limit) {
			return items, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

func (s *Store) scanRuns(ctx context.Context) ([]map[string]types.AttributeValue, error) {
	in := &dynamodb.ScanInput{TableName: aws.String(s.table), ConsistentRead: aws.Bool(true)}
	var items []map[string]types.AttributeValue
	for {
		out, err := s.client.Scan(ctx, in)
		if err = s.count(false, err); err != nil {
			return nil, err
		}
		for _, it := range out.Items {
			if strings.HasPrefix(getS(it, "pk"), "runs#") {
				items = append(items, it)
			}
		}
		if out.LastEvaluatedKey == nil {
			return items, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
