package diagnose

import (
	"embed"
	"fmt"
	"strings"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var textFiles embed.FS

// words are the diagnosis's words, in every language: "## key: Title"
// sections as in the lessons.
var words = text.MustLoad(textFiles)

// Text returns a section of words told in sc, filled from the fields of v
// (Details or Evidence), as Scene.Fill fills a text.
func Text(sc text.Scene, key string, v any) text.Section {
	s := words.Get(sc.Lang, key)
	facts := text.Of(v)
	return text.Section{Title: sc.Fill(s.Title, facts), Body: sc.Fill(s.Body, facts)}
}

// keys lists the text keys the diagnosis uses: the cause sentences first,
// then the hints, each once.
func keys(out Diagnosis, f Details) (cause, hints []string) {
	c, v := out.Case, out.Variant
	base := c
	if v != "" {
		base += "." + v
	}
	cause = []string{base}
	switch {
	case c == ProbeFailing && f.Probe == "readiness" && f.Services != "":
		cause = append(cause, "probe.effect.readiness.service")
	case c == ProbeFailing:
		cause = append(cause, "probe.effect."+f.Probe)
	case c == OOMKilled && f.Used != "":
		cause = append(cause, "oom-killed.used")
	}
	if f.LogLine != "" && (c == CrashLoop || c == OOMKilled || c == InitStuck && v != "dns") {
		cause = append(cause, "logline")
	}
	if k := fmt.Sprintf("exit.%d", f.ExitCode); c == CrashLoop && v != "completed" && words.Has(k) {
		cause = append(cause, k)
	}
	if f.Restarts > 0 && (c == CrashLoop || c == OOMKilled || c == ProbeFailing && f.Probe != "readiness") {
		cause = append(cause, "restarts")
	}
	if f.BackOff != "" {
		cause = append(cause, "backoff")
	}
	for n := 1; n <= 3; n++ {
		for _, k := range []string{fmt.Sprintf("%s.hint%d", base, n), fmt.Sprintf("%s.hint%d", c, n)} {
			if words.Has(k) {
				hints = append(hints, k)
				break
			}
		}
	}
	return cause, hints
}

// render writes the texts in the reader's language.
func (d *diag) render() {
	f := d.facts
	f.ProbeText = words.Get(d.scene.Lang, "probe.name."+f.Probe).Body
	if f.Kind != "" {
		f.KindText = words.Get(d.scene.Lang, "kind."+f.Kind).Body
	}
	if f.Container == "" {
		f.Container = "CONTAINER"
	}
	cause, hints := keys(d.out, d.facts)
	var body []string
	for i, k := range cause {
		s := Text(d.scene, k, f)
		if i == 0 {
			d.out.Title = s.Title
		}
		body = append(body, s.Body)
	}
	d.out.Cause = strings.Join(body, " ")
	for _, k := range hints {
		d.out.Hints = append(d.out.Hints, Text(d.scene, k, f).Body)
	}
	d.out.Container = d.facts.Container
}

// Label returns the heading a diagnosis prints its part name under, in lang:
// name is "state", "cause", "evidence", "none" (no evidence) or "hints".
func Label(lang, name string) string { return words.Get(lang, "label."+name).Title }

// Label returns the heading of a piece of evidence in lang: the Event it
// quotes, or the container whose logs it quotes; "" for a field (its name is
// its heading).
func (e Evidence) Label(lang string) string {
	switch {
	case e.Kind == "event":
		return Text(text.Scene{Lang: lang}, "label.event", e).Body
	case e.Kind == "logs" && e.Previous:
		return Text(text.Scene{Lang: lang}, "label.logs.previous", e).Body
	case e.Kind == "logs":
		return Text(text.Scene{Lang: lang}, "label.logs", e).Body
	}
	return ""
}
