// Package text holds kpod's words: texts in every language ("## key: Title"
// sections in <lang>.md files), the facts that fill them, one renderer,
// the functions every text may call, and messages and errors told to the
// reader (Scene): in their language, naming kpod as they run it.
// It imports no other kpod package.
//
// # Which to call
//
// One function for each job; the first three are what a lesson's Go, a
// command and any other code most often need.
//
//	job                                          call
//	say a message in a lesson's Go               View.Line(key, facts)          (lessons)
//	tell an error                                Scene.Tell(err)
//	print a message in a command                 inv.say(key, facts)            (cli)
//	tell an error in a command                   inv.tell(err)                  (cli)
//	say a message anywhere else                  Scene.Say(words, key, facts)
//	say a message in practice (a report line)    line(sc, key, facts)           (practice)
//	fill a text at hand, not a key               Scene.Fill(body, facts)
//	fill one in a lesson's Go (a Pod's name)     View.Fill(body, facts)         (lessons)
//	words built in code, in every language       lessons.SayEach(lang, say)
//	words the same in every language             report.Plain(s)
//	raise an error the reader reads              words.Err(key, facts), .Because(err)
//	fill with functions of one's own, or         Render(body, funcs, facts)
//	hear of every gap (a lesson run, timeline)
//
// Say a message by its key where you can: a recorded run keeps the key
// and its facts, and a replay says it again in another language, in
// today's words. SayEach's words are recorded in every language, any
// other words as they were said.
//
// # Where the words live
//
// Each package keeps its words next to its code, in en.md and ko.md (or
// messages/en.md and messages/ko.md), loaded once into an unexported var
// words (MustLoad, MustLoadDir); cli keeps its commands' help apart, in
// help/en.md and help/ko.md. A package whose words another reads
// hands them out with a func, Words(): lessons', report's, kube's and
// kind's for replay, for instance. A lesson's own words are the en.md and
// ko.md in its folder (Lesson.Text). Every language has the same keys
// (Text.Missing, and text's TestPairsAgree across kpod).
//
// # How a key is found
//
// A Text looks a key up in the reader's language, else in English
// (Lookup). Texts are several Texts read in order, the first that has the
// key telling it: a lesson's line is looked up in the lesson's words,
// then the engine's (Lesson.Sources), never another package's; a replay
// looks in those, then in the words of the packages whose lines and
// errors a run records (replay's words). An Error carries the words its
// key is in (Error.Words). A key in no language reads as the key itself.
//
// # The program name
//
// A text names kpod's commands with {{kpod}}, never a bare "kpod": the
// reader may run kpod as a kubectl plugin, "kubectl kpod". Program finds
// that name from the one kpod was started as; the CLI puts it in the
// Scene, and whatever is said, told or filled in that scene names kpod
// so. Code below the CLI does not know the reader: it returns an Error,
// and the CLI tells it.
package text
