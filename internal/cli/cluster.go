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
	"sigs.k8s.io/kind/pkg/log"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Machine is what the cluster, images and doctor commands use on this
// computer (Factory.Machine makes it; tests give their own).
type Machine struct {
	Detect   func(ctx context.Context) (kind.Engine, error)
	Provider func(engine string, logger log.Logger) kind.Provider
	Host     kind.Host
	Client   func(kubeconfig string) (kubernetes.Interface, error)
	LookPath func(string) (string, error)
	TempDir  string
}

// systemMachine is this computer: its container engines, kind, kubectl.
func systemMachine() *Machine {
	d := kind.SystemDetector()
	return &Machine{
		Detect:   func(ctx context.Context) (kind.Engine, error) { return d.Detect(ctx) },
		Provider: kind.NewProvider,
		Host:     kind.SystemHost(),
		Client:   kind.RESTClient,
		LookPath: exec.LookPath,
	}
}

// newManager connects kind's steps to kpod's progress output on stderr.
func newManager(ctx context.Context, out *output, m *Machine) (*kind.Manager, error) {
	eng, err := m.Detect(ctx)
	if err != nil {
		return nil, err
	}
	p := newKindSteps(out)
	return &kind.Manager{
		Engine:   eng,
		Provider: m.Provider(eng.Name(), kind.Logger(p)),
		Client:   m.Client,
		Progress: p,
		Network:  out.Getenv("KIND_EXPERIMENTAL_DOCKER_NETWORK"),
		Scene:    out.scene(),
		TempDir:  m.TempDir,
	}, nil
}

// managerFor checks a cluster name, then finds the container engine and
// makes the manager for the commands that act on an existing cluster.
func managerFor(ctx context.Context, inv *invocation, name string) (*kind.Manager, error) {
	if err := kind.ValidateName(name); err != nil {
		return nil, err
	}
	return newManager(ctx, inv.output, inv.Machine())
}

func newCmdCluster(inv *invocation) *cobra.Command {
	cmd := &cobra.Command{Use: "cluster"}
	group(cmd)
	cmd.AddCommand(newCmdClusterCreate(inv), newCmdClusterDelete(inv), newCmdClusterStatus(inv))
	describe(cmd, "cluster", inv.Name)
	return cmd
}

// ClusterCreateOptions are the flags of `kpod cluster create`.
type ClusterCreateOptions struct {
	inv *invocation

	Name    string
	Workers int
	Image   string
	Config  string
	Wait    time.Duration
	Retain  bool

	workersSet bool
	changed    func(flag string) bool // the command's Flags().Changed
}

// newClusterCreateOptions are kpod cluster create's defaults.
func newClusterCreateOptions(inv *invocation) *ClusterCreateOptions {
	return &ClusterCreateOptions{inv: inv, Name: kind.DefaultName, Workers: kind.DefaultWorkers, Wait: 5 * time.Minute}
}

func newCmdClusterCreate(inv *invocation) *cobra.Command {
	o := newClusterCreateOptions(inv)
	cmd := &cobra.Command{
		Use:  "create",
		Args: noArgs,
		RunE: runE(o),
	}
	o.changed = cmd.Flags().Changed
	fs := cmd.Flags()
	addFlag(fs, &o.Name, "name", "", "cluster.create.name")
	addFlag(fs, &o.Workers, "workers", "", "flag.workers")
	addFlag(fs, &o.Image, "image", "", "flag.image")
	addFlag(fs, &o.Config, "config", "", "flag.config")
	addFlag(fs, &o.Wait, "wait", "", "flag.wait")
	addFlag(fs, &o.Retain, "retain", "", "flag.retain")
	describe(cmd, "cluster.create", inv.Name)
	return cmd
}

// Complete notes whether --workers was given.
func (o *ClusterCreateOptions) Complete(_ []string) error {
	o.workersSet = o.changed != nil && o.changed("workers")
	return nil
}

// Validate checks the flags without touching anything.
func (o *ClusterCreateOptions) Validate() error {
	if err := kind.ValidateName(o.Name); err != nil {
		return err
	}
	if o.Workers < 0 {
		return words.Err("err.cli.workers", text.Facts{"Got": o.Workers})
	}
	if o.Config != "" && o.workersSet {
		return words.Err("err.cli.workersconfig", nil)
	}
	if o.Wait <= 0 {
		return words.Err("err.cli.positive", text.Facts{"Flag": "--wait", "Got": o.Wait})
	}
	return nil
}

