package lessons

import (
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kpod-dev/kpod/internal/report"
)

// CreateEdited is Create for a manifest that a lesson adjusts at run time,
// to something it only learns on the cluster (a variable the image defines,
// say). edit sees each object after it is decoded and before it is sent; it
// may change the object in place, and what it returns (a note) is shown
// before the object's line. The dry run shows the file as it is.
func CreateEdited(file string, edit func(v View, obj runtime.Object) (report.Output, error)) Action {
	return &createAction{file: file, edit: edit}
}
