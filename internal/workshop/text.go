package workshop

import "bytes"

// sameText reports whether two text files say the same, whichever line
// endings each has: a Windows checkout or editor may have turned LF into
// CRLF, and a file is not "changed" or "stale" for that.
func sameText(a, b []byte) bool {
	crlf, lf := []byte("\r\n"), []byte("\n")
	return bytes.Equal(bytes.ReplaceAll(a, crlf, lf), bytes.ReplaceAll(b, crlf, lf))
}
