package whole

import (
	"testing"

	"example.com/bad/internal/lessons"
)

// A test may build a Session to drive the lesson's code.
func TestSay(t *testing.T) {
	say(&lessons.Session{Report: func(string) {}})
}
