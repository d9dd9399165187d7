package lessons

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
)

// CreateEdited is Create for a manifest that a lesson adjusts at run time,
// to something it only learns on the cluster (a variable the image defines,
// say). edit sees each object after it is decoded and before it is sent; it
// may change the object in place. The dry run shows the file as it is.
func CreateEdited(file string, edit func(s *Session, obj runtime.Object) error) Action {
	return &editAction{createAction: createAction{file: file}, edit: edit}
}

type editAction struct {
	createAction
	edit func(*Session, runtime.Object) error
}

func (a *editAction) Run(ctx context.Context, s *Session) (string, error) {
	_, data, err := a.Manifest()
	if err != nil {
		return "", err
	}
	objs, err := Decode(data)
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.file, err)
	}
	var out []string
	for _, obj := range objs {
		if err := a.edit(s, obj); err != nil {
			return strings.Join(out, "\n"), fmt.Errorf("%s: %w", a.file, err)
		}
		line, err := s.create(ctx, obj)
		if err != nil {
			return strings.Join(out, "\n"), err
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n"), nil
}
