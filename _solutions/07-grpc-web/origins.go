package grpcweb

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// A stretch exercise: the allowlist, read from the command line.

// ParseOrigins reads a comma-separated list of origins (the -allow-origin
// flag) into the exact strings a browser sends in its Origin header, or
// says which entry is wrong and why. An empty list is no origins.
func ParseOrigins(list string) ([]string, error) {
	var origins []string
	for _, entry := range strings.Split(list, ",") {
		o := strings.TrimSpace(entry)
		if o == "" {
			continue // "a,,b" and a trailing comma are harmless
		}
		if o == "*" {
			// With a bearer token in play, * would let any site make your
			// users' browsers call the API.
			return nil, fmt.Errorf("allowed origin %q: never *, list the origins", o)
		}
		u, err := url.Parse(o)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			return nil, fmt.Errorf("allowed origin %q: want scheme://host[:port] with http or https", o)
		case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#"):
			// A browser's Origin has none of these, so an entry with one
			// would never match: say so now rather than fail silently later.
			return nil, fmt.Errorf("allowed origin %q: an origin is scheme://host[:port], with no path (not even a trailing /), query, fragment or user", o)
		}
		// Browsers send the scheme and host in lower case, and CORS
		// compares strings exactly.
		normal := strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
		if !slices.Contains(origins, normal) {
			origins = append(origins, normal)
		}
	}
	return origins, nil
}