// Run makes the cluster.
func (o *ClusterCreateOptions) Run(ctx context.Context) error {
	inv := o.inv
	m := inv.Machine()
	base := kind.Layout(o.Workers)
	if o.Config != "" {
		var err error
		if base, err = kind.LoadConfig(o.Config); err != nil {
			return err
		}
	}
	quirks, err := m.Host.Quirks()
	if err != nil {
		return words.Err("err.cli.host", nil).Because(err)
	}
	cfg := kind.Prepare(base, o.Name, o.Image, quirks)
	mgr, err := newManager(ctx, inv.output, m)
	if err != nil {
		return err
	}
	res, err := mgr.Create(ctx, kind.CreateRequest{
		Name: o.Name, Config: cfg, Kubeconfig: kubeconfigPath(inv.Flags), Wait: o.Wait, Retain: o.Retain, Quirks: quirks,
	})
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if err != nil {
		return err
	}
	if inv.json() {
		out := struct {
			recordHead
			*kind.Result
			Quirks []kind.Quirk `json:"quirks"`
		}{recordHead{schemaCluster, "created"}, res, quirks}
		if res.Existed || out.Quirks == nil {
			out.Quirks = []kind.Quirk{}
		}
		return json.NewEncoder(inv.Streams.Out).Encode(out)
	}
	t := inv.outPrinter().Theme
	w := inv.Streams.Out
	facts := text.Facts{"Cluster": res.Cluster, "Context": res.Context, "Nodes": res.Nodes}
	if res.Existed {
		fmt.Fprintf(w, "%s %s\n", t.Good("✓"), inv.say("cluster.exists", facts))
		return nil
	}
	fmt.Fprintf(w, "%s %s\n", t.Good("✓"), inv.say("cluster.ready", facts))
	fmt.Fprintln(w, inv.say("cluster.next", text.Facts{"Doctor": t.Command(inv.Name + " doctor"), "Lesson": t.Command(o.firstLesson())}))
	return nil
}

// firstLesson is the command of the course's first lesson.
func (o *ClusterCreateOptions) firstLesson() string {
	if len(o.inv.Lessons) > 0 {
		return o.inv.Name + " " + o.inv.Lessons[0].Name
	}
	return o.inv.Name
}

// ClusterDeleteOptions are kpod cluster delete's flags.
type ClusterDeleteOptions struct {
	noComplete
	noValidate // the name is checked with the engine's

	inv *invocation

	Name string
}

// newClusterDeleteOptions are kpod cluster delete's defaults.
func newClusterDeleteOptions(inv *invocation) *ClusterDeleteOptions {
	return &ClusterDeleteOptions{inv: inv, Name: kind.DefaultName}
}

func newCmdClusterDelete(inv *invocation) *cobra.Command {
	o := newClusterDeleteOptions(inv)
	cmd := &cobra.Command{
		Use:  "delete",
		Args: noArgs,
		RunE: runE(o),
	}
	addFlag(cmd.Flags(), &o.Name, "name", "", "flag.name")
	describe(cmd, "cluster.delete", inv.Name)
	return cmd
}

// Run deletes the cluster.
func (o *ClusterDeleteOptions) Run(ctx context.Context) error {
	inv, name := o.inv, o.Name
	mgr, err := managerFor(ctx, inv, name)
	if err != nil {
		return err
	}
	existed, err := mgr.Delete(name, kubeconfigPath(inv.Flags))
	if err != nil {
		return err
	}
	if inv.json() {
		return json.NewEncoder(inv.Streams.Out).Encode(record(schemaCluster, "deleted", map[string]any{"cluster": name, "deleted": existed}))
	}
	if !existed {
		fmt.Fprintln(inv.Streams.Out, inv.say("cluster.delete.none", text.Facts{"Cluster": name}))
		return nil
	}
	fmt.Fprintf(inv.Streams.Out, "%s %s\n", inv.outPrinter().Theme.Good("✓"), inv.say("cluster.deleted", text.Facts{"Cluster": name}))
	return nil
}

// ClusterStatusOptions are kpod cluster status's flags.
type ClusterStatusOptions struct {
	noComplete
	noValidate // the name is checked with the engine's

	inv *invocation

	Name   string
	Images map[string]*string
}

// newClusterStatusOptions are kpod cluster status's defaults.
func newClusterStatusOptions(inv *invocation) *ClusterStatusOptions {
	return &ClusterStatusOptions{inv: inv, Name: kind.DefaultName, Images: map[string]*string{}}
}

