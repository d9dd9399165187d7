package whole

import "example.com/bad/internal/lessons"

// say is an action of the lesson's own: it is handed the whole Session.
func say(s *lessons.Session) {
	s.Report("hello")
}
