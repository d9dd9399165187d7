package lessons

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"text/template"
)

// Languages kpod speaks, in the order they are offered.
var Languages = []string{"en", "ko"}

// Section is one part of a text file: "## key: Title" followed by its body.
type Section struct {
	Title string
	Body  string
}

// Text holds a lesson's (or the engine's) words in every language.
type Text map[string]map[string]Section

// ParseText reads a text file. "# Title" becomes the key "title", the lines
// before the first "## " heading become "intro", and every "## key" or
// "## key: Title" heading starts a section.
func ParseText(data []byte) (map[string]Section, error) {
	out := map[string]Section{}
	key, title := "intro", ""
	var body strings.Builder
	flush := func() {
		b := strings.TrimSpace(body.String())
		if b != "" || title != "" {
			out[key] = Section{Title: title, Body: b}
		}
		body.Reset()
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
		default:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
	return out, sc.Err()
}

// LoadText reads <lang>.md for every language from fsys.
func LoadText(fsys fs.FS) (Text, error) {
	t := Text{}
	for _, lang := range Languages {
		data, err := fs.ReadFile(fsys, lang+".md")
		if err != nil {
			return nil, err
		}
		secs, err := ParseText(data)
		if err != nil {
			return nil, fmt.Errorf("%s.md: %w", lang, err)
		}
		t[lang] = secs
	}
	return t, nil
}

// MustLoadText is LoadText for embedded files, which are known at build time.
func MustLoadText(fsys fs.FS) Text {
	t, err := LoadText(fsys)
	if err != nil {
		panic(err)
	}
	return t
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

// Get returns the section for key in lang, falling back to English, then to
// the key itself so a missing text is visible rather than silent.
func (t Text) Get(lang, key string) Section {
	if s, ok := t[lang][key]; ok {
		return s
	}
	if s, ok := t["en"][key]; ok {
		return s
	}
	return Section{Title: key, Body: key}
}

// Has reports whether key exists in English.
func (t Text) Has(key string) bool {
	_, ok := t["en"][key]
	return ok
}

// Fill runs s as a template over data ({{.Node}}, {{.Pod}} ...).
func Fill(s string, data any) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	tpl, err := template.New("").Option("missingkey=zero").Parse(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		return s
	}
	return b.String()
}
