package kube

// Labels kpod puts on everything it makes.
const (
	ManagedBy      = "app.kubernetes.io/managed-by"
	ManagedByValue = "kpod"
	LessonLabel    = "kpod.dev/lesson"
	WorkspaceLabel = "kpod.dev/workspace"
)

// KpodSelector matches every object kpod made.
const KpodSelector = ManagedBy + "=" + ManagedByValue

// WorkspaceLabels label a namespace kpod made to work in, for lessons and
// practice alike: kpod manages it, and kpod clean may remove what kpod
// made there.
func WorkspaceLabels() map[string]string {
	return map[string]string{ManagedBy: ManagedByValue, WorkspaceLabel: "true"}
}
