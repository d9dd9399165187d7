package lessons

import (
	"io/fs"
	"regexp"
	"strings"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/text"
)

// manifestComments holds, per language other than English, one comment per
// manifest (examples/comments.<lang>.md, a section per file name).
var manifestComments = func() map[string]map[string]text.Section {
	out := map[string]map[string]text.Section{}
	for _, lang := range text.Languages {
		data, err := fs.ReadFile(examples.FS, "comments."+lang+".md")
		if err != nil {
			continue // English: the files' own comments
		}
		secs, err := text.Parse(data)
		if err != nil {
			panic("examples/comments." + lang + ".md: " + err.Error())
		}
		out[lang] = secs
	}
	return out
}()

// localManifest returns a manifest as a lesson shows it in lang: in English
// the file as it is; in another language the file's comment in that
// language, then the YAML with its English comments taken out.
func localManifest(lang, file string, data []byte) []byte {
	sec, ok := manifestComments[lang][file]
	if !ok {
		return data
	}
	var b strings.Builder
	for _, line := range strings.Split(sec.Body, "\n") {
		b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	b.WriteString(uncomment(string(data)))
	return []byte(b.String())
}

var blockScalar = regexp.MustCompile(`[|>][-+]?[0-9]?$`)

// uncomment removes the comments of a YAML file: whole comment lines,
// and a comment after a value. The text of block scalars (`|`, `>`) is kept
// as it is, and so is a # inside quotes.
func uncomment(yaml string) string {
	var b strings.Builder
	block := -1 // indentation of the key that opened a block scalar
	for _, line := range strings.Split(strings.TrimSuffix(yaml, "\n"), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if block >= 0 {
			if trimmed == "" || indent > block {
				b.WriteString(line + "\n")
				continue
			}
			block = -1
		}
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		line = strings.TrimRight(cutComment(line), " \t")
		if blockScalar.MatchString(line) {
			block = indent
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// cutComment cuts a line at a # that starts a comment: after a space, and
// outside quotes.
func cutComment(line string) string {
	var quote rune
	prev := ' '
	for i, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (prev == ' ' || prev == '\t'):
			return line[:i]
		}
		prev = c
	}
	return line
}

// LocalManifest is localManifest for commands outside a lesson (kpod
// examples): file is the manifest's file name.
func LocalManifest(lang, file string, data []byte) []byte { return localManifest(lang, file, data) }
