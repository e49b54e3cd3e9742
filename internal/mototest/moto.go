// Package mototest runs moto's server, which serves the S3 and DynamoDB
// APIs, on 127.0.0.1 for tests: Terraform's S3 backend with its DynamoDB
// lock table (or S3 lock file) against a real S3 API. HOTSHOW_MOTO names
// the moto_server executable (the GNUmakefile checks for it and sets the
// variable); tests that need it skip when it is unset.
package mototest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/porttest"
)

// EnvMoto names the variable holding moto_server's path.
const EnvMoto = "HOTSHOW_MOTO"

// Region is the region every test resource is in.
const Region = "ap-southeast-2"

// Credentials are the environment a process needs to talk to the server:
// static test credentials and the region, and no instance metadata.
var Credentials = []string{
	"AWS_ACCESS_KEY_ID=hotshow-test", "AWS_SECRET_ACCESS_KEY=hotshow-test",
	"AWS_REGION=" + Region, "AWS_EC2_METADATA_DISABLED=true",
}

// Server is a running moto_server.
type Server struct {
	Endpoint string
	ddb      *dynamodb.Client
}

// Start starts moto_server on a free loopback port; it is stopped when the
// test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv(EnvMoto)
	if bin == "" {
		t.Skipf("%s is not set: run the tests through the GNUmakefile, which checks for moto_server", EnvMoto)
	}
	port := porttest.Free(t)
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting moto_server: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	s := &Server{Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port)}
	porttest.WaitListening(t, port, "moto_server", 30*time.Second)
	s.ddb = dynamodb.New(dynamodb.Options{Region: Region, BaseEndpoint: aws.String(s.Endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "hotshow-test", SecretAccessKey: "hotshow-test"}, nil
		})})
	return s
}

// CreateBucket creates an S3 bucket.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, s.Endpoint+"/"+name, bytes.NewReader(nil))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("creating bucket %s: %v", name, err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("creating bucket %s: %s", name, resp.Status)
	}
}

// CreateLockTable creates a DynamoDB table as Terraform's S3 backend wants
// it for locks: a string hash key named LockID.
func (s *Server) CreateLockTable(t testing.TB, name string) {
	t.Helper()
	_, err := s.ddb.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("LockID"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("LockID"), KeyType: types.KeyTypeHash}},
	})
	if err != nil {
		t.Fatalf("creating lock table %s: %v", name, err)
	}
}

// HoldLock takes the state lock of bucket/key in table the way another
// Terraform does (the item Terraform's S3 backend writes), as CI mid-apply
// would hold it. Release removes it; Held says whether it is still there.
func (s *Server) HoldLock(t testing.TB, table, bucket, key string) (release func(), held func() bool) {
	t.Helper()
	id := bucket + "/" + key
	info := fmt.Sprintf(`{"ID":"e2e-ci-lock","Operation":"OperationTypeApply","Info":"","Who":"ci@runner","Version":"1.5.7","Created":%q,"Path":%q}`,
		clock.Real{}.Now().UTC().Format(time.RFC3339Nano), id)
	key1 := map[string]types.AttributeValue{"LockID": &types.AttributeValueMemberS{Value: id}}
	_, err := s.ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table),
		Item:                map[string]types.AttributeValue{"LockID": key1["LockID"], "Info": &types.AttributeValueMemberS{Value: info}},
		ConditionExpression: aws.String("attribute_not_exists(LockID)")})
	if err != nil {
		t.Fatalf("taking the lock of %s: %v", id, err)
	}
	release = func() {
		if _, err := s.ddb.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: key1}); err != nil {
			t.Errorf("releasing the lock of %s: %v", id, err)
		}
	}
	held = func() bool {
		out, err := s.ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key1, ConsistentRead: aws.Bool(true)})
		return err == nil && out.Item != nil && out.Item["Info"] != nil
	}
	return release, held
}
