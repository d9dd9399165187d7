package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"
	"sigs.k8s.io/kind/pkg/log"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/ui"
)

// machine is what the cluster, images and doctor commands use on this
// computer (App.Machine makes it; tests give their own).
type machine struct {
	Detect   func(ctx context.Context) (kind.Engine, error)
	Provider func(engine string, logger log.Logger) kind.Provider
	Host     kind.Host
	Client   func(kubeconfig string) (kubernetes.Interface, error)
	LookPath func(string) (string, error)
	TempDir  string
}

// systemMachine is this computer: its container engines, kind, kubectl.
func systemMachine() *machine {
	d := kind.SystemDetector()
	return &machine{
		Detect:   func(ctx context.Context) (kind.Engine, error) { return d.Detect(ctx) },
		Provider: kind.NewProvider,
		Host:     kind.SystemHost(),
		Client:   kind.RESTClient,
		LookPath: exec.LookPath,
	}
}

// manager connects kind's steps to kpod's progress output on stderr.
func (a *App) manager(ctx context.Context, m *machine) (*kind.Manager, error) {
	eng, err := m.Detect(ctx)
	if err != nil {
		return nil, err
	}
	p := a.progress()
	return &kind.Manager{
		Engine:   eng,
		Provider: m.Provider(eng.Name(), kind.Logger(p)),
		Client:   m.Client,
		Progress: p,
		Network:  a.Getenv("KIND_EXPERIMENTAL_DOCKER_NETWORK"),
		Lang:     a.helpLang(),
		TempDir:  m.TempDir,
	}, nil
}

// managerFor checks a cluster name, then finds the container engine and
// makes the manager for the commands that act on an existing cluster.
func (a *App) managerFor(ctx context.Context, name string) (*kind.Manager, error) {
	if err := kind.ValidateName(name); err != nil {
		return nil, err
	}
	return a.manager(ctx, a.Machine())
}

func (a *App) kubeconfigPath() string {
	if a.flags.KubeConfig == nil {
		return ""
	}
	return *a.flags.KubeConfig
}

func (a *App) clusterCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Make, check and delete a local cluster for the lessons (kind, in Docker or Podman)",
		Long: "A local Kubernetes cluster made with kind: each node is a container in Docker or\n" +
			"Podman. kpod marks its clusters with the node label " + kind.OwnerLabel + "=NAME and\n" +
			"never changes or deletes a kind cluster without that mark.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.clusterCreateCmd(), a.clusterDeleteCmd(), a.clusterStatusCmd())
	return cmd
}

// ClusterCreateOptions are the flags of `kpod cluster create`.
type ClusterCreateOptions struct {
	Name    string
	Workers int
	Image   string
	Config  string
	Wait    time.Duration
	Retain  bool

	workersSet bool
}

