package ui

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is an error the user reads, told from kpod's texts: Key names a
// section of kpod's messages (internal/lessons/messages), Facts fill it, and Err
// is its cause, if any ({{.Err}} in the text, itself told in the same
// language). Code below the CLI returns it without knowing the language;
// the CLI tells it in the session's language with Tell.
type Error struct {
	Key   string
	Facts map[string]any
	Err   error
}

// F are the facts of an Error.
type F = map[string]any

// Err is an Error for key, filled with facts.
func Err(key string, facts map[string]any) *Error { return &Error{Key: key, Facts: facts} }

// Because sets the error's cause and returns it.
func (e *Error) Because(err error) *Error { e.Err = err; return e }

// Error is the English text, for logs and for errors that are wrapped.
func (e *Error) Error() string { return e.In("en") }

func (e *Error) Unwrap() error { return e.Err }

// In is the error's text in lang.
func (e *Error) In(lang string) string {
	facts := make(map[string]any, len(e.Facts)+1)
	for k, v := range e.Facts {
		if err, ok := v.(error); ok { // an error among the facts says itself in lang too
			v = Tell(err, lang)
		}
		facts[k] = v
	}
	if e.Err != nil {
		facts["Err"] = Tell(e.Err, lang)
	}
	if Texts == nil { // no texts linked in: the key and its facts
		keys := make([]string, 0, len(facts))
		for k := range facts {
			keys = append(keys, fmt.Sprintf("%s=%v", k, facts[k]))
		}
		sort.Strings(keys)
		return strings.TrimSpace(e.Key + " " + strings.Join(keys, " "))
	}
	return Texts(lang, e.Key, facts)
}

// Texts tells a key of kpod's messages in lang, filled with facts.
// internal/lessons, which holds the messages, sets it when it is loaded.
var Texts func(lang, key string, facts map[string]any) string

// teller is an error that can say itself in a language.
type teller interface{ In(lang string) string }

// Tell is err's text in lang: an error that can say itself in a language
// says itself; one that only puts a name in front of such an error
// (fmt.Errorf("pod/%s: %w", ...)) keeps the name and tells the rest; any
// other error gives its own text.
func Tell(err error, lang string) string {
	if err == nil {
		return ""
	}
	if t, ok := err.(teller); ok {
		return t.In(lang)
	}
	msg := err.Error()
	if inner := errors.Unwrap(err); inner != nil {
		if prefix, ok := strings.CutSuffix(msg, inner.Error()); ok && prefix != msg {
			return prefix + Tell(inner, lang)
		}
	}
	return msg
}

// Key is the message key of the first Error in err's chain, or "".
func Key(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// HasKey reports whether an Error with key is in err's chain.
func HasKey(err error, key string) bool {
	for err != nil {
		if e, ok := err.(*Error); ok && e.Key == key {
			return true
		}
		err = errors.Unwrap(err)
	}
	return false
}
