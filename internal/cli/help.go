package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/practice"
)

// Annotations that carry a command's or a flag's Korean help.
const (
	koShort = "kpod.dev/short-ko"
	koLong  = "kpod.dev/long-ko"
	koUsage = "kpod.dev/usage-ko"
)

// say gives a command its Korean short and long help.
func say(cmd *cobra.Command, short, long string) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[koShort] = short
	if long != "" {
		cmd.Annotations[koLong] = long
	}
}

// sayFlag gives a flag its Korean usage.
func sayFlag(fs *pflag.FlagSet, name, usage string) {
	if f := fs.Lookup(name); f != nil {
		_ = fs.SetAnnotation(name, koUsage, []string{usage})
	}
}

// helper prints help in the session's language.
type helper struct{ f *Factory }

func (h *helper) short(c *cobra.Command) string {
	if h.f.helpLang() == "ko" && c.Annotations[koShort] != "" {
		return c.Annotations[koShort]
	}
	return c.Short
}

// kubectlFlags are the names of kubectl's connection flags: `kpod options`
// lists them, once.
func (h *helper) kubectlFlags() map[string]bool {
	fs := pflag.NewFlagSet("kubectl", pflag.ContinueOnError)
	h.f.Flags.AddFlags(fs)
	names := map[string]bool{}
	fs.VisitAll(func(f *pflag.Flag) { names[f.Name] = true })
	return names
}

// ownFlags are the flags of fs that are not kubectl's, with their Korean
// usage under --lang ko.
func (h *helper) ownFlags(fs *pflag.FlagSet) *pflag.FlagSet {
	kubectl := h.kubectlFlags()
	out := pflag.NewFlagSet("kpod", pflag.ContinueOnError)
	ko := h.f.helpLang() == "ko"
	fs.VisitAll(func(f *pflag.Flag) {
		if kubectl[f.Name] || f.Hidden {
			return
		}
		g := *f
		if u := f.Annotations[koUsage]; ko && len(u) > 0 {
			g.Usage = u[0]
		} else if late, ok := lateFlags[f.Name]; ko && ok { // flags cobra adds itself, late
			g.Usage = late
		}
		out.AddFlag(&g)
	})
	return out
}

// lateFlags are the Korean usages of the flags cobra adds when a command
// runs: -h, --version, and completion's --no-descriptions.
var lateFlags = map[string]string{"help": "도움말", "version": "kpod 버전", "no-descriptions": "자동 완성 설명을 끔"}

// help prints a command's help: its text, then its usage.
func (h *helper) help(c *cobra.Command, _ []string) {
	w := c.OutOrStdout()
	text := strings.TrimSpace(c.Long)
	if text == "" {
		text = c.Short
	}
	if h.f.helpLang() == "ko" {
		switch {
		case c.Annotations[koLong] != "":
			text = c.Annotations[koLong]
		case c.Annotations[koShort] != "":
			text = c.Annotations[koShort]
		}
	}
	fmt.Fprintf(w, "%s\n\n", text)
	_ = h.usage(c)
}

// usage is cobra's usage, shorter: kubectl's 24 connection flags are left
// to `kpod options`, and the texts follow --lang.
func (h *helper) usage(c *cobra.Command) error {
	w := c.OutOrStdout()
	ko := h.f.helpLang() == "ko"
	tr := func(en, k string) string {
		if ko {
			return k
		}
		return en
	}
	fmt.Fprint(w, tr("Usage:", "사용법:"))
	if c.Runnable() {
		fmt.Fprintf(w, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s [command]", c.CommandPath())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\n%s\n%s", tr("Examples:", "예:"), c.Example)
	}
	if c.HasAvailableSubCommands() {
		h.commands(w, c, tr)
	}
	usages := func(fs *pflag.FlagSet) string {
		u := strings.TrimRight(fs.FlagUsages(), " \n")
		if ko { // pflag writes "(default ...)" itself
			u = strings.ReplaceAll(u, " (default ", " (기본값 ")
		}
		return u
	}
	if own := h.ownFlags(c.LocalFlags()); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\n\n%s\n%s", tr("Flags:", "플래그:"), usages(own))
	}
	if own := h.ownFlags(c.InheritedFlags()); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\n\n%s\n%s", tr("Global Flags:", "공통 플래그:"), usages(own))
	}
	if c.Name() != "options" {
		fmt.Fprintf(w, "\n\n%s", fmt.Sprintf(tr(
			"kubectl's connection flags (--context, -n, --kubeconfig, ...) work with every command: see '%s options'.",
			"kubectl의 연결 플래그(--context, -n, --kubeconfig 등)는 모든 명령에 쓸 수 있습니다. '%s options'를 보세요."), c.Root().CommandPath()))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n"+tr(`Use "%s [command] --help" for more information about a command.`, `명령마다 자세한 설명은 "%s [command] --help"로 봅니다.`), c.CommandPath())
	}
	fmt.Fprintln(w)
	return nil
}

