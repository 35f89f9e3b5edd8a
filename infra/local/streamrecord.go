package local

import (
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// lambdaEvent is a GetRecords page as Lambda hands it to a stream
// function: the same records, in the same order, in the
// events.DynamoDBEvent shape the outbox consumer reads.
func lambdaEvent(arn string, records []types.Record) (events.DynamoDBEvent, error) {
	out := events.DynamoDBEvent{Records: make([]events.DynamoDBEventRecord, len(records))}
	for i, r := range records {
		d := r.Dynamodb
		if d == nil {
			return events.DynamoDBEvent{}, fmt.Errorf("stream record %s has no dynamodb part", aws.ToString(r.EventID))
		}
		keys, err := lambdaImage(d.Keys)
		if err != nil {
			return events.DynamoDBEvent{}, err
		}
		img, err := lambdaImage(d.NewImage)
		if err != nil {
			return events.DynamoDBEvent{}, err
		}
		change := events.DynamoDBStreamRecord{
			Keys: keys, NewImage: img, SequenceNumber: aws.ToString(d.SequenceNumber),
			SizeBytes: aws.ToInt64(d.SizeBytes), StreamViewType: string(d.StreamViewType),
		}
		if d.ApproximateCreationDateTime != nil {
			change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *d.ApproximateCreationDateTime}
		}
		out.Records[i] = events.DynamoDBEventRecord{
			AWSRegion: aws.ToString(r.AwsRegion), Change: change, EventID: aws.ToString(r.EventID),
			EventName: string(r.EventName), EventSource: aws.ToString(r.EventSource),
			EventVersion: aws.ToString(r.EventVersion), EventSourceArn: arn,
		}
	}
	return out, nil
}

// lambdaImage converts an image from the Streams API's attribute values to
// the Lambda event's.
func lambdaImage(in map[string]types.AttributeValue) (map[string]events.DynamoDBAttributeValue, error) {
	if in == nil {
		return nil, nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(in))
	for k, v := range in {
		av, err := lambdaValue(v)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", k, err)
		}
		out[k] = av
	}
	return out, nil
}

func lambdaValue(v types.AttributeValue) (events.DynamoDBAttributeValue, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value), nil
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value), nil
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value), nil
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value), nil
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute(), nil
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value), nil
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value), nil
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value), nil
	case *types.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, len(v.Value))
		for i, x := range v.Value {
			av, err := lambdaValue(x)
			if err != nil {
				return events.DynamoDBAttributeValue{}, err
			}
			l[i] = av
		}
		return events.NewListAttribute(l), nil
	case *types.AttributeValueMemberM:
		m, err := lambdaImage(v.Value)
		if err != nil {
			return events.DynamoDBAttributeValue{}, err
		}
		return events.NewMapAttribute(m), nil
	}
	return events.DynamoDBAttributeValue{}, fmt.Errorf("unknown attribute value %T", v)
}
