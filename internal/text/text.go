package text

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Languages kpod speaks, in the order they are offered.
var Languages = []string{"en", "ko"}

// Lang picks the language: flag, else the first of KPOD_LANG, LC_ALL,
// LC_MESSAGES and LANG that is set, as POSIX orders them (ko_* means
// Korean; any other value, such as C, English). It is false for a flag
// that names no language of kpod's. getenv is the environment the caller
// was given (os.Getenv in kpod, a func in a test).
func Lang(flag string, getenv func(string) string) (string, bool) {
	pick := func(s string) string {
		s = strings.ToLower(s)
		for _, l := range Languages {
			if s == l || strings.HasPrefix(s, l+"_") || strings.HasPrefix(s, l+"-") || strings.HasPrefix(s, l+".") {
				return l
			}
		}
		return ""
	}
	if flag != "" {
		l := pick(flag)
		return l, l != ""
	}
	for _, key := range []string{"KPOD_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(key); v != "" { // the first one set wins, as POSIX orders them
			if l := pick(v); l != "" {
				return l, true
			}
			return "en", true
		}
	}
	return "en", true
}

// Section is one part of a text file: "## key: Title" followed by its body.
type Section struct {
	Title string
	Body  string
	// Notes are the section's lines that are a whole HTML comment
	// ("<!-- claim: ... -->"), kept out of Body: for tools, not readers.
	Notes []string
}

// Text holds a package's (or a lesson's) words in every language.
type Text map[string]map[string]Section

// Parse reads a text file. "# Title" becomes the key "title", the lines
// before the first "## " heading become "intro", and every "## key" or
// "## key: Title" heading starts a section.
func Parse(data []byte) (map[string]Section, error) {
	out := map[string]Section{}
	key, title := "intro", ""
	var body strings.Builder
	var notes []string
	flush := func() {
		b := strings.TrimSpace(body.String())
		if b != "" || title != "" || notes != nil {
			out[key] = Section{Title: title, Body: b, Notes: notes}
		}
		body.Reset()
		notes = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# ") && len(out) == 0 && key == "intro" && body.Len() == 0:
			out["title"] = Section{Title: strings.TrimSpace(line[2:])}
		case strings.HasPrefix(line, "## "):
			flush()
			head := strings.TrimSpace(line[3:])
			key, title, _ = strings.Cut(head, ":")
			key, title = strings.TrimSpace(key), strings.TrimSpace(title)
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("section %q appears twice", key)
			}
		case strings.HasPrefix(strings.TrimSpace(line), "<!--") && strings.HasSuffix(strings.TrimSpace(line), "-->"):
			n := strings.TrimSpace(line)
			notes = append(notes, strings.TrimSpace(n[4:len(n)-3]))
		default:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
	return out, sc.Err()
}

// Load reads <lang>.md for every language from fsys.
func Load(fsys fs.FS) (Text, error) {
	t := Text{}
	for _, lang := range Languages {
		data, err := fs.ReadFile(fsys, lang+".md")
		if err != nil {
			return nil, err
		}
		secs, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s.md: %w", lang, err)
		}
		t[lang] = secs
	}
	return t, nil
}

// MustLoad is like Load but panics on an error: for embedded files, which are
// known at build time.
func MustLoad(fsys fs.FS) Text {
	t, err := Load(fsys)
	if err != nil {
		panic(err)
	}
	return t
}

// MustLoadDir is like MustLoad for the folder dir of fsys (a package's
// messages/).
func MustLoadDir(fsys fs.FS, dir string) Text {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return MustLoad(sub)
}

// Missing lists keys that one language has and another lacks.
func (t Text) Missing() []string {
	var out []string
	for _, a := range Languages {
		for key := range t[a] {
			for _, b := range Languages {
				if _, ok := t[b][key]; !ok {
					out = append(out, fmt.Sprintf("%s.md lacks %q (found in %s.md)", b, key, a))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Get returns the section for key in lang, falling back to English. A key
// in no language gives an empty section.
func (t Text) Get(lang, key string) Section {
	s, _ := t.Lookup(lang, key)
	return s
}

// Lookup is like Get, and also reports whether key exists.
func (t Text) Lookup(lang, key string) (Section, bool) {
	if s, ok := t[lang][key]; ok {
		return s, true
	}
	s, ok := t["en"][key]
	return s, ok
}

// Has reports whether key exists in English.
func (t Text) Has(key string) bool {
	_, ok := t["en"][key]
	return ok
}

// Err returns an Error for key of t, filled with facts.
func (t Text) Err(key string, facts Facts) *Error {
	return &Error{Key: key, Facts: facts, Words: t}
}