func (a *App) clusterCreateCmd() *cobra.Command {
	o := &ClusterCreateOptions{}
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Make a local cluster: one control plane and two workers, context kind-NAME",
		Long: "Make a kind cluster laid out for the lessons (one control-plane node and two\n" +
			"workers, so lessons can show Pods landing on different nodes), write the\n" +
			"kubeconfig context kind-NAME and make it current, and wait until every node is\n" +
			"Ready. Running it again when the cluster exists changes nothing.\n\n" +
			"kpod looks at this machine first and adapts kind's config only where needed:\n" +
			"on a cgroup v1 host the kubelet gets failCgroupV1: false, and where containers\n" +
			"may not lower their oom score, containerd gets restrict_oom_score_adj = true.\n\n" +
			"The node image (default " + strings.Split(defaults.Image, "@")[0] + ") must be on this machine or\n" +
			"pullable. If anything fails, kpod leaves nothing behind.",
		Example: a.examples("  {{.}} cluster create\n  {{.}} cluster create --workers 1\n  {{.}} cluster create --name class --image kindest/node:v1.37.0\n  {{.}} cluster create --config my-kind.yaml"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.workersSet = cmd.Flags().Changed("workers")
			return a.clusterCreate(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Name, "name", kind.DefaultName, "cluster name (the kubeconfig context is kind-NAME)")
	f.IntVar(&o.Workers, "workers", kind.DefaultWorkers, "number of worker nodes")
	f.StringVar(&o.Image, "image", "", "node image for every node (default kind's, "+strings.Split(defaults.Image, "@")[0]+")")
	f.StringVar(&o.Config, "config", "", "a kind config file (kind.x-k8s.io/v1alpha4) instead of kpod's layout")
	f.DurationVar(&o.Wait, "wait", 5*time.Minute, "how long to wait for every node to be Ready")
	f.BoolVar(&o.Retain, "retain", false, "keep the nodes if making the cluster fails, to look at them")
	return cmd
}

// Validate checks the flags without touching anything.
func (o *ClusterCreateOptions) Validate() error {
	if err := kind.ValidateName(o.Name); err != nil {
		return err
	}
	if o.Workers < 0 {
		return ui.Err("err.cli.workers", ui.F{"Got": o.Workers})
	}
	if o.Config != "" && o.workersSet {
		return ui.Err("err.cli.workersconfig", nil)
	}
	if o.Wait <= 0 {
		return ui.Err("err.cli.positive", ui.F{"Flag": "--wait", "Got": o.Wait})
	}
	return nil
}

func (a *App) clusterCreate(ctx context.Context, o *ClusterCreateOptions) error {
	if err := o.Validate(); err != nil {
		return err
	}
	m := a.Machine()
	base := kind.Layout(o.Workers)
	if o.Config != "" {
		var err error
		if base, err = kind.LoadConfig(o.Config); err != nil {
			return err
		}
	}
	quirks, err := m.Host.Quirks()
	if err != nil {
		return ui.Err("err.cli.host", nil).Because(err)
	}
	cfg := kind.Prepare(base, o.Name, o.Image, quirks)
	mgr, err := a.manager(ctx, m)
	if err != nil {
		return err
	}
	res, err := mgr.Create(ctx, kind.CreateRequest{
		Name: o.Name, Config: cfg, Kubeconfig: a.kubeconfigPath(), Wait: o.Wait, Retain: o.Retain, Quirks: quirks,
	})
	if ctx.Err() != nil {
		return lessons.ErrInterrupted
	}
	if err != nil {
		return err
	}
	if a.output == "json" {
		out := struct {
			*kind.Result
			Quirks []kind.Quirk `json:"quirks"`
		}{res, quirks}
		if res.Existed || out.Quirks == nil {
			out.Quirks = []kind.Quirk{}
		}
		return json.NewEncoder(a.Streams.Out).Encode(out)
	}
	t := a.theme()
	w := a.Streams.Out
	f := ui.F{"Cluster": res.Cluster, "Context": res.Context, "Nodes": res.Nodes}
	if res.Existed {
		fmt.Fprintf(w, "%s %s\n", t.Good("✓"), a.say("cluster.exists", f))
		return nil
	}
	fmt.Fprintf(w, "%s %s\n", t.Good("✓"), a.say("cluster.ready", f))
	fmt.Fprintln(w, a.say("cluster.next", ui.F{"Doctor": t.Command(a.Name + " doctor"), "Lesson": t.Command(a.firstLesson())}))
	return nil
}

func (a *App) firstLesson() string {
	if len(a.Lessons) > 0 {
		return a.Name + " " + a.Lessons[0].Name
	}
	return a.Name
}

func (a *App) theme() ui.Theme { return a.out().Theme }

func (a *App) clusterDeleteCmd() *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "delete",
		Short: "Delete a cluster kpod made, with its kubeconfig context",
		Long: "Delete a kind cluster that kpod made, and its kubeconfig entries. A kind\n" +
			"cluster kpod did not make is left alone.",
		Example: a.examples("  {{.}} cluster delete\n  {{.}} cluster delete --name class"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			mgr, err := a.managerFor(cmd.Context(), name)
			if err != nil {
				return err
			}
			existed, err := mgr.Delete(name, a.kubeconfigPath())
			if err != nil {
				return err
			}
			if a.output == "json" {
				return json.NewEncoder(a.Streams.Out).Encode(map[string]any{"cluster": name, "deleted": existed})
			}
			if !existed {
				fmt.Fprintln(a.Streams.Out, a.say("cluster.delete.none", ui.F{"Cluster": name}))
				return nil
			}
			fmt.Fprintf(a.Streams.Out, "%s %s\n", a.theme().Good("✓"), a.say("cluster.deleted", ui.F{"Cluster": name}))
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", kind.DefaultName, "cluster name")
	return cmd
}

func (a *App) clusterStatusCmd() *cobra.Command {
	var name string
	images := map[string]*string{}
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "Show a local cluster's nodes, versions, readiness and lesson images",
		Example: a.examples("  {{.}} cluster status\n  {{.}} cluster status -o json"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			mgr, err := a.managerFor(cmd.Context(), name)
			if err != nil {
				return err
			}
			want, err := a.lessonImages(images)
			if err != nil {
				return err
			}
			st, err := mgr.Status(cmd.Context(), name, want)
			if err != nil {
				return err
			}
			if a.output == "json" {
				return json.NewEncoder(a.Streams.Out).Encode(st)
			}
			a.printStatus(st)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", kind.DefaultName, "cluster name")
	imageFlags(cmd, images)
	return cmd
}

func (a *App) printStatus(st *kind.Status) {
	t := a.theme()
	w := a.Streams.Out
	fmt.Fprintf(w, "%s\n", t.Title(a.say("cluster.status", ui.F{"Cluster": st.Cluster, "Context": st.Context, "Engine": st.Engine, "Kpod": st.Kpod})))
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tVERSION\tREADY\tLESSON IMAGES")
	missing := false
	for _, n := range st.Nodes {
		imgs := fmt.Sprintf("%d/%d", len(st.Images)-len(n.Missing), len(st.Images))
		if len(n.Missing) > 0 {
			imgs += " (" + a.say("cluster.status.lacks", ui.F{"Images": strings.Join(n.Missing, ", ")}) + ")"
			missing = true
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%s\n", n.Name, n.Role, n.Version, n.Ready, imgs)
	}
	tw.Flush()
	if missing {
		fmt.Fprintf(w, "%s %s\n", t.Warn("!"), a.say("cluster.status.missing", ui.F{"Command": t.Command(a.Name + " images load")}))
	}
}

// imageFlags adds --image-ROLE for every image role, as the lessons have.
func imageFlags(cmd *cobra.Command, images map[string]*string) {
	for _, r := range lessons.Roles {
		images[r.Name] = cmd.Flags().String("image-"+r.Name, "", fmt.Sprintf("%s (default %s; env %s)", r.Usage, r.Default, r.EnvName()))
	}
}

// lessonImages is every image the lessons use, with flag and environment
// overrides, in role order.
func (a *App) lessonImages(flags map[string]*string) ([]string, error) {
	chosen, err := a.imageChoice(flags)
	return imageList(chosen), err
}

// imageChoice is the image of each role, with flag and environment
// overrides, each checked to be an image reference.
func (a *App) imageChoice(flags map[string]*string) (map[string]string, error) {
	set := map[string]string{}
	for k, v := range flags {
		set[k] = *v
	}
	return lessons.ChooseImages(set, a.Getenv)
}

// imageList is the distinct images of chosen, in role order.
func imageList(chosen map[string]string) []string {
	var out []string
	for _, r := range lessons.Roles {
		img := chosen[r.Name]
		if !slices.Contains(out, img) {
			out = append(out, img)
		}
	}
	return out
}

// progress shows kind's and kpod's steps on stderr: a spinner on a smart
// terminal, one line per step otherwise.
type progress struct {
	mu     sync.Mutex
	p      *ui.Printer
	done   func()
	failed func(step string) string // "step: failed", in the session's language
}

func (a *App) progress() *progress {
	return &progress{p: a.err(), failed: func(step string) string { return a.say("cluster.step.failed", ui.F{"Step": step}) }}
}

func (p *progress) Start(step string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop()
	if p.p.Smart {
		p.done = p.p.Spin(step)
		return
	}
	p.p.Line(ui.Info, step+" ...")
}

func (p *progress) End(step string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop()
	if ok {
		p.p.Line(ui.OK, step)
	} else {
		p.p.Line(ui.Warn, p.failed(step))
	}
}

func (p *progress) Info(text string) { p.p.Line(ui.Info, text) }
func (p *progress) Warn(text string) { p.p.Line(ui.Warn, text) }

func (p *progress) stop() {
	if p.done != nil {
		p.done()
		p.done = nil
	}
}