func newCmdClusterStatus(inv *invocation) *cobra.Command {
	o := newClusterStatusOptions(inv)
	cmd := &cobra.Command{
		Use:  "status",
		Args: noArgs,
		RunE: runE(o),
	}
	addFlag(cmd.Flags(), &o.Name, "name", "", "flag.name")
	imageFlags(cmd, o.Images)
	describe(cmd, "cluster.status", inv.Name)
	return cmd
}

// Run shows the cluster's nodes.
func (o *ClusterStatusOptions) Run(ctx context.Context) error {
	inv := o.inv
	mgr, err := managerFor(ctx, inv, o.Name)
	if err != nil {
		return err
	}
	want, err := chosenImages(o.Images, inv.Getenv)
	if err != nil {
		return err
	}
	st, err := mgr.Status(ctx, o.Name, want)
	if err != nil {
		return err
	}
	if inv.json() {
		return json.NewEncoder(inv.Streams.Out).Encode(struct {
			recordHead
			*kind.Status
		}{recordHead{schemaCluster, "status"}, st})
	}
	o.print(st)
	return nil
}

// print shows st as a table of nodes, and what to do when a node lacks images.
func (o *ClusterStatusOptions) print(st *kind.Status) {
	inv := o.inv
	t := inv.outPrinter().Theme
	w := inv.Streams.Out
	fmt.Fprintf(w, "%s\n", t.Title(inv.say("cluster.status", text.Facts{"Cluster": st.Cluster, "Context": st.Context, "Engine": st.Engine, "Kpod": st.Kpod})))
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tVERSION\tREADY\tLESSON IMAGES")
	missing := false
	for _, n := range st.Nodes {
		imgs := fmt.Sprintf("%d/%d", len(st.Images)-len(n.Missing), len(st.Images))
		if len(n.Missing) > 0 {
			imgs += " (" + inv.say("cluster.status.lacks", text.Facts{"Images": strings.Join(n.Missing, ", ")}) + ")"
			missing = true
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%s\n", n.Name, n.Role, n.Version, n.Ready, imgs)
	}
	tw.Flush()
	if missing {
		fmt.Fprintf(w, "%s %s\n", t.Warn("!"), inv.say("cluster.status.missing", text.Facts{"Command": t.Command(inv.Name + " images load")}))
	}
}

// imageFlags adds --image-ROLE for every image role, as the lessons have,
// with the usage of flag.image-role.
func imageFlags(cmd *cobra.Command, images map[string]*string) {
	for _, r := range runenv.Roles {
		images[r.Name] = new(string)
		en, ko := flagUsage("flag.image-role", text.Facts{"Role": r.Name, "Usage": r.Usage, "Default": r.Default, "Env": r.EnvName()})
		addFlagUsage(cmd.Flags(), images[r.Name], "image-"+r.Name, "", en, ko)
	}
}

// chosenImages is every image the lessons use, with flag and environment
// overrides, in role order.
func chosenImages(flags map[string]*string, getenv func(string) string) ([]string, error) {
	chosen, err := chooseImages(flags, getenv)
	return imageList(chosen), err
}

// imageList is the distinct images of chosen, in role order.
func imageList(chosen map[string]string) []string {
	var out []string
	for _, r := range runenv.Roles {
		img := chosen[r.Name]
		if !slices.Contains(out, img) {
			out = append(out, img)
		}
	}
	return out
}

// kindSteps shows kind's and kpod's steps on stderr: a spinner on a smart
// terminal, one line per step otherwise.
type kindSteps struct {
	mu     sync.Mutex
	p      *ui.Printer
	done   func()
	failed func(step string) string // "step: failed", in the session's language
}

func newKindSteps(out *output) *kindSteps {
	return &kindSteps{p: out.errPrinter(), failed: func(step string) string { return out.say("cluster.step.failed", text.Facts{"Step": step}) }}
}

func (p *kindSteps) Start(step string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop()
	if p.p.Smart {
		p.done = p.p.Spin(step)
		return
	}
	p.p.Line(ui.Info, step+" ...")
}

func (p *kindSteps) End(step string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop()
	if ok {
		p.p.Line(ui.OK, step)
	} else {
		p.p.Line(ui.Warn, p.failed(step))
	}
}

func (p *kindSteps) Info(text string) { p.p.Line(ui.Info, text) }
func (p *kindSteps) Warn(text string) { p.p.Line(ui.Warn, text) }

func (p *kindSteps) stop() {
	if p.done != nil {
		p.done()
		p.done = nil
	}
}
