package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

func newCmdImages(inv *invocation) *cobra.Command {
	cmd := &cobra.Command{Use: "images"}
	group(cmd)
	cmd.AddCommand(newCmdImagesList(inv), newCmdImagesLoad(inv))
	describe(cmd, "images", inv.Name)
	return cmd
}

// ImagesListOptions are kpod images list's flags.
type ImagesListOptions struct {
	noValidate

	out *output

	Images map[string]*string

	chosen map[string]string
}

// newImagesListOptions are kpod images list's defaults.
func newImagesListOptions(out *output) *ImagesListOptions {
	return &ImagesListOptions{out: out, Images: map[string]*string{}}
}

func newCmdImagesList(inv *invocation) *cobra.Command {
	o := newImagesListOptions(inv.output)
	cmd := &cobra.Command{
		Use:  "list",
		Args: noArgs,
		RunE: runE(o),
	}
	imageFlags(cmd, o.Images)
	describe(cmd, "images.list", inv.Name)
	return cmd
}

// Complete chooses the images.
func (o *ImagesListOptions) Complete(_ []string) error {
	var err error
	o.chosen, err = chooseImages(o.Images, o.out.Getenv)
	return err
}

// Run prints the images, each once.
func (o *ImagesListOptions) Run(_ context.Context) error {
	out := o.out
	enc := json.NewEncoder(out.Streams.Out)
	seen := map[string]bool{}
	for _, r := range runenv.Roles {
		img := o.chosen[r.Name]
		if out.json() {
			if err := enc.Encode(record(schemaImages, "image", map[string]any{"role": r.Name, "image": img})); err != nil {
				return err
			}
			continue
		}
		if !seen[img] {
			seen[img] = true
			fmt.Fprintln(out.Streams.Out, img)
		}
	}
	return nil
}

// ImagesLoadOptions are kpod images load's flags.
type ImagesLoadOptions struct {
	noValidate // the name is checked with the engine's

	inv *invocation

	Name    string
	Archive string
	Images  map[string]*string

	images []string
}

// newImagesLoadOptions are kpod images load's defaults.
func newImagesLoadOptions(inv *invocation) *ImagesLoadOptions {
	return &ImagesLoadOptions{inv: inv, Name: kind.DefaultName, Images: map[string]*string{}}
}

func newCmdImagesLoad(inv *invocation) *cobra.Command {
	o := newImagesLoadOptions(inv)
	cmd := &cobra.Command{
		Use:  "load",
		Args: noArgs,
		RunE: runE(o),
	}
	fs := cmd.Flags()
	addFlag(fs, &o.Name, "name", "", "flag.name")
	addFlag(fs, &o.Archive, "archive", "", "flag.archive")
	imageFlags(cmd, o.Images)
	describe(cmd, "images.load", inv.Name)
	return cmd
}

// Complete chooses the images.
func (o *ImagesLoadOptions) Complete(_ []string) error {
	var err error
	o.images, err = chosenImages(o.Images, o.inv.Getenv)
	return err
}

// Run loads the images into every node.
func (o *ImagesLoadOptions) Run(ctx context.Context) error {
	inv := o.inv
	mgr, err := managerFor(ctx, inv, o.Name)
	if err != nil {
		return err
	}
	err = mgr.LoadImages(ctx, kind.LoadRequest{Name: o.Name, Images: o.images, Archive: o.Archive, Wait: time.Minute})
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if err != nil {
		return err
	}
	if inv.json() {
		return json.NewEncoder(inv.Streams.Out).Encode(record(schemaImages, "loaded", map[string]any{"cluster": o.Name, "images": o.images, "loaded": true}))
	}
	fmt.Fprintf(inv.Streams.Out, "%s %s\n", inv.outPrinter().Theme.Good("✓"), inv.say("images.loaded", text.Facts{"Cluster": o.Name, "Images": strings.Join(o.images, ", ")}))
	return nil
}
