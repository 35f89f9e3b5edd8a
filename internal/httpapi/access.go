package httpapi

import (
	"chargeback/internal/errs"
)

// department is the one check of who may see what: for a departmental
// route it returns the department the caller acts for, or "" when the
// caller acts for every department. A caller without a role that acts for
// every department must carry a catalog department in the token; anything
// else (none, an unknown or oversized value) is 403, never a key.
func (a *API) department(route Route, who Principal) (string, error) {
	if !route.Scope.Departmental || who.HasAny(route.Scope.AnyDepartment) {
		return "", nil
	}
	if who.Department == "" {
		return "", errs.New(errs.Forbidden, "your token names no department")
	}
	if _, found := a.cat.Department(who.Department); !found {
		return "", errs.New(errs.Forbidden, "your token's department is not a department in the catalog")
	}
	return who.Department, nil
}
