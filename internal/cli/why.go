package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// WhyOptions are kpod why's flags.
type WhyOptions struct {
	noValidate // cobra checked the arguments

	f *Factory

	PodTarget
	Hints bool
}

// NewWhyOptions are kpod why's defaults.
func NewWhyOptions(f *Factory) *WhyOptions { return &WhyOptions{f: f, PodTarget: PodTarget{f: f}} }

func newCmdWhy(f *Factory, runF func(*WhyOptions) error) *cobra.Command {
	o := NewWhyOptions(f)
	cmd := &cobra.Command{
		Use:   "why POD",
		Short: "Say why a Pod is in its state: the cause, the evidence, the kubectl command (read-only)",
		Long: "Diagnose any Pod from its status, its Events and its containers' last log lines:\n" +
			"what state it is in, the cause in plain words, the evidence in the cluster and the\n" +
			"kubectl command that shows it. kpod only reads: it changes nothing.",
		ValidArgsFunction: completePods(f),
		Example:           f.examples("  {{kpod}} why web\n  {{kpod}} why web -n shop --hints\n  {{kpod}} why web -o json"),
		Args:              oneArg(f, "err.cli.why.none"),
		RunE:              runE(o, runF),
	}
	cmd.Flags().BoolVar(&o.Hints, "hints", false, "also print the hints, from a gentle one to the solution")
	describe(cmd, "why")
	statesNamespaces(cmd)
	return cmd
}

// Run diagnoses the Pod.
func (o *WhyOptions) Run(ctx context.Context) error {
	f := o.f
	c, pod, err := o.find(ctx)
	if err != nil {
		return err
	}
	in, err := WhyInput(ctx, c.Client, pod.Namespace, o.Pod)
	if err != nil {
		return err
	}
	in.Now = f.Now()
	d := diagnose.Diagnose(in, f.Global.Lang)
	if f.json() {
		return json.NewEncoder(f.Streams.Out).Encode(struct {
			recordHead
			diagnose.Diagnosis
		}{recordHead{schemaWhy, "diagnosis"}, d})
	}
	d.Cause = f.brand(d.Cause)
	for i := range d.Hints {
		d.Hints[i] = f.brand(d.Hints[i])
	}
	printDiagnosis(f.Streams.Out, f.theme(), f.out().Width, f.Global.Lang, d, o.Hints)
	return nil
}

// WhyInput fetches what a diagnosis reads: the Pod, its Events and the log
// lines the diagnosis asks for. Logs that cannot be had are left out.
func WhyInput(ctx context.Context, client kubernetes.Interface, ns, name string) (diagnose.Input, error) {
	pod, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if kube.IsNotFound(err) {
		return diagnose.Input{}, text.Err("err.cli.nopod", text.Facts{"Pod": name, "Namespace": ns})
	}
	if err != nil {
		return diagnose.Input{}, kube.Explain(err)
	}
	events, err := kube.PodEvents(ctx, client, pod)
	if err != nil {
		return diagnose.Input{}, err
	}
	in := diagnose.Input{Pod: pod, Events: events, Logs: map[string]string{}}
	tail := int64(diagnose.LogLines)
	for _, r := range diagnose.LogsWanted(pod) {
		out, err := client.CoreV1().Pods(ns).GetLogs(name, &corev1.PodLogOptions{Container: r.Container, Previous: r.Previous, TailLines: &tail}).DoRaw(ctx)
		if err == nil {
			in.Logs[r.Container] = string(out)
		}
	}
	return in, nil
}

var containerFilter = regexp.MustCompile(`\[\?\(@\.(?:name|type)=="([^"]*)"\)\]`)

// fieldName shortens a JSONPath for people: {.status.containerStatuses[?(@.name=="web")].state}
// reads status.containerStatuses[web].state.
func fieldName(field string) string {
	f := strings.TrimSuffix(strings.TrimPrefix(field, "{."), "}")
	return containerFilter.ReplaceAllString(f, "[$1]")
}

// printDiagnosis prints d for people, wrapped to width: prose under its
// label, commands between their words (ui.WrapCommand).
func printDiagnosis(w io.Writer, t ui.Theme, width int, lang string, d diagnose.Diagnosis, hints bool) {
	label := func(key string) string { return diagnose.Texts.Get(lang, key).Title }
	wrap := func(s string, first int, hang string) string { return ui.Wrap(s, width, first, hang) }
	// "  label: text", the text on a line of its own when its first word
	// does not fit beside the label
	labelled := func(label, text string) {
		first := strings.SplitN(strings.TrimSpace(text), " ", 2)[0]
		if width > 0 && 4+ui.Width(label)+ui.Width(first) > width {
			fmt.Fprintf(w, "  %s:\n    %s\n", t.Subtle(label), wrap(text, 4, "    "))
			return
		}
		fmt.Fprintf(w, "  %s: %s\n", t.Subtle(label), wrap(text, ui.Width(label)+4, "    "))
	}
	fmt.Fprintf(w, "%s pod/%s (%s)\n", t.Label(label("label.state")+":"), d.Pod, d.Namespace)
	fmt.Fprintf(w, "  %s\n\n", t.Heading(wrap(d.State, 2, "  ")))
	fmt.Fprintf(w, "%s %s\n", t.Label(label("label.cause")+":"), t.Heading(wrap(d.Title, ui.Width(label("label.cause"))+2, "  ")))
	fmt.Fprintf(w, "%s\n\n", wrap(indentLines(d.Cause, "  "), 0, ""))
	fmt.Fprintf(w, "%s\n", t.Label(label("label.evidence")+":"))
	if len(d.Evidence) == 0 {
		fmt.Fprintf(w, "  %s\n", label("label.none"))
	}
	for i, e := range d.Evidence {
		if i > 0 {
			fmt.Fprintln(w)
		}
		switch e.Kind {
		case "event":
			labelled(diagnose.Text(lang, "label.event", e).Body, e.Text)
		case "field":
			labelled(fieldName(e.Field), e.Text)
		case "logs":
			key := "label.logs"
			if e.Previous {
				key = "label.logs.previous"
			}
			fmt.Fprintf(w, "  %s:\n%s\n", t.Subtle(diagnose.Text(lang, key, e).Body), indentLines(t.Output(e.Text), "    | "))
		}
		for _, l := range strings.Split(ui.WrapCommand(e.Command, width, "  ", "$ "), "\n") {
			fmt.Fprintln(w, t.Command(l))
		}
	}
	if hints && len(d.Hints) > 0 {
		fmt.Fprintf(w, "\n%s\n", t.Label(label("label.hints")+":"))
		for i, h := range d.Hints {
			fmt.Fprintf(w, "  %d. %s\n", i+1, wrap(h, 5, "     "))
		}
	}
}

func indentLines(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = pre + lines[i]
	}
	return strings.Join(lines, "\n")
}
