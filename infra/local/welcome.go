package local

import (
	"fmt"
	"io"
	"maps"
	"text/tabwriter"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/portal"
)

// DevUsers are the sample callers `make run` prints a token for: one per
// role and a requester of a second department, each exported under the
// shell variable the README's "Try it" uses.
var DevUsers = []struct {
	Var    string // the shell variable the token is exported as
	Role   string
	Claims map[string]any
	Try    string // a URL to try with the token, in shell syntax over the exported variables
}{
	{"REQ", "requester, Radiology", map[string]any{"sub": "dana.radiology", "email": "dana@hospital.example", "groups": []string{"requester"}, "department": "radiology"}, `$API/v1/statements/$MONTH/radiology`},
	{"PHARM", "requester, Pharmacy", map[string]any{"sub": "pat.pharmacy", "email": "pat@hospital.example", "groups": []string{"requester"}, "department": "pharmacy"}, `$API/v1/requests`},
	{"IT", "fulfiller", map[string]any{"sub": "sam.it", "email": "sam@hospital.example", "groups": []string{"fulfiller"}}, `$API/v1/requests?overdue=true`},
	{"FIN", "finance", map[string]any{"sub": "fran.finance", "email": "fran@hospital.example", "groups": []string{"finance"}}, `$API/v1/statements/$PREV`},
	{"LEAD", "leadership", map[string]any{"sub": "lee.cio", "email": "lee@hospital.example", "groups": []string{"leadership"}}, `$API/v1/reports/services?from=$PREV&to=$MONTH`},
}

// tokenLife is how long the printed tokens stay valid.
const tokenLife = 30 * 24 * time.Hour

// Welcome is what `make run` prints once it serves.
type Welcome struct {
	Addr     string        // the API's base URL
	DynamoDB string        // the DynamoDB endpoint the API uses
	Month    billing.Month // the current month in the org's time zone
	Took     time.Duration // from start to serving
	Filed    int           // sample requests filed on this start; 0 when the table had data
	Samples  []Sample      // the sample requests the walk-through acts on
	Events   bool          // GET /_local/events and POST /_local/slawatch are served (CHARGEBACK_FAKE_CLOCK=1)
	Webhook  bool          // each event is posted to CHARGEBACK_LOCAL_WEBHOOK
}

// Print writes the portal's address first, then the API's, then `export`
// lines ready to paste into a shell (API, MONTH, PREV and NEXT, a token per
// sample user signed with secret at now, the sample request ids), then
// what each variable is with a call to try.
func (w Welcome) Print(out io.Writer, secret string, now time.Time) error {
	fmt.Fprintf(out, "\nPortal on %s/ (sign in at %s%s)\n", w.Addr, w.Addr, portal.LocalSignIn)
	fmt.Fprintf(out, "Chargeback API on %s (ready in %s; DynamoDB at %s)\n", w.Addr, w.Took.Round(time.Millisecond), w.DynamoDB)
	if w.Filed > 0 {
		fmt.Fprintf(out, "Filed %d sample requests and closed %s (CHARGEBACK_SEED=0 skips this).\n", w.Filed, w.Month.Prev())
	}
	w.printEvents(out)
	fmt.Fprintf(out, "\nPaste these lines into your shell for the README's \"Try it\" (tokens valid for %d days):\n\n", tokenLife/(24*time.Hour))
	fmt.Fprintf(out, "export API=%s\n", w.Addr)
	fmt.Fprintf(out, "export MONTH=%s PREV=%s NEXT=%s\n", w.Month, w.Month.Prev(), w.Month.Next())
	exp := now.Add(tokenLife).Unix()
	for _, u := range DevUsers {
		claims := maps.Clone(u.Claims)
		claims["exp"] = exp
		token, err := Sign(secret, claims)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "export %s=%s\n", u.Var, token)
	}
	for _, s := range w.Samples {
		if s.ID != "" {
			fmt.Fprintf(out, "export %s=%s\n", s.Var, s.ID)
		}
	}

	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  MONTH, PREV, NEXT\tthis month (in the org's time zone), the one before, the one after\n")
	for _, u := range DevUsers {
		fmt.Fprintf(tw, "  %s\t%s\tcurl -s -H \"Authorization: Bearer $%s\" \"%s\"\n", u.Var, u.Role, u.Var, u.Try)
	}
	for _, s := range w.Samples {
		what := s.What
		if s.ID == "" {
			what = "none left in that state on this table (CHARGEBACK_STATE=memory make run starts afresh): " + what
		}
		fmt.Fprintf(tw, "  %s\t%s\n", s.Var, what)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nCtrl-C stops the server and DynamoDB Local.")
	return nil
}

// printEvents says where the events the table's stream carries can be
// seen.
func (w Welcome) printEvents(out io.Writer) {
	switch {
	case w.Events:
		fmt.Fprintf(out, "Events on %s/_local/events (?department=radiology for one department's); POST %s/_local/slawatch runs the SLA watch now (it also runs every %s).\n",
			w.Addr, w.Addr, slaWatchEvery)
	default:
		fmt.Fprintf(out, "Events: the SLA watch runs every %s; CHARGEBACK_FAKE_CLOCK=1 serves them at %s/_local/events.\n", slaWatchEvery, w.Addr)
	}
	if w.Webhook {
		fmt.Fprintln(out, "Each event is also posted to CHARGEBACK_LOCAL_WEBHOOK.")
	} else {
		fmt.Fprintln(out, "Set CHARGEBACK_LOCAL_WEBHOOK to a URL to have each event posted to it.")
	}
}
