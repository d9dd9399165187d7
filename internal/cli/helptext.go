package cli

import (
	"embed"
	"strings"

	"github.com/spf13/cobra"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/text"
)

// Annotations that name where a command's help is: a tool's key in
// helpTexts (describe), a lesson's name (newCmdLesson).
const (
	helpKey   = "kpod.dev/help"
	lessonKey = "kpod.dev/lesson"
)

//go:embed help/*.md
var helpFiles embed.FS

// helpTexts are the help of kpod's tools, in help/en.md and help/ko.md:
// "## KEY: short" with the long text under it for a command,
// "## KEY.example" for its examples, "## flag.NAME: usage" for a flag
// (addFlag names its key), "## KEY.NAME: usage" where a command's flag
// says something else, and "## usage.*" for the frame every help shares.
// A lesson's help comes from the lesson's own texts.
var helpTexts = text.MustLoadDir(helpFiles, "help")

// helpFacts fill the help's names that come from the code.
var helpFacts = text.Facts{
	"Namespace": practice.DefaultNamespace, "Selector": kube.KpodSelector,
	"Label": kind.OwnerLabel, "Image": strings.Split(defaults.Image, "@")[0],
}

// helpText is key's help in lang, filled from facts, and whether lang has
// it: the one lookup of the help in either language. Its {{kpod}} is left
// for the caller, who knows how kpod is run: a text that calls it does
// not render here and reads as it is.
func helpText(lang, key string, facts text.Facts) (text.Section, bool) {
	sec, ok := helpTexts.Lookup(lang, key)
	if !ok {
		return sec, false
	}
	fill := func(s string) string {
		out, _, _ := text.Render(s, nil, facts)
		return out
	}
	return text.Section{Title: fill(sec.Title), Body: fill(sec.Body)}, true
}

// with is facts and k: v.
func with(facts text.Facts, k string, v any) text.Facts {
	out := text.Facts{k: v}
	for k, v := range facts {
		out[k] = v
	}
	return out
}

// indent indents an example's lines as cobra's are.
func indent(example string) string {
	lines := strings.Split(example, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// namespacesKey marks the commands whose help states kpod's one
// namespace rule (usage.namespaces): those that work in or look in kpod's
// namespaces.
const namespacesKey = "kpod.dev/namespaces"

// statesNamespaces makes cmd's help state the namespace rule.
func statesNamespaces(cmd *cobra.Command) {
	annotate(cmd, namespacesKey, "1")
}

// describe gives cmd its help: key's text in help/en.md (Short, Long and
// Example, where cobra and shell completion read them), with kpod named
// program, the way the student runs it; the help reads key in the
// session's language as it prints (helper.about).
func describe(cmd *cobra.Command, key, program string) {
	if sec, ok := helpText("en", key, with(helpFacts, "Program", program)); ok {
		cmd.Short, cmd.Long = sec.Title, sec.Body
	}
	if sec, ok := helpText("en", key+".example", nil); ok {
		cmd.Example = text.Scene{Program: program}.Fill(indent(sec.Body), nil)
	}
	annotate(cmd, helpKey, key)
}
