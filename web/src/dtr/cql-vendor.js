// The CQL engine, bundled on its own (dist/dtr/cql.js) so the committed app bundle stays small and the engine's
// bundle changes only when its pinned versions do.
import cql from "cql-execution";
import cqlfhir from "cql-exec-fhir";
export { cql, cqlfhir };
