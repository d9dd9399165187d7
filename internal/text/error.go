package text

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// A Source is where an Error's key is found: a Text, or Texts read in
// order.
type Source interface {
	Lookup(lang, key string) (Section, bool)
}

// Error is an error the user reads, told from kpod's texts: Key names a
// message, Facts fill it, and Err is its cause, if any ({{.Err}} in the
// text, itself told in the same language). Code below the CLI returns it
// without knowing the reader; the CLI tells it in the reader's language,
// naming kpod as they run it, with Scene.Tell.
type Error struct {
	Key   string
	Facts Facts
	Err   error
	// Words hold Key; an Error without them reads as its key and facts.
	Words Source
}

// Because returns a copy of the error with err as its cause, so that a
// package's sentinel Error stays as it was.
func (e *Error) Because(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// Error returns the English text, for logs and for errors that are wrapped.
func (e *Error) Error() string { return e.In(Scene{}) }

func (e *Error) Unwrap() error { return e.Err }

// In returns the error's text told in sc.
func (e *Error) In(sc Scene) string {
	facts := sc.Told(e.Facts)
	if e.Err != nil {
		facts["Err"] = sc.Tell(e.Err)
	}
	if e.Words != nil {
		return sc.Say(e.Words, e.Key, facts)
	}
	return bare(e.Key, facts)
}

// bare returns key followed by its facts, told: what an Error without words
// reads as.
func bare(key string, facts Facts) string {
	keys := make([]string, 0, len(facts))
	for k, v := range facts {
		keys = append(keys, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(keys)
	return strings.TrimSpace(key + " " + strings.Join(keys, " "))
}

// teller is an error that can say itself in a scene.
type teller interface{ In(sc Scene) string }

// Tell returns err's text told in sc. An error that can say itself in a scene
// does so; one that puts words around such an error (fmt.Errorf("pod/%s: %w",
// ...)) keeps its words and tells the error; errors.Join's errors are told
// one by one; any other error gives its own text.
func (sc Scene) Tell(err error) string {
	if err == nil {
		return ""
	}
	if t, ok := err.(teller); ok {
		return t.In(sc)
	}
	msg := err.Error()
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil {
			if before, after, ok := strings.Cut(msg, inner.Error()); ok {
				return before + sc.Tell(inner) + after
			}
		}
	case interface{ Unwrap() []error }:
		var each, told []string
		for _, e := range u.Unwrap() {
			each, told = append(each, e.Error()), append(told, sc.Tell(e))
		}
		if msg == strings.Join(each, "\n") {
			return strings.Join(told, "\n")
		}
	}
	return msg
}

// Key returns the message key of the first Error in err's chain, or "".
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

// Texts are several packages' words, read in order: the first that has a
// key tells it.
type Texts []Text

// Shadowed lists each key that two of ts have, in any language, with the
// titles of the two: only the first tells it, so which one a reader sees
// depends on the order. A file's title and intro are its own, not
// messages, and are not listed.
func (ts Texts) Shadowed() []string {
	var out []string
	for i, a := range ts {
		for _, b := range ts[i+1:] {
			for _, lang := range Languages {
				for key := range a[lang] {
					if _, ok := b[lang][key]; ok && key != "title" && key != "intro" {
						out = append(out, fmt.Sprintf("%s.md: %q is in %q and %q", lang, key, a.Get("en", "title").Title, b.Get("en", "title").Title))
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Lookup returns key's section in lang from the first Text that has it.
func (ts Texts) Lookup(lang, key string) (Section, bool) {
	for _, t := range ts {
		if sec, ok := t.Lookup(lang, key); ok {
			return sec, true
		}
	}
	return Section{}, false
}
