// Where the CQL lives and how a library's name maps to its Library resource.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const canonicalBase = "http://fhirpriorauth.example.org/fhir";

// The policy libraries (questionnaires/<payer>/<drug>/) and the shared ones in the project's package.
const roots = ["questionnaires", path.join("ig-packages", "fhirpriorauth")];

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(e => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

/** Every .cql file, with the library name and version its header declares. */
export function cqlFiles() {
  return roots.flatMap(r => walk(path.join(repoRoot, r)))
    .filter(f => f.endsWith(".cql"))
    .map(file => {
      const text = fs.readFileSync(file, "utf8");
      const m = /^\s*library\s+"?([A-Za-z][A-Za-z0-9_]*)"?\s+version\s+'([^']+)'/m.exec(text);
      if (!m) throw new Error(`${path.relative(repoRoot, file)}: no 'library <Name> version '<v>'' header`);
      return { file, text, name: m[1], version: m[2] };
    });
}

/** PriorAuthEvidence -> prior-auth-evidence: the Library id and file name. */
export const libraryId = name => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/([A-Z])([A-Z][a-z])/g, "$1-$2").toLowerCase();

export const libraryUrl = name => `${canonicalBase}/Library/${libraryId(name)}`;

export const libraryJsonPath = lib => path.join(path.dirname(lib.file), `Library-${libraryId(lib.name)}.json`);

/** Every committed Library resource the generator owns, parsed. */
export function libraryResources() {
  return cqlFiles().map(lib => ({ lib, resource: JSON.parse(fs.readFileSync(libraryJsonPath(lib), "utf8")) }));
}
