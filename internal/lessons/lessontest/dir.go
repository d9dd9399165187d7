package lessontest

// Dir is the folder of the lesson called name under internal/lessons: its
// name, but initlesson for init (Go has no package init).
func Dir(name string) string {
	if name == "init" {
		return "initlesson"
	}
	return name
}
