// Command exports is the Lambda function that writes finance's month
// workbook. The statements function invokes it with the month's
// statements; it reads no table and serves no route, and it alone links
// the spreadsheet library, which would push the API's functions over
// their 10 MiB budget.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"chargeback/internal/workbook"
	"chargeback/internal/workbook/xlsx"
)

func main() {
	lambda.Start(workbook.Serve(xlsx.Build))
}
