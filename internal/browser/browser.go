// Package browser finds the Chromium (or Chrome, or Edge: all drive the
// same way) that step 07's browser test drives. The test, `workshop doctor`
// and .ci/run look in the same places.
package browser

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Install says how to get one, on the OS this runs on.
var Install = installFor(runtime.GOOS)

func installFor(goos string) string {
	switch goos {
	case "darwin":
		return "install Google Chrome (https://www.google.com/chrome/) or: brew install --cask chromium; or set CHROMIUM=/path/to/chrome"
	case "windows":
		return "Microsoft Edge (every Windows 10 and 11 has it) or Google Chrome is found where its installer puts it; or set CHROMIUM=C:\\path\\to\\chrome.exe"
	default:
		return "install it: sudo apt-get install -y chromium (Debian; on Ubuntu: the chromium snap), or set CHROMIUM=/path/to/chrome"
	}
}

// Find returns the path of $CHROMIUM, of a Chromium-based browser on the
// PATH, or of one where the OS's installers put them.
func Find() (string, error) {
	for _, name := range append([]string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}, installed(runtime.GOOS)...) {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("Chromium not found; " + Install)
}

// installed lists where the usual installers put a Chromium-based browser:
// macOS's applications, and on Windows Chrome and Edge under Program Files
// (or the user's own AppData for a Chrome installed without admin rights).
func installed(goos string) []string {
	switch goos {
	case "darwin":
		var paths []string
		for _, apps := range []string{"/Applications", filepath.Join(os.Getenv("HOME"), "Applications")} {
			paths = append(paths,
				filepath.Join(apps, "Google Chrome.app", "Contents", "MacOS", "Google Chrome"),
				filepath.Join(apps, "Chromium.app", "Contents", "MacOS", "Chromium"),
				filepath.Join(apps, "Microsoft Edge.app", "Contents", "MacOS", "Microsoft Edge"))
		}
		return paths
	case "windows":
		var paths []string
		for _, base := range []string{os.Getenv("ProgramFiles"), os.Getenv("ProgramFiles(x86)"), os.Getenv("LocalAppData")} {
			if base == "" {
				continue
			}
			paths = append(paths,
				filepath.Join(base, "Google", "Chrome", "Application", "chrome.exe"),
				filepath.Join(base, "Chromium", "Application", "chrome.exe"),
				filepath.Join(base, "Microsoft", "Edge", "Application", "msedge.exe"))
		}
		return paths
	}
	return nil
}
