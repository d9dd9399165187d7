package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kpod-dev/kpod/internal/class"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	progressfile "github.com/kpod-dev/kpod/internal/progress"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// ClassOptions are the flags of kpod class.
type ClassOptions struct {
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

func (a *App) classCmd() *cobra.Command {
	o := &ClassOptions{}
	cmd := &cobra.Command{
		Use:   "class",
		Short: "Run a class on one cluster: a namespace and a kubeconfig per student, and a live view of all",
		Long: "For an instructor who is admin of the cluster. `class create` makes a namespace per\n" +
			"student (Pod Security baseline, a quota) with just the rights the namespace-scoped\n" +
			"lessons and practice tasks need, and a kubeconfig per student. With it, the\n" +
			"student's lessons and practice run in their namespace and their progress shows in\n" +
			"`class status`. `class delete` removes what the class made, and nothing else.",
		Example: a.examples("  {{.}} class create --students 20\n  {{.}} class create --names students.txt --ttl 8h\n  {{.}} class status -w\n  {{.}} class kubeconfig s07\n  {{.}} class delete"),
		Args:    cobra.NoArgs,
	}
	noOutput(cmd)
	say(cmd, "클러스터 하나로 수업하기: 학생마다 네임스페이스와 kubeconfig, 모두를 한눈에 보는 실시간 화면",
		"클러스터 관리자인 강사를 위한 명령입니다. `class create`는 학생마다 네임스페이스(Pod Security baseline,\n"+
			"쿼터)를 만들고, 네임스페이스 안에서 하는 실습과 연습 과제에 필요한 권한만 주며, 학생마다\n"+
			"kubeconfig를 만듭니다. 그 kubeconfig로 학생의 실습과 연습은 자기 네임스페이스에서 실행되고,\n"+
			"진행 상황은 `class status`에 나타납니다. `class delete`는 수업이 만든 것만 지웁니다.")
	pf := cmd.PersistentFlags()
	pf.StringVar(&o.Name, "class", "class", "the class's name: its namespaces are kpod-CLASS-STUDENT")
	sayFlag(pf, "class", "수업 이름: 네임스페이스 이름은 kpod-수업-학생")

	create := &cobra.Command{
		Use:   "create",
		Short: "Make a namespace, rights, a quota and a kubeconfig for every student",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.classCreate(cmd.Context(), o) },
	}
	say(create, "학생마다 네임스페이스, 권한, 쿼터, kubeconfig 만들기", "")
	f := create.Flags()
	f.IntVar(&o.Students, "students", 0, "this many students, named s01, s02...")
	f.StringVar(&o.Names, "names", "", "a file with one student name a line")
	f.IntVar(&o.Pods, "pods", 20, "ResourceQuota: Pods per student")
	f.StringVar(&o.CPU, "cpu", "", "ResourceQuota: CPU requests per student, e.g. 2 (also sets a default request)")
	f.StringVar(&o.Memory, "memory", "", "ResourceQuota: memory requests per student, e.g. 2Gi (also sets a default request)")
	sayFlag(f, "students", "학생 수(이름은 s01, s02...)")
	sayFlag(f, "names", "학생 이름을 한 줄에 하나씩 적은 파일")
	sayFlag(f, "pods", "ResourceQuota: 학생마다 파드 수")
	sayFlag(f, "cpu", "ResourceQuota: 학생마다 CPU 요청 합계, 예: 2 (기본 요청도 정함)")
	sayFlag(f, "memory", "ResourceQuota: 학생마다 메모리 요청 합계, 예: 2Gi (기본 요청도 정함)")
	tokenFlags(create, o)

	kc := &cobra.Command{
		Use:   "kubeconfig STUDENT",
		Short: "Issue a student's kubeconfig again (a new token)",
		Args:  cobra.ExactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return a.classKubeconfig(cmd.Context(), o, args[0]) },
	}
	say(kc, "학생의 kubeconfig를 다시 발급(새 토큰)", "")
	tokenFlags(kc, o)

	del := &cobra.Command{
		Use:   "delete",
		Short: "Delete what the class made: its namespaces (and all in them) and its cluster roles",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.classDelete(cmd.Context(), o) },
	}
	say(del, "수업이 만든 것 지우기: 네임스페이스(안에 있는 것 모두)와 클러스터 롤", "")

	status := &cobra.Command{
		Use:   "status",
		Short: "Every student: lessons run, tasks solved, their Pods now, last activity (-w: live)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.classStatus(cmd.Context(), o) },
	}
	say(status, "학생마다 실행한 실습, 푼 과제, 지금 파드 상태, 마지막 활동(-w: 실시간)", "")
	status.Flags().BoolVarP(&o.Watch, "watch", "w", false, "keep the table live: a new one on every change")
	sayFlag(status.Flags(), "watch", "표를 실시간으로 유지: 바뀔 때마다 새로 그림")
	cmd.AddCommand(create, kc, del, status)
	return cmd
}

func tokenFlags(cmd *cobra.Command, o *ClassOptions) {
	f := cmd.Flags()
	f.DurationVar(&o.TTL, "ttl", 24*time.Hour, "how long the students' tokens last")
	f.StringVar(&o.Dir, "dir", "", "the folder for the kubeconfigs (default kpod-CLASS)")
	sayFlag(f, "ttl", "학생 토큰의 유효 기간")
	sayFlag(f, "dir", "kubeconfig를 쓸 폴더(기본값 kpod-수업)")
}

