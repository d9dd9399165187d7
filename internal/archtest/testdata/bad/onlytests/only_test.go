// Package onlytests has tests and no other Go files.
package onlytests

import (
	"testing"

	"example.com/bad"
)

func TestFixed(t *testing.T) {
	bad.Fixed = 2
}
