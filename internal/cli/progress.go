package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/practice"
	progressfile "github.com/kpod-dev/kpod/internal/progress"
	"github.com/kpod-dev/kpod/internal/text"
)

func (a *App) progressCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "progress",
		Short: "Show the course map: the lessons you ran and the practice tasks you solved",
		Long: "Shows every lesson with ✓ once you ran it to the end, and each of its practice tasks\n" +
			"with ✓ once it held. Kept in $KPOD_HOME/progress.json, else $XDG_CONFIG_HOME/kpod/progress.json.",
		Example: a.examples("  {{.}} progress\n  {{.}} progress -o json"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.showProgress()
		},
	}
}

func (a *App) showProgress() error {
	prog, path, err := a.loadProgress()
	if err != nil {
		return err
	}
	w := a.Streams.Out
	if a.output == "json" {
		enc := json.NewEncoder(w)
		for _, l := range a.Lessons {
			rec := map[string]any{"type": "lesson", "lesson": l.Name, "title": l.Title(a.lang), "ran": false}
			if at, ok := prog.LastRun(l.Name); ok {
				rec["ran"], rec["lastRun"] = true, at.Format(time.RFC3339)
			}
			if set, ok := findSet(l.Name); ok {
				var tasks []map[string]any
				for _, t := range set.Tasks {
					tr := map[string]any{"task": t.Key, "title": set.Lesson.Text.Get(a.lang, practice.TextKey(t.Key)).Title, "solved": false}
					if at, ok := prog.IsSolved(l.Name, t.Key); ok {
						tr["solved"], tr["at"] = true, at.Format(time.RFC3339)
					}
					tasks = append(tasks, tr)
				}
				rec["tasks"] = tasks
			}
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
		return nil
	}
	t := a.out().Theme
	head := practice.Messages.Get(a.lang, "ui.progress")
	fmt.Fprintf(w, "%s\n%s\n\n", t.Title("kpod · "+head.Title), practice.Messages.Say(a.lang, "ui.progress", text.Facts{"Path": path}))
	ran, solved, total := 0, 0, 0
	next := ""
	for i, l := range a.Lessons {
		mark, when := t.Subtle("·"), practice.Messages.Say(a.lang, "ui.progress.notrun", nil)
		if at, ok := prog.LastRun(l.Name); ok {
			mark, when = t.Good("✓"), practice.Messages.Say(a.lang, "ui.progress.ran", text.Facts{"When": at.Local().Format("2006-01-02 15:04")})
			ran++
		} else if next == "" {
			next = a.Name + " " + l.Name
		}
		fmt.Fprintf(w, "  %s %2d  %s  %s  %s\n", mark, i+1, t.Command(fmt.Sprintf("%-10s", l.Name)), l.Title(a.lang), t.Subtle("("+when+")"))
		set, ok := findSet(l.Name)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "          %s\n", t.Subtle(practice.Messages.Say(a.lang, "ui.progress.tasks", nil)))
		for _, tk := range set.Tasks {
			total++
			mark := t.Subtle("·")
			if _, ok := prog.IsSolved(l.Name, tk.Key); ok {
				mark = t.Good("✓")
				solved++
			} else if next == "" {
				next = a.Name + " practice " + l.Name + " " + tk.Key
			}
			fmt.Fprintf(w, "          %s %-12s %s\n", mark, tk.Key, set.Lesson.Text.Get(a.lang, practice.TextKey(tk.Key)).Title)
		}
	}
	fmt.Fprintf(w, "\n%s\n", practice.Messages.Say(a.lang, "ui.progress.total", text.Facts{"Lessons": ran, "LessonsOf": len(a.Lessons), "Tasks": solved, "TasksOf": total}))
	if next != "" {
		fmt.Fprintln(w, practice.Messages.Say(a.lang, "ui.progress.next", text.Facts{"Command": next}))
	}
	return nil
}

// lessonDone records a finished lesson run and points the student to its
// practice.
func (a *App) lessonDone(s *lessons.Session) {
	prog, _, err := a.loadProgress()
	if err == nil {
		prog.Ran(s.Lesson.Name, a.Now())
		err = prog.Save()
	}
	if err != nil {
		s.Report.Note(lessons.NoteWarn, a.tell(err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	at := a.Now()
	if err := a.classRecord(ctx, s.Clients, s.Namespace, func(p *progressfile.Progress) { p.Ran(s.Lesson.Name, at) }); err != nil {
		s.Report.Note(lessons.NoteWarn, a.tell(err))
	}
	if _, ok := findSet(s.Lesson.Name); ok && a.output != "json" {
		s.Report.Note(lessons.NoteInfo, practice.Messages.Say(a.lang, "ui.recap", text.Facts{"Command": a.Name + " practice " + s.Lesson.Name}))
	}
}