func (h *helper) commands(w io.Writer, c *cobra.Command, tr func(string, string) string) {
	titles := map[string]string{"lessons": tr("Lessons (in course order):", "실습 (강좌 순서):"), "tools": tr("Tools:", "도구:"), "": tr("Commands:", "명령:")}
	order := []string{"lessons", "tools", ""}
	for _, g := range order {
		var lines []string
		for _, sub := range c.Commands() {
			if sub.GroupID != g || !(sub.IsAvailableCommand() || sub.Name() == "help") {
				continue
			}
			lines = append(lines, fmt.Sprintf("  %-*s %s", sub.NamePadding(), sub.Name(), h.short(sub)))
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "\n\n%s\n%s", titles[g], strings.Join(lines, "\n"))
		}
	}
}

// OptionsOptions are kpod options's: none but the language.
type OptionsOptions struct {
	f *Factory
}

// NewOptionsOptions are kpod options's defaults.
func NewOptionsOptions(f *Factory) *OptionsOptions { return &OptionsOptions{f: f} }

// newCmdOptions lists kubectl's connection flags, once, as `kubectl options`.
func newCmdOptions(f *Factory, runF func(*OptionsOptions) error) *cobra.Command {
	o := NewOptionsOptions(f)
	cmd := &cobra.Command{
		Use:   "options",
		Short: "List kubectl's connection flags, which every command takes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return o.Run()
		},
	}
	say(cmd, "모든 명령에 쓸 수 있는 kubectl 연결 플래그 목록", "")
	noOutput(cmd)
	return cmd
}

// Complete has nothing to fill in.
func (o *OptionsOptions) Complete() error { return nil }

// Validate has nothing to check.
func (o *OptionsOptions) Validate() error { return nil }

// Run prints kubectl's connection flags.
func (o *OptionsOptions) Run() error {
	fs := pflag.NewFlagSet("kubectl", pflag.ContinueOnError)
	o.f.Flags.AddFlags(fs)
	w := o.f.Streams.Out
	if o.f.helpLang() == "ko" {
		fmt.Fprintln(w, "다음 kubectl 플래그는 모든 명령에 쓸 수 있습니다.")
	} else {
		fmt.Fprintln(w, "The following kubectl options can be passed to any command:")
	}
	fmt.Fprint(w, fs.FlagUsages())
	return nil
}

