// Package remote asks the exports function for a month's workbook through
// Lambda Invoke: the statements function's workbook writer, which keeps
// the large file-writing library out of the statements binary.
package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"chargeback/internal/workbook"
)

// invoker is the part of the Lambda client the writer uses.
type invoker interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, opts ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Writer writes workbooks by invoking the exports function.
type Writer struct {
	client   invoker
	function string
}

// FromEnv is the writer Lambda's environment describes: the exports
// function's name in CHARGEBACK_EXPORTS_FUNCTION, and the region and
// credentials Lambda sets.
func FromEnv(getenv func(string) string) (*Writer, error) {
	function, region, key := getenv("CHARGEBACK_EXPORTS_FUNCTION"), getenv("AWS_REGION"), getenv("AWS_ACCESS_KEY_ID")
	if function == "" {
		return nil, errors.New("CHARGEBACK_EXPORTS_FUNCTION is not set")
	}
	if region == "" || key == "" {
		return nil, errors.New("AWS_REGION and AWS_ACCESS_KEY_ID must be set, as Lambda sets them")
	}
	creds := credentials.NewStaticCredentialsProvider(key, getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN"))
	client := lambda.New(lambda.Options{Region: region, Credentials: aws.NewCredentialsCache(creds)})
	return &Writer{client: client, function: function}, nil
}

// Workbook invokes the exports function with m and returns the file it
// writes. A failure there is an error here, logged by the API as any
// internal error is.
func (w *Writer) Workbook(ctx context.Context, m workbook.Month) ([]byte, error) {
	req, err := workbook.NewRequest(m)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	out, err := w.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: &w.function, Payload: payload})
	if err != nil {
		return nil, fmt.Errorf("invoke %s: %w", w.function, err)
	}
	if out.FunctionError != nil {
		return nil, fmt.Errorf("invoke %s: %s: %s", w.function, *out.FunctionError, out.Payload)
	}
	var res workbook.Response
	if err := json.Unmarshal(out.Payload, &res); err != nil {
		return nil, fmt.Errorf("invoke %s: %w", w.function, err)
	}
	return res.Workbook, nil
}
