package bad_test

import (
	"testing"

	b "example.com/bad"
)

func TestDefault(t *testing.T) {
	b.Default["x"] = 1
	_ = b.Fixed
}
