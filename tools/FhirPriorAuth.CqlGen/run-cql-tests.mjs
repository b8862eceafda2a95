// Runs each committed Library's ELM with cql-execution + cql-exec-fhir over synthetic patient bundles and compares
// the define results with the expectations file. Prints one line per failed expectation and `N passed, M failed`;
// exits 1 on any failure. Reads the Libraries as committed, so it also proves their ELM runs. Each case runs as of its
// dateOfService (else the file's), on the file's executionDateTime: the answers must not depend on the day of the run.
//   node run-cql-tests.mjs [expectations.json]
import fs from "node:fs";
import path from "node:path";
import cql from "cql-execution";
import cqlfhir from "cql-exec-fhir";
import { repoRoot, libraryResources } from "./cql-files.mjs";

const testsDir = path.join(repoRoot, "tests", "FhirPriorAuth.Policies.Tests", "Dtr");
const expectationsFile = process.argv[2] ?? path.join(testsDir, "cql-expectations.json");
const expectations = JSON.parse(fs.readFileSync(expectationsFile, "utf8"));

const elmOf = resource => {
  const content = resource.content.find(c => c.contentType === "application/elm+json");
  return JSON.parse(Buffer.from(content.data, "base64").toString("utf8"));
};
const elms = Object.fromEntries(libraryResources().map(({ resource }) => [resource.name, elmOf(resource)]));
const repository = new cql.Repository(elms);

// Results as plain JSON: Codes as {system, code}, dates as ISO text, lists element-wise.
function plain(value) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof cql.Code) return { system: value.system, code: value.code };
  if (value instanceof cql.Date || value instanceof cql.DateTime) return value.toString();
  if (typeof value === "object" && value.isQuantity) return { value: value.value, unit: value.unit };
  if (typeof value === "object") return `<${value.constructor?.name ?? "object"}>`;
  return value;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

let passed = 0, failed = 0;
for (const c of expectations.cases) {
  const bundle = JSON.parse(fs.readFileSync(path.join(path.dirname(expectationsFile), c.patient), "utf8"));
  const source = cqlfhir.PatientSource.FHIRv401();
  source.loadBundles([bundle]);
  const parameters = {};
  const order = bundle.entry.map(e => e.resource).find(r => r.resourceType === "MedicationRequest");
  if (order) parameters.medication_request = cqlfhir.FHIRWrapper.FHIRv401().wrap(order);
  // The date of service (null: none passed, so the Library reads it from the order); the run happens on
  // executionDateTime, later than it, as a form pre-filled days after the order is.
  const dateOfService = "dateOfService" in c ? c.dateOfService : expectations.dateOfService;
  if (dateOfService) parameters.date_of_service = cql.Date.parse(dateOfService);
  const library = new cql.Library(elms[c.library], repository);
  const executor = new cql.Executor(library, new cql.CodeService({}), parameters);
  let results;
  try {
    const run = await executor.exec(source, cql.DateTime.parse(c.executionDateTime ?? expectations.executionDateTime));
    results = Object.values(run.patientResults)[0];
  } catch (e) {
    console.log(`FAIL ${c.name}: execution error ${e.message}`);
    failed += Object.keys(c.expect).length;
    continue;
  }
  for (const [define, expected] of Object.entries(c.expect)) {
    if (!(define in results)) { console.log(`FAIL ${c.name}: ${c.library} has no define "${define}"`); failed++; continue; }
    const actual = plain(results[define]);
    if (same(actual, expected)) passed++;
    else { console.log(`FAIL ${c.name}: ${c.library}.${define} = ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`); failed++; }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
