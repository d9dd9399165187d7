package lessons

import "github.com/kpod-dev/kpod/internal/report"

// The output layer moved to internal/report; these names stay until its
// importers name it.
type (
	Annotation         = report.Annotation
	Reporter           = report.Reporter
	Human              = report.Human
	JSON               = report.JSON
	Header             = report.Header
	Record             = report.Record
	LessonRecord       = report.LessonRecord
	StepRecord         = report.StepRecord
	CommandRecord      = report.CommandRecord
	OutputRecord       = report.OutputRecord
	NoteRecord         = report.NoteRecord
	ManifestRecord     = report.ManifestRecord
	FactRecord         = report.FactRecord
	EventRecord        = report.EventRecord
	DoneRecord         = report.DoneRecord
	ErrorRecord        = report.ErrorRecord
	Said               = report.Said
	SaidPiece          = report.SaidPiece
	Line               = report.Line
	Output             = report.Output
	Note               = report.Note
	Recording          = report.Recording
	ReplayOptions      = report.ReplayOptions
	ErrRecordedFailure = report.ErrRecordedFailure
)

const SchemaVersion = report.SchemaVersion

var (
	NewHuman       = report.NewHuman
	NewHumanTo     = report.NewHumanTo
	NewJSON        = report.NewJSON
	Trouble        = report.Trouble
	ErrorCode      = report.ErrorCode
	NewErrorRecord = report.NewErrorRecord
	Plain          = report.Plain
	Quoted         = report.Quoted
	ReadRecording  = report.ReadRecording
	Tee            = report.Tee
)
