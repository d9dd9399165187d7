package lessons

// Play tells rep one record of the recording, as Replay does at its time,
// without waiting: for a reader that keeps each record's own time (t),
// such as the replay's web page. A recorded failure is an
// *ErrRecordedFailure.
func (rec *Recording) Play(rep Reporter, r Record) error { return rec.play(rep, r) }
