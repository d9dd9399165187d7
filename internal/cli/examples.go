package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// ExamplesOptions are kpod examples's flags.
type ExamplesOptions struct {
	out *output

	Name   string // one manifest to print, or ""
	Dir    string
	Images map[string]*string

	swap map[string]string // each role's default image: the one chosen
}

// newExamplesOptions are kpod examples's defaults.
func newExamplesOptions(out *output) *ExamplesOptions {
	return &ExamplesOptions{out: out, Images: map[string]*string{}}
}

func newCmdExamples(inv *invocation) *cobra.Command {
	o := newExamplesOptions(inv.output)
	cmd := &cobra.Command{
		Use:  "examples [NAME]",
		Args: maxArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return examples.Names(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: runE(o),
	}
	addFlag(cmd.Flags(), &o.Dir, "dir", "", "flag.dir")
	imageFlags(cmd, o.Images)
	describe(cmd, "examples", inv.Name)
	return cmd
}

// Complete takes the manifest's name and chooses the images.
func (o *ExamplesOptions) Complete(args []string) error {
	if len(args) > 0 {
		o.Name = args[0]
	}
	chosen, err := chooseImages(o.Images, o.out.Getenv)
	if err != nil {
		return err
	}
	o.swap = map[string]string{}
	for role, img := range chosen {
		for _, r := range runenv.Roles {
			if r.Name == role {
				o.swap[r.Default] = img
			}
		}
	}
	return nil
}

// Validate checks that one manifest and --dir do not come together, and
// that the manifest is one kpod has (else it names the closest).
func (o *ExamplesOptions) Validate() error {
	if o.Dir != "" && o.Name != "" {
		return words.Err("err.cli.examples.both", nil)
	}
	if name := strings.TrimSuffix(o.Name, ".yaml"); name != "" && !slices.Contains(examples.Names(), name) {
		return words.Err("err.cli.examples.unknown", text.Facts{"Name": name, "Suggest": strings.Join(closest(name, examples.Names()), ", ")})
	}
	return nil
}

// Run lists the manifests, prints one, or writes them all.
func (o *ExamplesOptions) Run(_ context.Context) error {
	switch {
	case o.Dir != "":
		return o.write()
	case o.Name != "":
		data, err := examples.Read(o.Name, o.swap)
		if err != nil {
			return err
		}
		if o.out.json() {
			return json.NewEncoder(o.out.Streams.Out).Encode(exampleRecord(strings.TrimSuffix(o.Name, ".yaml"), data, "manifest", true))
		}
		_, err = o.out.Streams.Out.Write(lessons.LocalManifest(o.out.lang(), strings.TrimSuffix(o.Name, ".yaml")+".yaml", data))
		return err
	}
	if o.out.json() {
		return o.listJSON()
	}
	return o.list(o.out.Streams.Out)
}

// listJSON writes one record per manifest.
func (o *ExamplesOptions) listJSON() error {
	enc := json.NewEncoder(o.out.Streams.Out)
	for _, name := range examples.Names() {
		data, err := examples.Read(name, o.swap)
		if err != nil {
			return err
		}
		if err := enc.Encode(exampleRecord(name, data, "example", false)); err != nil {
			return err
		}
	}
	return nil
}

// exampleRecord is the JSON record of the manifest name: its file, its
// objects, its description and, with yaml, the manifest itself.
func exampleRecord(name string, data []byte, typ string, withYAML bool) map[string]any {
	rec := record(schemaExamples, typ, map[string]any{
		"name": name, "file": name + ".yaml", "objects": nonNil(objects(data)), "description": description(data),
	})
	if withYAML {
		rec["yaml"] = string(data)
	}
	return rec
}

// description is the comment that opens a manifest, on one line.
func description(data []byte) string {
	var words []string
	for _, line := range strings.Split(string(data), "\n") {
		c, ok := strings.CutPrefix(strings.TrimSpace(line), "#")
		if !ok {
			break
		}
		words = append(words, strings.Fields(c)...)
	}
	return strings.Join(words, " ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// list prints each manifest's name and the objects in it.
func (o *ExamplesOptions) list(w io.Writer) error {
	pad := len("NAME")
	for _, name := range examples.Names() {
		pad = max(pad, len(name))
	}
	fmt.Fprintf(w, "%-*s  %s\n", pad, "NAME", "OBJECTS")
	for _, name := range examples.Names() {
		data, err := examples.Read(name, o.swap)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, o.out.row(fmt.Sprintf("%-*s  ", pad, name), strings.Join(objects(data), ", ")))
	}
	_, err := fmt.Fprintf(w, "\n%s\n", o.out.wrap(o.out.say("ui.examples.use", nil), 0))
	return err
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

func (o *ExamplesOptions) write() error {
	dir := o.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return words.Err("err.cli.examples.dir", text.Facts{"Dir": dir}).Because(err)
	}
	for _, name := range examples.Names() {
		data, err := examples.Read(name, o.swap)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, lessons.LocalManifest(o.out.lang(), name+".yaml", data), 0o644); err != nil {
			return words.Err("err.cli.examples.write", text.Facts{"File": path}).Because(err)
		}
		if o.out.json() {
			if err := json.NewEncoder(o.out.Streams.Out).Encode(record(schemaExamples, "written", map[string]any{"name": name, "path": path})); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintln(o.out.Streams.Out, path)
	}
	return nil
}
