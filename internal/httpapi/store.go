package httpapi

// Store is what the API needs from storage. It grows with the routes that
// use the table; the catalog routes need nothing from it.
type Store interface{}
