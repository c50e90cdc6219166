package workshop

import (
	"os"
	"runtime"
)

// exe is name as an executable file of this OS: Windows runs only files
// whose name ends in .exe (go build -o adds nothing by itself).
func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// interrupt asks a child process to stop gracefully, as Ctrl-C would.
// Windows cannot send it os.Interrupt (Go does not implement it there): in a
// console, the learner's Ctrl-C already reached every process in it, the
// child included, so there is nothing to send; the command's WaitDelay
// kills a child that does not stop.
func interrupt(p *os.Process) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	return p.Signal(os.Interrupt)
}
