package local

import (
	"fmt"
	"io"
	"strings"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/portal"
)

// DevUsers are the sample callers `make run` prints a token for, one per role.
var DevUsers = []struct {
	Role   string
	Claims map[string]any
	Try    string
}{
	{"requester (Radiology)", map[string]any{"sub": "dana.radiology", "email": "dana@hospital.example", "groups": []string{"requester"}, "department": "radiology"}, "GET /v1/statements/{month}/radiology"},
	{"requester (Pharmacy)", map[string]any{"sub": "pat.pharmacy", "email": "pat@hospital.example", "groups": []string{"requester"}, "department": "pharmacy"}, "GET /v1/requests"},
	{"fulfiller", map[string]any{"sub": "sam.it", "email": "sam@hospital.example", "groups": []string{"fulfiller"}}, "GET /v1/requests?overdue=true"},
	{"finance", map[string]any{"sub": "fran.finance", "email": "fran@hospital.example", "groups": []string{"finance"}}, "GET /v1/statements/{last}"},
	{"leadership", map[string]any{"sub": "lee.cio", "email": "lee@hospital.example", "groups": []string{"leadership", "finance"}}, "GET /v1/reports/services?from={last}&to={month}"},
}

// PrintWelcome prints the address, and for each sample user a token valid
// for 30 days and a curl line to try ({month} is the current month, {last}
// the one before, which the sample data closes).
func PrintWelcome(w io.Writer, addr, secret, dynamoEndpoint string, current billing.Month, took time.Duration) error {
	fmt.Fprintf(w, "\nPortal on %s/ (sign in at %s%s)\n", addr, addr, portal.LocalSignIn)
	fmt.Fprintf(w, "Chargeback API on %s (ready in %s; DynamoDB at %s)\n", addr, took.Round(time.Millisecond), dynamoEndpoint)
	fmt.Fprintf(w, "  curl %s/v1/health\n", addr)
	exp := time.Now().Add(30 * 24 * time.Hour).Unix()
	for _, u := range DevUsers {
		claims := map[string]any{"exp": exp}
		for k, v := range u.Claims {
			claims[k] = v
		}
		token, err := Sign(secret, claims)
		if err != nil {
			return err
		}
		try := strings.NewReplacer("{month}", current.String(), "{last}", current.Prev().String()).Replace(u.Try)
		method, path, _ := strings.Cut(try, " ")
		fmt.Fprintf(w, "\n%s:\n  TOKEN=%s\n  curl -s -X %s -H \"Authorization: Bearer $TOKEN\" '%s%s'\n", u.Role, token, method, addr, path)
	}
	fmt.Fprintln(w, "\nCtrl-C stops the server and DynamoDB Local.")
	return nil
}
