package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kpod-dev/kpod/internal/class"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// ClassOptions are the flags of kpod class and its commands.
type ClassOptions struct {
	inv *invocation

	Name     string
	Students int
	Names    string
	Pods     int
	CPU      string
	Memory   string
	TTL      time.Duration
	Dir      string
	Watch    bool
}

// newClassOptions are kpod class's defaults.
func newClassOptions(inv *invocation) *ClassOptions {
	return &ClassOptions{inv: inv, Name: "class", Pods: 20, TTL: 24 * time.Hour}
}

// The commands of kpod class, each with the class's flags.
type (
	ClassCreateOptions struct {
		*ClassOptions
		noComplete // Run reads the --names file
	}
	ClassKubeconfigOptions struct {
		*ClassOptions
		noValidate
		Student string
	}
	ClassDeleteOptions struct {
		*ClassOptions
		noComplete
		noValidate
	}
	ClassStatusOptions struct {
		*ClassOptions
		noComplete
		noValidate
	}
)

func newCmdClass(inv *invocation) *cobra.Command {
	o := newClassOptions(inv)
	cmd := &cobra.Command{Use: "class"}
	group(cmd)
	describe(cmd, "class", inv.Name)
	pf := cmd.PersistentFlags()
	addFlag(pf, &o.Name, "class", "", "flag.class")
	cmd.AddCommand(newCmdClassCreate(o), newCmdClassKubeconfig(o), newCmdClassDelete(o), newCmdClassStatus(o))
	return cmd
}

func newCmdClassCreate(co *ClassOptions) *cobra.Command {
	o := &ClassCreateOptions{ClassOptions: co}
	cmd := &cobra.Command{
		Use:  "create",
		Args: noArgs,
		RunE: runE(o),
	}
	describe(cmd, "class.create", co.inv.Name)
	fs := cmd.Flags()
	addFlag(fs, &o.Students, "students", "", "flag.students")
	addFlag(fs, &o.Names, "names", "", "flag.names")
	addFlag(fs, &o.Pods, "pods", "", "flag.pods")
	addFlag(fs, &o.CPU, "cpu", "", "flag.cpu")
	addFlag(fs, &o.Memory, "memory", "", "flag.memory")
	tokenFlags(cmd, co)
	return cmd
}

func newCmdClassKubeconfig(co *ClassOptions) *cobra.Command {
	o := &ClassKubeconfigOptions{ClassOptions: co}
	cmd := &cobra.Command{
		Use:  "kubeconfig STUDENT",
		Args: exactArgs(1),
		RunE: runE(o),
	}
	describe(cmd, "class.kubeconfig", co.inv.Name)
	tokenFlags(cmd, co)
	return cmd
}

func newCmdClassDelete(co *ClassOptions) *cobra.Command {
	o := &ClassDeleteOptions{ClassOptions: co}
	cmd := &cobra.Command{
		Use:  "delete",
		Args: noArgs,
		RunE: runE(o),
	}
	describe(cmd, "class.delete", co.inv.Name)
	return cmd
}

func newCmdClassStatus(co *ClassOptions) *cobra.Command {
	o := &ClassStatusOptions{ClassOptions: co}
	cmd := &cobra.Command{
		Use:  "status",
		Args: noArgs,
		RunE: runE(o),
	}
	describe(cmd, "class.status", co.inv.Name)
	addFlag(cmd.Flags(), &o.Watch, "watch", "w", "flag.watch")
	return cmd
}

// Validate checks that the students come one way, and not too many.
func (o *ClassCreateOptions) Validate() error {
	switch {
	case o.Students > 0 && o.Names != "":
		return words.Err("err.cli.oneatatime", text.Facts{"Flags": "--students, --names"})
	case o.Students > 500:
		return words.Err("err.cli.students", text.Facts{"Got": o.Students})
	}
	return nil
}

