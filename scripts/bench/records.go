package main

import (
	"bufio"
	"encoding/json"
	"io"
)

// eachRecord calls each with every line of r that decodes as a T: kpod's
// -o json output is one JSON object a line. Lines that are not such an
// object are skipped; each returns false to stop reading.
func eachRecord[T any](r io.Reader, each func(T) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec T
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		if !each(rec) {
			return nil
		}
	}
	return sc.Err()
}