// korean gives the tools and the common flags their Korean help.
func korean(root *cobra.Command) {
	say(root, "직접 해 보며 배우는 쿠버네티스 파드: 실제 파드를 실시간 설명과 함께",
		"kpod는 실제 클러스터에서 쿠버네티스 파드를 가르칩니다. 실습마다 실제 파드를 만들고,\n"+
			"쿠버네티스가 그 파드에 하는 일을 일어나는 그대로 보여 준 뒤, 만든 것을 정리합니다.")
	pf := root.PersistentFlags()
	sayFlag(pf, "lang", "실습 언어: en 또는 ko (기본값은 KPOD_LANG, 그다음 LANG)")
	sayFlag(pf, "no-color", "색 없이 출력 (NO_COLOR=1 또는 TERM=dumb도 같음)")
	sayFlag(pf, "theme", "어두운 배경용 dark 또는 밝은 배경용 light 색 (기본값은 KPOD_THEME, 그다음 COLORFGBG)")
	sayFlag(pf, "width", "글을 이 열 수에 맞춰 줄바꿈 (기본값은 터미널 너비, 터미널이 아니면 80)")
	sayFlag(pf, "output", "출력 형식: 비우면 사람이 읽는 형식, json이면 한 줄에 JSON 오브젝트 하나")
	sayFlag(pf, "v", "kubectl처럼 쿠버네티스 클라이언트의 로그 수준 (6이면 요청을 모두 보여 줌)")
	sayFlag(pf, "help", "도움말")
	sayFlag(pf, "version", "kpod 버전")
	texts := map[string][2]string{
		"watch": {"어떤 파드든 kpod의 실시간 설명 타임라인으로 따라가기 (읽기만 함)", "직접 만든 파드에도 kpod의 실시간 타임라인을 붙입니다. kpod는 읽기만 하고 아무것도\n바꾸지 않습니다. Ctrl-C로 멈춥니다. -n을 주지 않으면 실습의 네임스페이스 kpod에서\n파드를 찾습니다."},
		"clean": {"kpod가 만든 것을 레이블로 찾아 네임스페이스에서 삭제 (-A는 모든 네임스페이스)", "레이블 " + lessons.Selector + "가 붙은 파드, 서비스, 컨피그맵을 삭제합니다.\nkpod가 만들지 않은 오브젝트는 건드리지 않습니다."},
		"practice": {"연습: kubectl로 실습 과제를 직접 하고, kpod가 지켜보며 확인", "실습의 연습 과제를 하나씩 보여 줍니다. 다른 터미널에서 평소처럼 kubectl로 과제를 하세요.\n" +
			"연습 네임스페이스(기본값 " + practice.DefaultNamespace + ")에서 하면, kpod가 여러분의 파드에 일어나는 일을\n" +
			"설명하고 변화가 보일 때마다 과제를 확인합니다. Ctrl-C로 멈추며, 여러분이 만든 오브젝트는\n" +
			"그대로 둡니다. LESSON을 주지 않으면 아직 풀지 않은 과제가 있는 첫 실습으로 갑니다."},
		"progress": {"강좌 지도 보기: 끝까지 실행한 실습과 푼 연습 과제", "끝까지 실행한 실습과 확인을 통과한 연습 과제에 ✓를 붙여 보여 줍니다. 기록은\n" +
			"$KPOD_HOME/progress.json에, 없으면 $XDG_CONFIG_HOME/kpod/progress.json에 남습니다."},
		"why": {"파드가 왜 그 상태인지 설명: 원인, 증거, 확인할 kubectl 명령 (읽기만 함)", "파드의 상태, 이벤트, 컨테이너의 마지막 로그를 읽고 진단합니다. 지금 어떤 상태인지,\n" +
			"원인이 무엇인지 쉬운 말로, 클러스터에 남은 증거와 그것을 보여 주는 kubectl 명령까지\n" +
			"알려 줍니다. kpod는 읽기만 하고 아무것도 바꾸지 않습니다."},
		"examples": {"실습의 매니페스트 목록 보기, 하나 출력하기, 또는 모두 폴더에 쓰기", "실습이 쓰는 매니페스트입니다. 이미지 역할은 실습과 똑같이 정해지므로\n" +
			"(--image-<역할>, KPOD_IMAGE_<역할>) 출력한 그대로 여러분의 클러스터에서 동작합니다."},
		"cluster": {"실습용 로컬 클러스터 만들기, 확인, 삭제 (kind, Docker 또는 Podman)", "kind로 만드는 로컬 쿠버네티스 클러스터입니다. 노드 하나하나가 Docker나 Podman의\n" +
			"컨테이너입니다. kpod는 자기가 만든 클러스터에 노드 레이블 " + kind.OwnerLabel + "=NAME을 붙이고,\n" +
			"이 표시가 없는 kind 클러스터는 바꾸지도 지우지도 않습니다."},
		"cluster create": {"로컬 클러스터 만들기: 컨트롤 플레인 하나와 워커 둘, 컨텍스트 kind-NAME", "실습에 맞춘 kind 클러스터를 만듭니다. 컨트롤 플레인 노드 하나와 워커 노드 둘이라서\n" +
			"파드가 서로 다른 노드에 배치되는 모습을 볼 수 있습니다. kubeconfig에 컨텍스트 kind-NAME을\n" +
			"쓰고 현재 컨텍스트로 정한 뒤, 모든 노드가 Ready가 될 때까지 기다립니다. 클러스터가 이미\n" +
			"있으면 다시 실행해도 아무것도 바꾸지 않습니다.\n\n" +
			"kpod는 먼저 이 컴퓨터를 살펴보고 꼭 필요한 곳만 kind 설정을 고칩니다. cgroup v1 호스트에서는\n" +
			"kubelet에 failCgroupV1: false를, 컨테이너가 oom score를 낮출 수 없는 곳에서는 containerd에\n" +
			"restrict_oom_score_adj = true를 줍니다.\n\n" +
			"노드 이미지(기본값 " + strings.Split(defaults.Image, "@")[0] + ")는 이 컴퓨터에 있거나 받아 올 수 있어야 합니다.\n" +
			"도중에 실패하면 kpod는 아무것도 남기지 않습니다."},
		"cluster delete": {"kpod가 만든 클러스터와 그 kubeconfig 컨텍스트 삭제", "kpod가 만든 kind 클러스터와 kubeconfig 항목을 삭제합니다. kpod가 만들지 않은 kind\n클러스터는 그대로 둡니다."},
		"cluster status": {"로컬 클러스터의 노드, 버전, 준비 상태, 실습 이미지 보기", ""},
		"images": {"실습 이미지 목록, 또는 오프라인 수업을 위해 로컬 클러스터에 넣기", "실습은 이미지 몇 개를 씁니다(`images list`로 확인). 네트워크가 없는 교실이라면 강사가\n" +
			"네트워크가 좋은 곳에서 한 번 준비합니다.\n\n" +
			"  docker pull IMAGE            `kpod images list`의 이미지마다\n" +
			"  docker save -o lessons.tar $(kpod images list)\n\n" +
			"그다음 컴퓨터마다 `kpod images load --archive lessons.tar`를 실행합니다(이미지가 로컬\n" +
			"Docker나 Podman 저장소에 있으면 `kpod images load`만으로 됩니다). `kpod cluster create`의\n" +
			"노드 이미지도 같은 방법(docker save/load)으로 옮깁니다."},
		"images list": {"실습이 쓰는 이미지를 한 줄에 하나씩 출력", ""},
		"images load": {"kpod가 만든 클러스터의 모든 노드에 실습 이미지 넣기", "실습이 쓰는 모든 이미지를 kpod가 만든 로컬 클러스터의 노드마다 복사합니다. 로컬 Docker나\n" +
			"Podman 저장소에서, 또는 이미지 아카이브(--archive, `docker save`로 만든 것)에서 가져옵니다.\n" +
			"그러면 노드는 실습에 레지스트리가 필요 없습니다."},
		"doctor": {"실습 전에 이 컴퓨터와 클러스터 점검: 검사마다 해결 방법과 함께", "실습에 필요한 것을 점검합니다. 로컬 클러스터용 컨테이너 엔진, 응답하는 클러스터, Ready\n" +
			"상태인 노드, 실습이 하는 일에 대한 권한, 노드 실습의 특권 도우미 파드를 실행할 수 있는지,\n" +
			"실습 이미지, kubectl입니다. 검사마다 ✓, !(고치면 좋음), ✗(실습이 실패함)와 한 줄짜리\n" +
			"해결 방법을 출력하고, 실패한 검사가 있으면 종료 코드는 1입니다."},
		"version":    {"kpod의 버전, 커밋, 빌드 날짜, Go 버전, 플랫폼 출력", ""},
		"completion": {"셸 자동 완성 스크립트 만들기", ""},
		"help":       {"명령의 도움말", ""},
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(c.CommandPath(), c.Root().CommandPath()+" ")
		if t, ok := texts[path]; ok {
			say(c, t[0], t[1])
		}
		fs := c.Flags()
		sayFlag(fs, "dry-run", "클러스터에 접속하지 않고 계획과 매니페스트만 출력")
		sayFlag(fs, "step", "단계마다 Enter를 기다림 (수업용)")
		sayFlag(fs, "keep", "실습이 만든 것을 남겨 두고 나중에 살펴봄")
		sayFlag(fs, "timeout", "단계마다 기다리는 최대 시간")
		sayFlag(fs, "all-namespaces", "모든 네임스페이스에서 정리")
		sayFlag(fs, "name", "클러스터 이름 (kubeconfig 컨텍스트는 kind-NAME)")
		sayFlag(fs, "check", "모든 과제를 한 번씩 확인: 모두 맞으면 종료 코드 0, 아니면 1")
		sayFlag(fs, "hint", "과제의 다음 힌트를 보여 줌 (힌트는 점점 구체적이 되고, 마지막은 풀이)")
		sayFlag(fs, "reset", "연습 네임스페이스에 있는 것을 보여 주고 물어본 뒤 삭제")
		sayFlag(fs, "yes", "--reset과 함께: 묻지 않음")
		sayFlag(fs, "hints", "힌트도 출력 (부드러운 힌트부터 풀이까지)")
		sayFlag(fs, "dir", "모든 매니페스트를 이 폴더에 씀 (없으면 만듦)")
		if path == "cluster create" {
			sayFlag(fs, "workers", "워커 노드 수")
			sayFlag(fs, "image", "모든 노드의 노드 이미지 (기본값은 kind의 "+strings.Split(defaults.Image, "@")[0]+")")
			sayFlag(fs, "config", "kpod의 노드 구성 대신 쓸 kind 설정 파일 (kind.x-k8s.io/v1alpha4)")
			sayFlag(fs, "wait", "모든 노드가 Ready가 되기를 기다리는 최대 시간")
			sayFlag(fs, "retain", "클러스터를 만들다 실패해도 노드를 남겨 두고 살펴봄")
		}
		sayFlag(fs, "archive", "로컬 이미지 저장소 대신 `docker save`로 만든 이미지 아카이브를 넣음")
		if path == "practice" {
			sayFlag(fs, "dry-run", "클러스터에 접속하지 않고 과제만 보여 줌")
			sayFlag(fs, "timeout", "이 시간이 지나도 과제가 맞지 않으면 멈춤 (기본값: 멈추지 않음)")
		}
		for _, r := range lessons.Roles {
			sayFlag(fs, "image-"+r.Name, fmt.Sprintf("%s 역할의 이미지 (기본값 %s, 환경 변수 %s)", r.Name, r.Default, r.EnvName()))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
