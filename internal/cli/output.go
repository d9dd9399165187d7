package cli

import (
	"io"
	"strings"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// output is how a command speaks to the user: the streams, the printers,
// the language, and the flags that shape them.
type output struct {
	Name    string              // how the user called kpod: "kpod" or "kubectl kpod"
	Streams ui.Streams          // Out checked for failed writes
	Getenv  func(string) string // the environment
	Global  GlobalOptions       // the shared flags, bound by newCmdRoot

	language string         // kpod's language, settled from the command line (settleLang)
	stdout   *checkedWriter // stdout, keeping its first failed write
	printOut *ui.Printer    // outPrinter and errPrinter, made on first use, after the flags are read
	printErr *ui.Printer
}

// newOutput speaks on streams, in the language args and getenv settle.
func newOutput(name string, streams ui.Streams, getenv func(string) string, args []string) *output {
	stdout := &checkedWriter{w: streams.Out}
	streams.Out = stdout // a write that fails (a full disk, a closed pipe) fails the command
	return &output{Name: name, Streams: streams, Getenv: getenv, language: settleLang(args, getenv), stdout: stdout}
}

// GlobalOptions are the flags every command takes besides kubectl's.
type GlobalOptions struct {
	lang      string // --lang as given, checked by Validate; kpod speaks output.lang()
	NoColor   bool
	Theme     string
	Width     int
	Output    string
	Verbosity int
}

// outPrinter prints a command's results on stdout with kpod's styles.
// errPrinter narrates on stderr. Each decides colour by its own stream.
func (out *output) outPrinter() *ui.Printer {
	if out.printOut == nil {
		getenv := out.Getenv
		if out.Global.Theme != "" { // --theme wins over KPOD_THEME
			getenv = func(k string) string {
				if k == "KPOD_THEME" {
					return out.Global.Theme
				}
				return out.Getenv(k)
			}
		}
		out.printOut, out.printErr = out.Streams.Printers(getenv, out.Global.NoColor)
		if out.Global.Width > 0 {
			out.printOut.Width, out.printErr.Width = out.Global.Width, out.Global.Width
		}
	}
	return out.printOut
}

// errPrinter narrates on stderr, as outPrinter prints results on stdout.
func (out *output) errPrinter() *ui.Printer {
	out.outPrinter()
	return out.printErr
}

// wrap fits text to stdout's width (--width, else the terminal's, else
// 80), its lines after the first indented by hang columns.
func (out *output) wrap(text string, hang int) string {
	return ui.Wrap(text, out.outPrinter().Width, 0, strings.Repeat(" ", hang))
}

// row is prefix, then text wrapped to stdout's width under itself: a
// table row whose last column may be long (a lesson's title).
func (out *output) row(prefix, text string) string {
	col := ui.Width(prefix)
	return prefix + ui.Wrap(text, out.outPrinter().Width, col, strings.Repeat(" ", col))
}

func (out *output) json() bool { return out.Global.Output == "json" }

// lang is the language of kpod's texts, settled when the command line
// was given (settleLang).
func (out *output) lang() string { return out.language }

// langChosen reports whether the student chose kpod's language: --lang,
// or an environment that says one other than English.
func (out *output) langChosen() bool { return out.Global.lang != "" || out.lang() != "en" }

// settleLang is the language of kpod's texts for the command line args:
// its --lang, else the environment (text.Lang). It is read before cobra
// parses the flags, so that help and an error in the flags are said in
// it too. A --lang that names no language of kpod's leaves the
// environment's, in which GlobalOptions.Validate refuses it.
func settleLang(args []string, getenv func(string) string) string {
	if lang, ok := text.Lang(langArg(args), getenv); ok {
		return lang
	}
	if lang, ok := text.Lang("", getenv); ok {
		return lang
	}
	return "en"
}

// langArg is the value of the last --lang in args (as for any flag given
// twice, the last one counts), or "".
func langArg(args []string) string {
	lang := ""
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			lang = v
		} else if arg == "--lang" && i+1 < len(args) {
			lang = args[i+1]
		}
	}
	return lang
}

// say is the command line's message key in the session's language,
// filled with facts, naming kpod as the user runs it: the one way a
// command says its own words.
func (out *output) say(key string, facts text.Facts) string {
	return out.scene().Say(words, key, facts)
}

// tell is err in the session's language, naming kpod as the user runs it.
func (out *output) tell(err error) string { return out.scene().Tell(err) }

// scene is who the session's texts are told to: the user's language, and
// kpod named as they run it ("kubectl kpod" as a kubectl plugin).
func (out *output) scene() text.Scene { return text.Scene{Program: out.Name, Lang: out.lang()} }

// examples fills the program name ({{kpod}}) into an example text.
func (out *output) examples(s string) string {
	return text.Scene{Program: out.Name}.Fill(s, nil)
}

// reporter shows a run's events: JSON records with -o json, else text.
// requests, when not nil, are the API requests the JSON done record counts.
func (out *output) reporter(since func() time.Duration, requests *kube.Requests) report.Reporter {
	if out.json() {
		return newJSON(out.Streams.Out, out.lang(), since, requests)
	}
	return report.NewHumanTo(out.outPrinter())
}

// newJSON writes a run's JSON records to w, its lesson record in lang.
func newJSON(w io.Writer, lang string, since func() time.Duration, requests *kube.Requests) *report.JSON {
	j := report.NewJSON(w, since)
	j.Lang = lang
	j.Requests = requests
	return j
}

// checkedWriter keeps the first error of the writes to w.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}
