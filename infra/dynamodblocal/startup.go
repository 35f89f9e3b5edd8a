package dynamodblocal

import (
	"fmt"
	"os"
	"time"
)

// DefaultStartupTimeout is how long Start waits for DynamoDB Local to
// answer when neither Options.StartupTimeout nor CHARGEBACK_STARTUP_TIMEOUT
// says otherwise. The jar answers in about 3 seconds on an idle machine, but
// a busy 2-core CI machine compiling and running every test package beside
// it can take many times that. The bound is there to end a start that will
// never succeed, not to time one, so it is generous.
const DefaultStartupTimeout = 3 * time.Minute

// StartupTimeoutEnv names the environment variable that replaces
// DefaultStartupTimeout with a Go duration, such as "5m".
const StartupTimeoutEnv = "CHARGEBACK_STARTUP_TIMEOUT"

// StartupTimeout returns how long to wait for something local to start:
// the duration in CHARGEBACK_STARTUP_TIMEOUT, or DefaultStartupTimeout when
// it is unset. Tests that wait for a server to come up use it too, so one
// setting stretches every start-up wait at once.
func StartupTimeout() (time.Duration, error) {
	v := os.Getenv(StartupTimeoutEnv)
	if v == "" {
		return DefaultStartupTimeout, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive Go duration such as 5m", StartupTimeoutEnv, v)
	}
	return d, nil
}
