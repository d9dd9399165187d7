package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

func (a *App) examplesCmd() *cobra.Command {
	var dir string
	images := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "examples [NAME]",
		Short: "List the lessons' manifests, print one, or write them all to a folder",
		Long: "The manifests the lessons use, with each image role resolved as in the lessons\n" +
			"(--image-<role>, KPOD_IMAGE_<ROLE>), so they work on your cluster as printed.",
		Example: a.examples("  {{.}} examples\n  {{.}} examples liveness-http | kubectl create -f -\n  {{.}} examples --dir ./manifests"),
		Args:    cobra.MaximumNArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return examples.Names(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			chosen, err := a.imageChoice(images)
			if err != nil {
				return err
			}
			swap := map[string]string{}
			for role, img := range chosen {
				for _, r := range lessons.Roles {
					if r.Name == role {
						swap[r.Default] = img
					}
				}
			}
			switch {
			case dir != "" && len(args) > 0:
				return ui.Err("err.cli.examples.both", nil)
			case dir != "":
				return a.writeExamples(dir, swap)
			case len(args) == 1:
				data, err := examples.Read(args[0], swap)
				if err != nil {
					return err
				}
				_, err = a.Streams.Out.Write(data)
				return err
			}
			return a.listExamples(a.Streams.Out, swap)
		},
	}
	f := cmd.Flags()
	f.StringVar(&dir, "dir", "", "write every manifest into this folder (made if missing)")
	for _, r := range lessons.Roles {
		images[r.Name] = f.String("image-"+r.Name, "", fmt.Sprintf("%s (default %s; env %s)", r.Usage, r.Default, r.EnvName()))
	}
	return cmd
}

// listExamples prints each manifest's name and the objects in it.
func (a *App) listExamples(w io.Writer, swap map[string]string) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tOBJECTS")
	for _, name := range examples.Names() {
		data, err := examples.Read(name, swap)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\n", name, strings.Join(objects(data), ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", lessons.Messages.Say(a.lang, "ui.examples.use", text.Facts{"Message": a.Name + " examples"}))
	return nil
}

// objects lists kind/name of each object in a manifest.
func objects(data []byte) []string {
	var out []string
	dec := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var o struct {
			metav1.TypeMeta   `json:",inline"`
			metav1.ObjectMeta `json:"metadata"`
		}
		if err := dec.Decode(&o); err != nil {
			break
		}
		if o.Kind != "" {
			out = append(out, strings.ToLower(o.Kind)+"/"+o.Name)
		}
	}
	return out
}

func (a *App) writeExamples(dir string, swap map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err // "mkdir DIR: permission denied" names the folder
	}
	for _, name := range examples.Names() {
		data, err := examples.Read(name, swap)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintln(a.Streams.Out, path)
	}
	return nil
}
