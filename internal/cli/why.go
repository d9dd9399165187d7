package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/ui"
)

// WhyOptions are kpod why's flags.
type WhyOptions struct {
	noValidate // cobra checked the arguments

	inv *invocation

	PodTarget
	Kind  string // Pod, or the Deployment, ReplicaSet or Job that makes it
	Hints bool
	Watch bool // follow the Pod: each new cause once
}

// newWhyOptions are kpod why's defaults.
func newWhyOptions(inv *invocation) *WhyOptions {
	return &WhyOptions{inv: inv, PodTarget: PodTarget{cluster: inv.clusterAccess}}
}

func newCmdWhy(inv *invocation) *cobra.Command {
	o := newWhyOptions(inv)
	cmd := &cobra.Command{
		Use:               "why POD|KIND/NAME",
		ValidArgsFunction: completer{inv.clusterAccess}.pods(),
		Args:              oneArg("err.cli.why.none"),
		RunE:              runE(o),
	}
	addFlag(cmd.Flags(), &o.Hints, "hints", "", "flag.hints")
	addFlag(cmd.Flags(), &o.Watch, "watch", "w", "why.watch")
	describe(cmd, "why", inv.Name)
	statesNamespaces(cmd)
	return cmd
}

// Complete takes the Pod and where to look: -n, else the lessons',
// practice's and the context's namespaces.
func (o *WhyOptions) Complete(args []string) error {
	kind, name, err := splitTarget(args[0])
	if err != nil {
		return err
	}
	o.Kind = kind
	return o.PodTarget.Complete([]string{name})
}

// Run diagnoses the Pod.
func (o *WhyOptions) Run(ctx context.Context) error {
	inv := o.inv
	c, err := inv.connect(ctx)
	if err != nil {
		return err
	}
	var pod *corev1.Pod
	if o.Kind != "Pod" { // a controller's refusal, else its first Pod that is not ready
		own, err := findOwner(ctx, c.Client, o.Namespaces, o.Kind, o.Pod)
		if err != nil {
			return err
		}
		if d, refused := diagnose.DiagnoseOwner(own.owner, inv.scene()); refused || len(own.pods) == 0 {
			return o.print(d, time.Time{})
		}
		pod = &own.pods[0]
		o.Pod = pod.Name
	} else if pod, err = o.get(ctx, c.Client); err != nil {
		return err
	}
	if o.Watch {
		return diagnose.Watch{Client: c.Client, Clock: inv.Clock, Scene: inv.scene(), Say: o.print}.Follow(ctx, pod)
	}
	events, err := kube.PodEvents(ctx, c.Client, pod)
	if err != nil {
		return err
	}
	in := diagnose.ClusterOf(c.Client).Gather(ctx, pod, events, inv.Clock.Now())
	return o.print(diagnose.Diagnose(in, inv.scene()), time.Time{})
}

// print says one diagnosis: a record, or the text for people; at is when
// kpod why -w saw it (zero: a single diagnosis).
func (o *WhyOptions) print(d diagnose.Diagnosis, at time.Time) error {
	inv := o.inv
	if inv.json() {
		rec := struct {
			recordHead
			diagnose.Diagnosis
			At string `json:"at,omitempty"`
		}{recordHead: recordHead{schemaWhy, "diagnosis"}, Diagnosis: d}
		if !at.IsZero() {
			rec.At = at.UTC().Format(time.RFC3339)
		}
		return json.NewEncoder(inv.Streams.Out).Encode(rec)
	}
	if !at.IsZero() {
		fmt.Fprintln(inv.Streams.Out, inv.outPrinter().Theme.Subtle("— "+at.Local().Format("15:04:05")+" —"))
	}
	printDiagnosis(inv.Streams.Out, inv.outPrinter().Theme, inv.outPrinter().Width, inv.lang(), d, o.Hints)
	if !at.IsZero() {
		fmt.Fprintln(inv.Streams.Out)
	}
	return nil
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
	label := func(name string) string { return diagnose.Label(lang, name) }
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
	object := "pod/" + d.Pod
	if d.Object != "" {
		object = d.Object
	}
	fmt.Fprintf(w, "%s %s (%s)\n", t.Label(label("state")+":"), object, d.Namespace)
	fmt.Fprintf(w, "  %s\n\n", t.Heading(wrap(d.State, 2, "  ")))
	fmt.Fprintf(w, "%s %s\n", t.Label(label("cause")+":"), t.Heading(wrap(d.Title, ui.Width(label("cause"))+2, "  ")))
	fmt.Fprintf(w, "%s\n\n", wrap(indentLines(d.Cause, "  "), 0, ""))
	fmt.Fprintf(w, "%s\n", t.Label(label("evidence")+":"))
	if len(d.Evidence) == 0 {
		fmt.Fprintf(w, "  %s\n", label("none"))
	}
	for i, e := range d.Evidence {
		if i > 0 {
			fmt.Fprintln(w)
		}
		switch e.Kind {
		case "event":
			labelled(e.Label(lang), e.Text)
		case "field":
			labelled(fieldName(e.Field), e.Text)
		case "logs":
			fmt.Fprintf(w, "  %s:\n%s\n", t.Subtle(e.Label(lang)), indentLines(t.Output(e.Text), "    | "))
		}
		for _, l := range strings.Split(ui.WrapCommand(e.Command, width, "  ", "$ "), "\n") {
			fmt.Fprintln(w, t.Command(l))
		}
	}
	if hints && len(d.Hints) > 0 {
		fmt.Fprintf(w, "\n%s\n", t.Label(label("hints")+":"))
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
