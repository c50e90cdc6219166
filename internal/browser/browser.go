// Package browser finds the Chromium that step 07's browser test drives.
// The test, `workshop doctor` and .ci/run look in the same places.
package browser

import (
	"errors"
	"os"
	"os/exec"
)

// Install says how to get one.
const Install = "install it: sudo apt-get install -y chromium (Debian; on Ubuntu: the chromium snap), or set CHROMIUM=/path/to/chrome"

// Find returns the path of $CHROMIUM, or of chromium, chromium-browser or
// google-chrome on the PATH.
func Find() (string, error) {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("Chromium not found; " + Install)
}