// Complete takes the student.
func (o *ClassKubeconfigOptions) Complete(args []string) error {
	o.Student = args[0]
	return nil
}

func tokenFlags(cmd *cobra.Command, o *ClassOptions) {
	f := cmd.Flags()
	addFlag(f, &o.TTL, "ttl", "", "flag.ttl")
	addFlag(f, &o.Dir, "dir", "", "class.dir")
}

// spec is the class to make, with the students of --students or --names.
func (o *ClassOptions) spec() (class.Spec, error) {
	s := class.Spec{Name: o.Name, Pods: o.Pods, CPU: o.CPU, Memory: o.Memory, TTL: o.TTL}
	switch {
	case o.Students > 0:
		s.Students = class.Numbered(o.Students)
	case o.Names != "":
		f, err := os.Open(o.Names)
		if err != nil {
			return s, words.Err("err.cli.flagerr", text.Facts{"Flag": "--names"}).Because(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if n := strings.TrimSpace(sc.Text()); n != "" && !strings.HasPrefix(n, "#") {
				s.Students = append(s.Students, strings.ToLower(n))
			}
		}
	}
	return s, s.Validate()
}

func (o *ClassOptions) dir() string {
	if o.Dir != "" {
		return o.Dir
	}
	return "kpod-" + o.Name
}

// Run makes the class and writes the kubeconfigs.
func (o *ClassCreateOptions) Run(ctx context.Context) error {
	spec, err := o.spec()
	if err != nil {
		return err
	}
	c, err := o.inv.connect(ctx)
	if err != nil {
		return err
	}
	if err := class.Create(ctx, c.Client, spec); err != nil {
		return kube.Explain(err)
	}
	var rows []classKubeconfigRecord
	for _, st := range spec.Students {
		r, err := o.writeKubeconfig(ctx, c, st)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	return o.showKubeconfigs(rows)
}

type classKubeconfigRecord struct {
	recordHead
	Student    string    `json:"student"`
	Namespace  string    `json:"namespace"`
	Kubeconfig string    `json:"kubeconfig"`
	Expires    time.Time `json:"expires"`
}

func (o *ClassOptions) writeKubeconfig(ctx context.Context, c *kube.Clients, st string) (classKubeconfigRecord, error) {
	cfg, err := o.inv.Flags.ToRESTConfig()
	if err != nil {
		return classKubeconfigRecord{}, err
	}
	kc, exp, err := class.Kubeconfig(ctx, c.Client, cfg, o.Name, st, o.TTL)
	if err != nil {
		return classKubeconfigRecord{}, fmt.Errorf("student %s: %w", st, kube.Explain(err))
	}
	if err := os.MkdirAll(o.dir(), 0o700); err != nil {
		return classKubeconfigRecord{}, err
	}
	path := filepath.Join(o.dir(), st+".kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		return classKubeconfigRecord{}, err
	}
	return classKubeconfigRecord{recordHead: recordHead{schemaClass, "kubeconfig"}, Student: st, Namespace: class.Namespace(o.Name, st), Kubeconfig: path, Expires: exp.UTC()}, nil
}

func (o *ClassOptions) showKubeconfigs(rows []classKubeconfigRecord) error {
	inv := o.inv
	if inv.json() {
		enc := json.NewEncoder(inv.Streams.Out)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(inv.Streams.Out, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "STUDENT\tNAMESPACE\tKUBECONFIG\tEXPIRES") // columns in English, as kubectl's
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Student, r.Namespace, r.Kubeconfig, r.Expires.Format(time.RFC3339))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(inv.Streams.Out, "\n"+inv.say("ui.class.kubeconfigs", nil))
	return nil
}

// Run issues the student's kubeconfig again.
func (o *ClassKubeconfigOptions) Run(ctx context.Context) error {
	st := o.Student
	c, err := o.inv.connect(ctx)
	if err != nil {
		return err
	}
	ns := class.Namespace(o.Name, st)
	got, err := c.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil || got.Labels[class.Label] != o.Name {
		return words.Err("err.cli.class.nostudent", text.Facts{"Student": st, "Class": o.Name})
	}
	r, err := o.writeKubeconfig(ctx, c, st)
	if err != nil {
		return err
	}
	return o.showKubeconfigs([]classKubeconfigRecord{r})
}

// Run deletes the class.
func (o *ClassDeleteOptions) Run(ctx context.Context) error {
	inv := o.inv
	c, err := inv.connect(ctx)
	if err != nil {
		return err
	}
	gone, err := class.Delete(ctx, c.Client, o.Name)
	if inv.json() {
		for _, g := range gone {
			_ = json.NewEncoder(inv.Streams.Out).Encode(record(schemaClass, "deleted", map[string]any{"deleted": g}))
		}
	} else if len(gone) == 0 && err == nil {
		fmt.Fprintln(inv.Streams.Out, inv.say("ui.class.none", text.Facts{"Class": o.Name}))
	} else {
		for _, g := range gone {
			fmt.Fprintln(inv.Streams.Out, g+" deleted")
		}
	}
	if err != nil {
		return kube.Explain(err)
	}
	return nil
}

// Run shows the class's table, live with -w.
func (o *ClassStatusOptions) Run(ctx context.Context) error {
	inv := o.inv
	c, err := inv.connect(ctx)
	if err != nil {
		return err
	}
	p := inv.outPrinter()
	first := true
	err = class.Watch(ctx, c.Client, o.Name, o.Watch, func(rows []class.Student) error {
		if inv.json() {
			enc := json.NewEncoder(inv.Streams.Out)
			for _, r := range rows {
				if err := enc.Encode(struct {
					recordHead
					class.Student
				}{recordHead{schemaClass, "student"}, r}); err != nil {
					return err
				}
			}
			return nil
		}
		var b strings.Builder
		if p.Smart && o.Watch {
			b.WriteString("\033[H\033[2J") // a live table: redraw in place
		} else if !first {
			b.WriteString("\n")
		}
		first = false
		if len(rows) == 0 {
			b.WriteString(inv.say("ui.class.none", text.Facts{"Class": o.Name}) + "\n")
			p.Print(b.String())
			return nil
		}
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "STUDENT\tNAMESPACE\tLESSONS\tTASKS\tPODS\tLAST ACTIVITY")
		now := inv.Clock.Now()
		for _, r := range rows {
			var pods []string
			for _, pd := range r.Pods {
				pods = append(pods, pd.Name+":"+pd.State)
			}
			last := "-"
			if r.LastActivity != nil {
				last = kube.Age(*r.LastActivity, now)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", r.Name, r.Namespace, len(r.Lessons), r.Tasks, orNone(strings.Join(pods, " ")), last)
		}
		_ = tw.Flush()
		p.Print(b.String())
		return nil
	})
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// classNamespace is the namespace of a student's kubeconfig context
// (kpod class made it), or "". The kubeconfig is --kubeconfig, else the
// files $KUBECONFIG lists, else ~/.kube/config, each read from getenv,
// never the process's own environment.
func classNamespace(flags *genericclioptions.ConfigFlags, getenv func(string) string) string {
	rules := &clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfigPath(flags)}
	if env := getenv(clientcmd.RecommendedConfigPathEnvVar); env != "" {
		rules.Precedence = filepath.SplitList(env)
	} else if home := getenv("HOME"); home != "" {
		rules.Precedence = []string{filepath.Join(home, clientcmd.RecommendedHomeDir, clientcmd.RecommendedFileName)}
	}
	raw, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).RawConfig()
	if err != nil {
		return ""
	}
	name := raw.CurrentContext
	if flags.Context != nil && *flags.Context != "" {
		name = *flags.Context
	}
	if ctx := raw.Contexts[name]; ctx != nil && class.IsClassContext(name) {
		return ctx.Namespace
	}
	return ""
}