func (a *App) classSpec(o *ClassOptions) (class.Spec, error) {
	s := class.Spec{Name: o.Name, Pods: o.Pods, CPU: o.CPU, Memory: o.Memory, TTL: o.TTL}
	switch {
	case o.Students > 0 && o.Names != "":
		return s, ui.Err("err.cli.oneatatime", ui.F{"Flags": "--students, --names"})
	case o.Students > 500:
		return s, ui.Err("err.cli.students", ui.F{"Got": o.Students})
	case o.Students > 0:
		s.Students = class.Numbered(o.Students)
	case o.Names != "":
		f, err := os.Open(o.Names)
		if err != nil {
			return s, ui.Err("err.cli.flagerr", ui.F{"Flag": "--names"}).Because(err)
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

func (a *App) classCreate(ctx context.Context, o *ClassOptions) error {
	spec, err := a.classSpec(o)
	if err != nil {
		return err
	}
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	if err := class.Create(ctx, c.Client, spec); err != nil {
		return kube.Explain(err)
	}
	var rows []classKubeconfigRecord
	for _, st := range spec.Students {
		r, err := a.writeKubeconfig(ctx, c, o, st)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	return a.showKubeconfigs(rows)
}

type classKubeconfigRecord struct {
	Student    string    `json:"student"`
	Namespace  string    `json:"namespace"`
	Kubeconfig string    `json:"kubeconfig"`
	Expires    time.Time `json:"expires"`
}

func (a *App) writeKubeconfig(ctx context.Context, c *kube.Clients, o *ClassOptions, st string) (classKubeconfigRecord, error) {
	cfg, err := a.flags.ToRESTConfig()
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
	return classKubeconfigRecord{Student: st, Namespace: class.Namespace(o.Name, st), Kubeconfig: path, Expires: exp.UTC()}, nil
}

func (a *App) showKubeconfigs(rows []classKubeconfigRecord) error {
	if a.output == "json" {
		enc := json.NewEncoder(a.Streams.Out)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(a.Streams.Out, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "STUDENT\tNAMESPACE\tKUBECONFIG\tEXPIRES") // columns in English, as kubectl's
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Student, r.Namespace, r.Kubeconfig, r.Expires.Format(time.RFC3339))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(a.Streams.Out, "\n"+lessons.Messages.Say(a.lang, "ui.class.kubeconfigs", text.Facts{"Message": a.Name}))
	return nil
}

func (a *App) classKubeconfig(ctx context.Context, o *ClassOptions, st string) error {
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	ns := class.Namespace(o.Name, st)
	got, err := c.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil || got.Labels[class.Label] != o.Name {
		return errors.New(lessons.Messages.Say(a.lang, "ui.class.nostudent", text.Facts{"Message": st, "Reason": o.Name}))
	}
	r, err := a.writeKubeconfig(ctx, c, o, st)
	if err != nil {
		return err
	}
	return a.showKubeconfigs([]classKubeconfigRecord{r})
}

func (a *App) classDelete(ctx context.Context, o *ClassOptions) error {
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	gone, err := class.Delete(ctx, c.Client, o.Name)
	if a.output == "json" {
		for _, g := range gone {
			_ = json.NewEncoder(a.Streams.Out).Encode(map[string]any{"deleted": g})
		}
	} else if len(gone) == 0 && err == nil {
		fmt.Fprintln(a.Streams.Out, lessons.Messages.Say(a.lang, "ui.class.none", text.Facts{"Message": o.Name}))
	} else {
		for _, g := range gone {
			fmt.Fprintln(a.Streams.Out, g+" deleted")
		}
	}
	if err != nil {
		return kube.Explain(err)
	}
	return nil
}

func (a *App) classStatus(ctx context.Context, o *ClassOptions) error {
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	p := a.out()
	first := true
	err = class.Watch(ctx, c.Client, o.Name, o.Watch, func(rows []class.Student) error {
		if a.output == "json" {
			enc := json.NewEncoder(a.Streams.Out)
			for _, r := range rows {
				if err := enc.Encode(r); err != nil {
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
			b.WriteString(lessons.Messages.Say(a.lang, "ui.class.none", text.Facts{"Message": o.Name}) + "\n")
			p.Print(b.String())
			return nil
		}
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "STUDENT\tNAMESPACE\tLESSONS\tTASKS\tPODS\tLAST ACTIVITY")
		now := a.Now()
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
// (kpod class made it), or "".
func (a *App) classNamespace() string {
	raw, err := a.flags.ToRawKubeConfigLoader().RawConfig()
	if err != nil {
		return ""
	}
	name := raw.CurrentContext
	if a.flags.Context != nil && *a.flags.Context != "" {
		name = *a.flags.Context
	}
	if ctx := raw.Contexts[name]; ctx != nil && class.IsClassContext(name) {
		return ctx.Namespace
	}
	return ""
}

// workNamespace is where a lesson or practice works: -n, else a student's
// class namespace, else def.
func (a *App) workNamespace(def string) string {
	if ns := a.namespace(""); ns != "" {
		return ns
	}
	if ns := a.classNamespace(); ns != "" {
		return ns
	}
	return def
}

// classRecord writes a progress change into the student's namespace when
// kpod runs with a class kubeconfig; elsewhere it does nothing.
func (a *App) classRecord(ctx context.Context, c *kube.Clients, ns string, change func(*progressfile.Progress)) error {
	if c == nil || a.classNamespace() == "" {
		return nil
	}
	_, err := class.Record(ctx, c.Client, ns, a.Now(), change)
	return err
}
