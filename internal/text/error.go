package text

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Words tell a message key in a language, filled with facts.
type Words interface {
	Say(lang, key string, facts Facts) string
}

// Error is an error the user reads, told from kpod's texts: Key names a
// message, Facts fill it, and Err is its cause, if any ({{.Err}} in the
// text, itself told in the same language). Code below the CLI returns it
// without knowing the language; the CLI tells it in the user's language
// with Tell.
type Error struct {
	Key   string
	Facts Facts
	Err   error
	// Words hold Key (nil: the messages packages registered).
	Words Words
}

// Err is an Error for a registered message key, filled with facts.
func Err(key string, facts Facts) *Error { return &Error{Key: key, Facts: facts} }

// Because sets the error's cause and returns it.
func (e *Error) Because(err error) *Error { e.Err = err; return e }

// Error is the English text, for logs and for errors that are wrapped.
func (e *Error) Error() string { return e.In("en") }

func (e *Error) Unwrap() error { return e.Err }

// In is the error's text in lang.
func (e *Error) In(lang string) string {
	facts := e.Facts.told(lang)
	if e.Err != nil {
		facts["Err"] = Tell(e.Err, lang)
	}
	if e.Words != nil {
		return e.Words.Say(lang, e.Key, facts)
	}
	return Say(lang, e.Key, facts)
}

// messages are the texts packages registered for their errors and notes.
var messages = struct {
	sync.RWMutex
	t Text
}{t: Text{}}

// Register adds t's sections (those whose key starts with one of
// prefixes, or all) to the messages that Err and Say read. No package
// registers itself when it is loaded: the program registers the words of
// the packages it uses before it runs (cli does), and a test those its
// package tells. Registering the same words again changes nothing; a key
// registered with other words is an error, and is not registered.
func Register(t Text, prefixes ...string) error {
	messages.Lock()
	defer messages.Unlock()
	var errs []error
	for lang, secs := range t {
		if messages.t[lang] == nil {
			messages.t[lang] = map[string]Section{}
		}
		for key, sec := range secs {
			if !hasPrefix(key, prefixes) {
				continue
			}
			if old, dup := messages.t[lang][key]; dup {
				if old.Title != sec.Title || old.Body != sec.Body {
					errs = append(errs, fmt.Errorf("message %q (%s) registered twice, with other words", key, lang))
				}
				continue
			}
			messages.t[lang][key] = sec
		}
	}
	return errors.Join(errs...)
}

func hasPrefix(key string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return len(prefixes) == 0
}

// message is the registered section key in lang (English if lang lacks
// it), and whether there is one.
func message(lang, key string) (Section, bool) {
	messages.RLock()
	defer messages.RUnlock()
	return messages.t.Lookup(lang, key)
}

// Say is the registered message key in lang, filled with facts. A key no
// package registered reads as the key and its facts.
func Say(lang, key string, facts Facts) string {
	if _, ok := message(lang, key); !ok {
		keys := make([]string, 0, len(facts))
		for k, v := range facts.told(lang) {
			keys = append(keys, fmt.Sprintf("%s=%v", k, v))
		}
		sort.Strings(keys)
		return strings.TrimSpace(key + " " + strings.Join(keys, " "))
	}
	messages.RLock()
	defer messages.RUnlock()
	return messages.t.Say(lang, key, facts)
}

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

// HasKey reports whether an Error with key is in err's tree (errors.Join and
// %w with several errors included).
func HasKey(err error, key string) bool { return errors.Is(err, keyMatch(key)) }

// keyMatch is the errors.Is target HasKey uses: an *Error is it when the
// keys are the same.
type keyMatch string

func (k keyMatch) Error() string { return string(k) }

// Is lets errors.Is find an Error by its key (see HasKey).
func (e *Error) Is(target error) bool {
	k, ok := target.(keyMatch)
	return ok && e.Key == string(k)
}
