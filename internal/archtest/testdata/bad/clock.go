package bad

import "time"

// now is swapped by clock_test.go.
var now = time.Now

// Default is swapped by ext_test.go.
var Default = map[string]int{}

// Fixed is set by onlytests, a package of tests only.
var Fixed = 1

func stamp() time.Time { return now() }
