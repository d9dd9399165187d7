package ui

import "github.com/kpod-dev/kpod/internal/text"

// Names internal/cli still uses; they are internal/text's.
type (
	F     = text.Facts
	Error = text.Error
)

// Err is text.Err.
func Err(key string, facts F) *Error { return text.Err(key, facts) }

// Tell is text.Tell.
func Tell(err error, lang string) string { return text.Tell(err, lang) }

// Key is text.Key.
func Key(err error) string { return text.Key(err) }
