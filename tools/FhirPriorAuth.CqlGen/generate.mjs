// Translates every questionnaires/**/*.cql (and the package's shared CQL) to ELM and writes the Library resource
// beside it: text/cql and application/elm+json, both base64 in content.data as DTR 2.0.1 requires.
//   node generate.mjs           rewrite the Library files
//   node generate.mjs --check   exit 1 when a committed Library differs from what the CQL produces
import fs from "node:fs";
import path from "node:path";
import { CqlCompilerOptions, CqlTranslator, LibraryManager, ModelManager, createModelInfoProvider, createLibrarySourceProvider, stringAsSource }
  from "@cqframework/cql/cql-to-elm";
import { SystemModelInfoProvider } from "@cqframework/cql/cql";
import { repoRoot, cqlFiles, libraryId, libraryUrl, libraryJsonPath } from "./cql-files.mjs";

const check = process.argv.includes("--check");
const here = path.dirname(new URL(import.meta.url).pathname);
const libraries = cqlFiles();

const models = new ModelManager();
models.modelInfoLoader.registerModelInfoProvider(new SystemModelInfoProvider());
models.modelInfoLoader.registerModelInfoProvider(createModelInfoProvider((id, system, version) => {
  if (id !== "FHIR") return null;
  const file = path.join(here, "node_modules", "cql-exec-fhir", "lib", "modelInfos", `fhir-modelinfo-${version}.xml`);
  return fs.existsSync(file) ? stringAsSource(fs.readFileSync(file, "utf8")) : null;
}));
// No annotations: they repeat the CQL source inside the ELM, which the Library already carries as text/cql.
const options = new CqlCompilerOptions().withOptions([
  CqlCompilerOptions.Options.EnableLocators,
  CqlCompilerOptions.Options.DisableListDemotion, CqlCompilerOptions.Options.DisableListPromotion,
]);
const manager = new LibraryManager(models, options);
manager.librarySourceLoader.registerProvider(createLibrarySourceProvider((id, system, version) => {
  const lib = libraries.find(l => l.name === id && (!version || l.version === version));
  return lib ? stringAsSource(lib.text) : null;
}));

const toArray = list => Array.from(list?.asJsReadonlyArrayView ? list.asJsReadonlyArrayView() : list ?? []);

function translate(lib) {
  const translator = CqlTranslator.fromText(lib.text, manager);
  const errors = toArray(translator.errors).map(e => {
    // The locator's fields are not exported; its toString carries the line and column.
    const m = /startLine=(\d+), startChar=(\d+)/.exec(String(e.locator ?? ""));
    const loc = m ? `:${m[1]}:${m[2]}` : "";
    return `${path.relative(repoRoot, lib.file)}${loc}: ${e.message}`;
  });
  return { errors, elm: errors.length ? null : JSON.parse(translator.toJson()) };
}

// The resource types the CQL retrieves: DTR clients fetch exactly these from the EHR.
function retrievedTypes(elm) {
  const types = new Set();
  (function visit(node) {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      if (node.type === "Retrieve" && typeof node.dataType === "string") types.add(node.dataType.replace(/^\{[^}]*\}/, ""));
      Object.values(node).forEach(visit);
    }
  })(elm);
  return [...types].sort();
}

// ParameterDefinition.type is a FHIR type code: FHIR model types keep their name, CQL system types map to primitives.
const systemTypes = { Date: "date", DateTime: "dateTime", String: "string", Boolean: "boolean", Integer: "integer", Decimal: "decimal" };
function parameters(elm) {
  return (elm.library.parameters?.def ?? []).map(p => {
    const name = p.parameterTypeSpecifier?.name ?? "";
    const type = name.replace(/^\{[^}]*\}/, "");
    return { name: p.name, use: "in", min: 0, max: "1", type: name.includes("elm-types") ? systemTypes[type] ?? type : type };
  });
}

// The first sentence of the leading comment describes the library.
function description(text) {
  const m = /^\s*\/\*+([\s\S]*?)\*\//.exec(text);
  return m ? m[1].split("\n").map(l => l.replace(/^\s*\*\s?/, "").trim()).filter(Boolean).join(" ") : undefined;
}

function libraryResource(lib, elm) {
  const includes = (elm.library.includes?.def ?? []).map(i => i.path);
  const base64 = s => Buffer.from(s, "utf8").toString("base64");
  return {
    resourceType: "Library",
    id: libraryId(lib.name),
    url: libraryUrl(lib.name),
    version: lib.version,
    name: lib.name,
    title: lib.name,
    status: "active",
    type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/library-type", code: "logic-library" }] },
    publisher: "FhirPriorAuth",
    description: description(lib.text),
    relatedArtifact: includes.length
      ? includes.map(name => ({ type: "depends-on", display: name, resource: libraryUrl(name) }))
      : undefined,
    parameter: parameters(elm).length ? parameters(elm) : undefined,
    dataRequirement: retrievedTypes(elm).map(type => ({ type })),
    content: [
      { contentType: "text/cql", data: base64(lib.text) },
      { contentType: "application/elm+json", data: base64(JSON.stringify(elm)) },
    ],
  };
}

let failed = false;
for (const lib of libraries) {
  const { errors, elm } = translate(lib);
  if (errors.length) { errors.forEach(e => console.error(e)); failed = true; continue; }
  const target = libraryJsonPath(lib);
  const json = JSON.stringify(libraryResource(lib, elm), null, 2) + "\n";
  const rel = path.relative(repoRoot, target);
  if (check) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
    if (current !== json) { console.error(`${rel} is stale: run node tools/FhirPriorAuth.CqlGen/generate.mjs`); failed = true; }
    else console.log(`${rel} is current`);
  } else {
    fs.writeFileSync(target, json);
    console.log(`wrote ${rel}`);
  }
}
process.exit(failed ? 1 : 0);
