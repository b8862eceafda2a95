// cql-exec-fhir reads model info from a file only when given a path; the app passes none.
export function readFileSync() { throw new Error("no file system in the browser"); }
export default { readFileSync };
