package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/ui"
)

func (a *App) imagesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "images",
		Short: "List the lessons' images, or load them into a local cluster for offline classes",
		Long: "The lessons use a few images (see `images list`). In a classroom without a\n" +
			"network, an instructor prepares once on a good network:\n\n" +
			"  docker pull IMAGE            for each image of `kpod images list`\n" +
			"  docker save -o lessons.tar $(kpod images list)\n\n" +
			"and then, on each machine, `kpod images load --archive lessons.tar` (or just\n" +
			"`kpod images load` where the images are in the local Docker or Podman store).\n" +
			"The node image of `kpod cluster create` travels the same way (docker save/load).",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.imagesListCmd(), a.imagesLoadCmd())
	return cmd
}

func (a *App) imagesListCmd() *cobra.Command {
	images := map[string]*string{}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "Print every image the lessons use, one a line (with --image-ROLE and KPOD_IMAGE_ROLE overrides)",
		Example: a.examples("  {{.}} images list\n  docker save -o lessons.tar $({{.}} images list)"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			chosen, err := a.imageChoice(images)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(a.Streams.Out)
			seen := map[string]bool{}
			for _, r := range lessons.Roles {
				img := chosen[r.Name]
				if a.output == "json" {
					if err := enc.Encode(map[string]string{"role": r.Name, "image": img}); err != nil {
						return err
					}
					continue
				}
				if !seen[img] {
					seen[img] = true
					fmt.Fprintln(a.Streams.Out, img)
				}
			}
			return nil
		},
	}
	imageFlags(cmd, images)
	return cmd
}

func (a *App) imagesLoadCmd() *cobra.Command {
	var name, archive string
	images := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Put every lesson image into each node of a cluster kpod made",
		Long: "Copy every image the lessons use into each node of a local cluster kpod made,\n" +
			"from the local Docker or Podman store, or from an image archive (--archive,\n" +
			"made with `docker save`). The nodes then need no registry for the lessons.",
		Example: a.examples("  {{.}} images load\n  {{.}} images load --archive lessons.tar\n  {{.}} images load --image-web nginx:1.29-alpine"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			imgs, err := a.lessonImages(images)
			if err != nil {
				return err
			}
			mgr, err := a.managerFor(cmd.Context(), name)
			if err != nil {
				return err
			}
			err = mgr.LoadImages(cmd.Context(), kind.LoadRequest{Name: name, Images: imgs, Archive: archive, Wait: time.Minute})
			if cmd.Context().Err() != nil {
				return lessons.ErrInterrupted
			}
			if err != nil {
				return err
			}
			if a.output == "json" {
				return json.NewEncoder(a.Streams.Out).Encode(map[string]any{"cluster": name, "images": imgs, "loaded": true})
			}
			fmt.Fprintf(a.Streams.Out, "%s %s\n", a.theme().Good("✓"), a.say("images.loaded", ui.F{"Cluster": name, "Images": strings.Join(imgs, ", ")}))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", kind.DefaultName, "cluster name")
	f.StringVar(&archive, "archive", "", "load this image archive (from `docker save`) instead of the local image store")
	imageFlags(cmd, images)
	return cmd
}
