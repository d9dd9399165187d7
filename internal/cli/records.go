package cli

// The schemas of the -o json records of the commands outside the lesson
// stream (docs/json.md): every record carries its schema and its type.
const (
	schemaWhy      = "kpod.why/v1"
	schemaProgress = "kpod.progress/v1"
	schemaClass    = "kpod.class/v1"
	schemaCluster  = "kpod.cluster/v1"
	schemaImages   = "kpod.images/v1"
	schemaDoctor   = "kpod.doctor/v1"
	schemaVersion  = "kpod.version/v1"
	schemaExamples = "kpod.examples/v1"
)

// recordHead starts a record of a command outside the lesson stream.
type recordHead struct {
	Schema string `json:"schema"`
	Type   string `json:"type"`
}

// record is a map record with its schema and type.
func record(schema, typ string, fields map[string]any) map[string]any {
	fields["schema"], fields["type"] = schema, typ
	return fields
}
