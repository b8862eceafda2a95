// The app's CQL path (prepopulate.js) over the synthetic patients gives the results the CQL expectations name.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runLibraries } from "../src/dtr/prepopulate.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dtrTests = path.join(repo, "tests", "FhirPriorAuth.Policies.Tests", "Dtr");
const expectations = JSON.parse(fs.readFileSync(path.join(dtrTests, "cql-expectations.json"), "utf8"));
const read = f => JSON.parse(fs.readFileSync(f, "utf8"));
const libraries = [
  read(path.join(repo, "ig-packages", "fhirpriorauth", "Library-prior-auth-evidence.json")),
  ...fs.readdirSync(path.join(repo, "questionnaires"), { recursive: true }).filter(f => /Library-.*\.json$/.test(f)).map(f => read(path.join(repo, "questionnaires", f))),
];
const valueSets = fs.readdirSync(path.join(repo, "ig-packages", "fhirpriorauth")).filter(f => f.startsWith("ValueSet-")).map(f => read(path.join(repo, "ig-packages", "fhirpriorauth", f)));
const strip = v => JSON.parse(JSON.stringify(v, (k, x) => (k === "display" ? undefined : x)));

for (const c of expectations.cases) {
  test(`CQL in the app: ${c.name}`, async () => {
    const bundle = read(path.join(dtrTests, c.patient));
    const library = libraries.find(l => l.name === c.library);
    const questionnaire = { extension: [{ url: "http://hl7.org/fhir/StructureDefinition/cqf-library", valueCanonical: library.url }] };
    const order = bundle.entry.map(e => e.resource).find(r => r.resourceType === "MedicationRequest");
    const { results, errors } = await runLibraries({ questionnaire, libraries, valueSets, bundle, launch: { order },
      dateOfService: "dateOfService" in c ? c.dateOfService : expectations.dateOfService, now: new Date(c.executionDateTime ?? expectations.executionDateTime) });
    assert.deepEqual(errors, []);
    for (const [define, expected] of Object.entries(c.expect))
      assert.deepEqual(strip(results.get(`${c.library}.${define}`) ?? null), expected, define);
  });
}
