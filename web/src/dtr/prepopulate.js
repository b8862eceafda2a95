// Pre-population: runs the package's CQL Libraries (ELM) in the browser over the patient's chart, read from the EHR
// by the Libraries' dataRequirements. ValueSet expansions from the package are the code service.

// The engine (dist/dtr/cql.js, 1.4 MB) loads on first use, not on the launch page that only redirects; the app starts
// it early (warm-up) so its download and the FHIR model info's parse overlap the network calls before the CQL runs.
// The model info (XML, ~1 s to parse) is parsed once and shared: each PatientSource/FHIRWrapper factory would parse it again.
let engine = null;
export function loadEngine() {
  engine ??= import("./cql-vendor.js").then(({ cql, cqlfhir }) => {
    performance.mark("dtr:engine-loaded");
    const modelInfo = cqlfhir.PatientSource.FHIRv401()._modelInfo;
    performance.mark("dtr:engine-ready");
    return { cql, cqlfhir, modelInfo };
  });
  return engine;
}

function patientSource({ cqlfhir, modelInfo }) {
  const source = Object.create(cqlfhir.PatientSource.prototype);
  return Object.assign(source, { _index: 0, _bundles: [], _patientSourceOptions: {}, _modelInfo: modelInfo });
}

function wrapper({ cqlfhir, modelInfo }) {
  return Object.assign(Object.create(cqlfhir.FHIRWrapper.prototype), { _modelInfo: modelInfo });
}
import { EXT, ext, flatten, initialExpressionOf, answersFromCql, optionsOf } from "./form.js";

/** CQL results as plain JSON: Codes as {system, code, display}, dates as ISO text, quantities as {value, unit}. */
export function plain(cql, value) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(v => plain(cql, v));
  if (value instanceof cql.Code) return { system: value.system, code: value.code, ...(value.display ? { display: value.display } : {}) };
  if (value instanceof cql.Concept) return value.codes?.length ? plain(cql, value.codes[0]) : null;
  if (value instanceof cql.Date || value instanceof cql.DateTime) return value.toString();
  if (typeof value === "object" && value.isQuantity) return { value: value.value, unit: value.unit };
  if (typeof value === "object" && typeof value.getTypeInfo === "function") return null; // a FHIR resource, not an answer
  if (typeof value === "object" && value.constructor === Object) return value;
  if (typeof value === "object") return null;
  return value;
}

const elmOf = library => {
  const content = (library.content ?? []).find(c => c.contentType === "application/elm+json");
  if (!content?.data) throw new Error(`Library ${library.name ?? library.url} carries no ELM`);
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(content.data), c => c.charCodeAt(0))));
};

/** The code service: every ValueSet expansion the package carries, by url and version. */
export function codeService(cql, valueSets) {
  const data = {};
  for (const vs of valueSets) {
    if (!vs.url) continue;
    const codes = [];
    const walk = list => { for (const c of list ?? []) { if (c.code) codes.push({ code: c.code, system: c.system, version: c.version }); walk(c.contains); } };
    walk(vs.expansion?.contains);
    data[vs.url] = { [vs.version ?? ""]: codes };
  }
  return new cql.CodeService(data);
}

/** The resource types the Libraries read (their dataRequirements, dependencies included). */
export const dataTypes = libraries => [...new Set(libraries.flatMap(l => (l.dataRequirement ?? []).map(d => d.type)).filter(Boolean))];

/**
 * Runs each Library the Questionnaire names (cqf-library) once, as of dateOfService ("YYYY-MM-DD", when the caller
 * knows it; else the Library takes the order's date), and returns
 * { results: Map "Library.define" → plain value, errors: [text] }. A Library that fails is reported and skipped.
 */
export async function runLibraries({ questionnaire, libraries, valueSets, bundle, launch, dateOfService = null, now = new Date() }) {
  const loaded = await loadEngine();
  const { cql } = loaded;
  const errors = [];
  const elms = {};
  for (const l of libraries) {
    try { elms[l.name] = elmOf(l); } catch (e) { errors.push(`Library ${l.name ?? l.url}: ${e.message}`); }
  }
  const repository = new cql.Repository(elms);
  const named = ext(questionnaire, EXT.cqfLibrary).map(e => e.valueCanonical?.split("|")[0]);
  const mains = libraries.filter(l => named.includes(l.url));
  const results = new Map();
  const service = codeService(cql, valueSets);
  for (const library of mains) {
    const elm = elms[library.name];
    if (!elm) continue;
    try {
      const source = patientSource(loaded);
      source.loadBundles([bundle]);
      const wrap = r => wrapper(loaded).wrap(r);
      const parameters = {};
      for (const p of library.parameter ?? []) {
        if (p.use !== "in") continue;
        // Counts up to "now" are made to the date of service; without one the Library reads it from the order.
        if (p.name === "date_of_service" && p.type === "date") { if (dateOfService) parameters[p.name] = cql.Date.parse(dateOfService); continue; }
        const value = Object.values(launch).find(r => r?.resourceType === p.type);
        if (value) parameters[p.name] = wrap(value);
      }
      const executor = new cql.Executor(new cql.Library(elm, repository), service, parameters);
      const run = await executor.exec(source, cql.DateTime.fromJSDate(now, 0));
      const patientResults = Object.values(run.patientResults)[0] ?? {};
      for (const [define, value] of Object.entries(patientResults)) results.set(`${library.name}.${define}`, plain(cql, value));
    } catch (e) {
      errors.push(`Library ${library.name}: ${e.message ?? e}`);
    }
  }
  return { results, errors };
}

/** Answers for every item with a CQL initialExpression whose define gave a value: Map linkId → answers. */
export function chartAnswers(questionnaire, results, expansions) {
  const defaultLibrary = [...results.keys()][0]?.split(".")[0];
  const out = new Map();
  for (const { item } of flatten(questionnaire.item)) {
    const ref = initialExpressionOf(item);
    if (!ref) continue;
    const key = `${ref.library ?? defaultLibrary}.${ref.define}`;
    if (!results.has(key)) continue;
    const answers = answersFromCql(item, results.get(key), optionsOf(item, expansions));
    if (answers.length) out.set(item.linkId, answers);
  }
  return out;
}
