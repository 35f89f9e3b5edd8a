package local

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
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

// Verify checks an HS256 JWT's signature and expiry (when present) and
// returns its claims in the form API Gateway passes them to a function: a
// map of strings, where an array arrives as "[a b]".
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
	if exp, ok := claims["exp"].(float64); ok && now.Unix() >= int64(exp) {
		return nil, errors.New("the token has expired")
	}
	if sub, _ := claims["sub"].(string); sub == "" {
		return nil, errors.New("the token has no sub claim")
	}
	return flatten(claims), nil
}

func signature(secret, unsigned string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(unsigned))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// flatten turns claims into strings the way API Gateway does.
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
			out[k] = "[" + strings.Join(items, " ") + "]"
		case float64:
			out[k] = fmt.Sprint(int64(v))
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}
