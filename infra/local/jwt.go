package local

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"chargeback/internal/httpapi"
)

// header is the only JWT header the local server accepts.
var hs256Header = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// Sign returns an HS256 JWT with the given claims.
func Sign(secret string, claims map[string]any) (string, error) {
	body, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	unsigned := hs256Header + "." + base64.RawURLEncoding.EncodeToString(body)
	return unsigned + "." + signature(secret, unsigned), nil
}

// Verify checks an HS256 JWT's signature, its expiry and not-before time
// (when present) and its subject, and returns its claims in the form API Gateway passes them to a
// function: a map of strings, where an array arrives as "[a b]" (see
// flatten).
func Verify(secret, token string, now time.Time) (map[string]string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a JWT")
	}
	var head struct {
		Alg string `json:"alg"`
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || json.Unmarshal(raw, &head) != nil || head.Alg != "HS256" {
		return nil, errors.New("the token is not HS256")
	}
	if !hmac.Equal([]byte(parts[2]), []byte(signature(secret, parts[0]+"."+parts[1]))) {
		return nil, errors.New("bad signature")
	}
	var claims map[string]any
	raw, err = base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(raw, &claims) != nil {
		return nil, errors.New("claims are not JSON")
	}
	if err := checkExp(claims, now); err != nil {
		return nil, err
	}
	if err := checkNbf(claims, now); err != nil {
		return nil, err
	}
	if err := checkSub(claims); err != nil {
		return nil, err
	}
	return flatten(claims), nil
}

// maxSub is the longest subject, in characters, a token may carry.
const maxSub = 256

// checkExp refuses a token whose exp has passed, and one whose exp is not a
// number: a claim the authorizer cannot read must not be skipped.
func checkExp(claims map[string]any, now time.Time) error {
	v, present := claims["exp"]
	if !present {
		return nil
	}
	exp, ok := v.(float64)
	if !ok {
		return errors.New("the exp claim is not a number")
	}
	// Compared as floats, so no exp is too large to read; a fraction of
	// a second counts as the whole second, as before.
	if float64(now.Unix()) >= math.Floor(exp) {
		return errors.New("the token has expired")
	}
	return nil
}

// checkNbf refuses a token whose nbf lies in the future, as API Gateway's
// JWT authorizer does, and one whose nbf is not a number. A fraction of a
// second counts: a token valid from 10.5 is not yet valid at 10.
func checkNbf(claims map[string]any, now time.Time) error {
	v, present := claims["nbf"]
	if !present {
		return nil
	}
	nbf, ok := v.(float64)
	if !ok {
		return errors.New("the nbf claim is not a number")
	}
	if float64(now.Unix()) < nbf {
		return errors.New("the token is not valid yet")
	}
	return nil
}

// checkSub requires a subject: a string, not blank, at most maxSub
// characters.
func checkSub(claims map[string]any) error {
	sub, ok := claims["sub"].(string)
	switch {
	case !ok:
		return errors.New("the token has no sub claim, or it is not a string")
	case strings.TrimSpace(sub) == "":
		return errors.New("the sub claim is blank")
	case utf8.RuneCountInString(sub) > maxSub:
		return fmt.Errorf("the sub claim is longer than %d characters", maxSub)
	}
	return nil
}

func signature(secret, unsigned string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(unsigned))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// flatten turns claims into strings the way API Gateway does. An array of
// plain words arrives as API Gateway sends it, "[a b]"; an array with an
// element that form would garble (whitespace, brackets, quotes, commas, an
// empty string) arrives as a JSON array string, which handlers also read,
// so a group "finance readonly" can never pass for the role "finance".
func flatten(claims map[string]any) map[string]string {
	out := make(map[string]string, len(claims))
	for k, v := range claims {
		switch v := v.(type) {
		case string:
			out[k] = v
		case []any:
			items := make([]string, len(v))
			for i, item := range v {
				items[i] = fmt.Sprint(item)
			}
			out[k] = flattenArray(items)
		case float64:
			out[k] = fmt.Sprint(int64(v))
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// flattenArray writes an array claim as "[a b]" when every item is a plain
// word and reads back as itself, and as a JSON array string otherwise.
func flattenArray(items []string) string {
	flat := "[" + strings.Join(items, " ") + "]"
	if slices.IndexFunc(items, notPlainWord) < 0 && slices.Equal(httpapi.ParseList(flat), items) {
		return flat
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(items) // a []string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// notPlainWord reports whether s is empty or holds a character the "[a b]"
// form cannot carry unambiguously.
func notPlainWord(s string) bool {
	return s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`[]",`, r)
	})
}
