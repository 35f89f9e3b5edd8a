package apitest

// Caller is who a test request comes from: the JWT claims API Gateway
// passes on. The zero value sends no claims.
type Caller map[string]string

// The callers of the tests. Groups come in both forms API Gateway may
// send: "[a b]" and a JSON array.
var (
	// Nobody sends no token.
	Nobody Caller
	// Radiology is a requester of radiology.
	Radiology = Caller{"sub": "dana", "groups": "[requester]", "department": "radiology"}
	// Pharmacy is a requester of pharmacy, with its groups as JSON.
	Pharmacy = Caller{"sub": "pat", "groups": `["requester"]`, "department": "pharmacy"}
	// Laboratory is a requester of a third department.
	Laboratory = Caller{"sub": "lab", "groups": "[requester]", "department": "laboratory"}
	// Emergency is a requester of a fourth department.
	Emergency = Caller{"sub": "eve", "groups": "[requester]", "department": "emergency"}
	// Astrologer is a requester whose department claim names no catalog
	// department.
	Astrologer = Caller{"sub": "ava", "groups": "[requester]", "department": "astrology"}
	// Fulfiller works the queue.
	Fulfiller = Caller{"sub": "sam", "groups": "[fulfiller]"}
	// Finance closes months, posts adjustments and reads every statement.
	Finance = Caller{"sub": "fran", "groups": "[finance]"}
	// Leadership is in both leadership and finance.
	Leadership = Caller{"sub": "lee", "groups": "[leadership finance]"}
	// OnlyLeadership reads reports but may not close, adjust or read the
	// journal.
	OnlyLeadership = Caller{"sub": "lou", "groups": "[leadership]"}
)
