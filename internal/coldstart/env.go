package coldstart

import "path/filepath"

// LambdaEnv is the environment Lambda gives a provided.al2023 function
// named name whose bootstrap lives in taskRoot, talking to the Runtime API
// at api. The credentials are dummies: a function builds its clients at
// init but calls nothing before its first invocation.
//
// It is the whole environment, not added to the caller's, so that nothing
// of the host's (HOME, AWS_PROFILE, TZ, proxies) changes what init does.
// TZ is left unset, so Go reads /etc/localtime the first time it needs it.
func LambdaEnv(api, name, taskRoot string) []string {
	return []string{
		"AWS_LAMBDA_RUNTIME_API=" + api,
		"AWS_REGION=us-east-1",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=ASIACOLDSTARTDUMMY00",
		"AWS_SECRET_ACCESS_KEY=coldstart-dummy-secret",
		"AWS_SESSION_TOKEN=coldstart-dummy-token",
		"AWS_LAMBDA_FUNCTION_NAME=" + name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + name,
		"AWS_LAMBDA_LOG_STREAM_NAME=coldstart",
		"TABLE_NAME=chargeback",
		// The template's settings a function needs at init, as it sets them.
		"CHARGEBACK_EXPORTS_FUNCTION=arn:aws:lambda:us-east-1:123456789012:function:chargeback-exports:live",
		"EVENT_BUS_NAME=chargeback-events",
		"_HANDLER=bootstrap",
		"LAMBDA_TASK_ROOT=" + filepath.Clean(taskRoot),
		"LAMBDA_RUNTIME_DIR=/var/runtime",
		"LANG=en_US.UTF-8",
		"PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
	}
}
