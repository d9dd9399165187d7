package draw

// words are the few words of a drawing in one language. Names, images,
// reasons (CrashLoopBackOff, OOMKilled) and kubectl's columns (STATUS,
// READY) stay as the API and kubectl write them.
type words struct {
	Node, IP, NoneYet, NotScheduled string
	Sandbox, SandboxPause           string
	NetNS, HostNetNS, Shared        string
	SandboxReady, SandboxMaking     string
	SandboxGone                     string
	Init, Sidecar, App              string // Init takes "n/m"
	RunningSince, Ready, NotReady   string // RunningSince takes the time
	Waiting, NotCreated             string
	Terminated, ExitCode, Signal    string
	Restarts, LastExit, Ports       string // Restarts and LastExit take numbers
	Volumes, Every, ReadOnly        string
	NotMounted                      string
}

var en = words{
	Node: "node %s", IP: "IP %s", NoneYet: "none yet", NotScheduled: "node: not scheduled yet",
	Sandbox: "sandbox", SandboxPause: "sandbox (pause)",
	NetNS: "net ns", HostNetNS: "the node's net ns (hostNetwork)", Shared: "shared by all containers",
	SandboxReady: "ready (PodReadyToStartContainers)", SandboxMaking: "being set up (PodReadyToStartContainers False)", SandboxGone: "removed",
	Init: "init %s", Sidecar: "native sidecar", App: "app",
	RunningSince: "Running since %s", Ready: "ready", NotReady: "not ready",
	Waiting: "Waiting", NotCreated: "not created yet",
	Terminated: "Terminated", ExitCode: "exit %d", Signal: "signal %d",
	Restarts: "restarts %d", LastExit: "last exit %d (%s)", Ports: "ports %s",
	Volumes: "volumes", Every: "every container", ReadOnly: "(ro)",
	NotMounted: "not mounted",
}

var ko = words{
	Node: "노드 %s", IP: "IP %s", NoneYet: "아직 없음", NotScheduled: "노드: 아직 스케줄링되지 않음",
	Sandbox: "샌드박스", SandboxPause: "샌드박스(pause 컨테이너)",
	NetNS: "네트워크 네임스페이스", HostNetNS: "노드의 네트워크 네임스페이스를 씀(hostNetwork)", Shared: "모든 컨테이너가 함께 씀",
	SandboxReady: "준비됨(PodReadyToStartContainers)", SandboxMaking: "준비 중(PodReadyToStartContainers: False)", SandboxGone: "제거됨",
	Init: "초기화 컨테이너 %s", Sidecar: "네이티브 사이드카", App: "앱 컨테이너",
	RunningSince: "%s부터 실행 중", Ready: "준비됨", NotReady: "준비 안 됨",
	Waiting: "대기 중", NotCreated: "아직 만들어지지 않음",
	Terminated: "종료됨", ExitCode: "종료 코드 %d", Signal: "시그널 %d",
	Restarts: "재시작 %d번", LastExit: "마지막 종료 코드 %d(%s)", Ports: "포트 %s",
	Volumes: "볼륨", Every: "모든 컨테이너", ReadOnly: "(읽기\u00a0전용)",
	NotMounted: "마운트한 컨테이너 없음",
}

func wordsFor(lang string) words {
	if lang == "ko" {
		return ko
	}
	return en
}
