// The PAS request the DTR app sends and the decision it reads back (pas.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pendedLine, pasBundle, unresolved, decisionOf } from "../src/dtr/pas.js";

const EHR = "https://ehr.example.org/fhir";
const patient = { resourceType: "Patient", id: "p1" };
const coverage = {
  resourceType: "Coverage", id: "c1", status: "active", beneficiary: { reference: "Patient/p1" },
  contained: [{ resourceType: "Organization", id: "payer", name: "Wellmark" }], payor: [{ reference: "#payer" }],
};
const order = {
  resourceType: "MedicationRequest", id: "o1", subject: { reference: "Patient/p1" }, requester: { reference: "Practitioner/dr" },
  medicationCodeableConcept: { coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "1999682" }] },
  reasonReference: [{ reference: "Condition/net" }],
};
const provider = { resourceType: "Practitioner", id: "dr" };
const qr = { resourceType: "QuestionnaireResponse", id: "qr1", status: "completed", subject: { reference: "Patient/p1" } };
const build = line => pasBundle({ ehrBase: EHR, patient, coverage, order, provider, questionnaireResponse: qr, line,
  conditions: [{ code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "C7A.010" }] } }], now: new Date("2026-03-02T12:00:00Z"), id: "claim-1" });

test("a PAS attachment control number names its authorization and line; other contexts do not", () => {
  assert.deepEqual(pendedLine("PA-02EA6F4327BF-1"), { authorizationNumber: "PA-02EA6F4327BF", sequence: 1, controlNumber: "PA-02EA6F4327BF-1" });
  assert.equal(pendedLine("3f2a4c1e-8d7b-4a5e-9c3d-2b1a0f9e8d7c"), null);
  assert.equal(pendedLine(undefined), null);
});

test("a new request: the Claim first, the payer as an entry, the response as supporting information, the chart's diagnosis", () => {
  const bundle = build(null);
  const claim = bundle.entry[0].resource;
  assert.equal(claim.use, "preauthorization");
  assert.equal(claim.related, undefined);
  assert.equal(claim.item[0].sequence, 1);
  assert.equal(claim.item[0].servicedDate, "2026-03-02");
  assert.equal(claim.supportingInfo[0].valueReference.reference, "QuestionnaireResponse/qr1");
  assert.equal(claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code, "C7A.010");
  const insurer = bundle.entry.find(e => e.resource.resourceType === "Organization");
  assert.equal(claim.insurer.reference, `Organization/${insurer.resource.id}`);
  assert.ok(bundle.entry.slice(1).every(e => e.fullUrl === `${EHR}/${e.resource.resourceType}/${e.resource.id}`));
  // The order's reason is referenced but not sent yet: the app reads it from the EHR before sending.
  assert.deepEqual(unresolved(bundle), ["Condition/net"]);
});

test("the update for a pended line names the authorization as prior and marks the line changed under its own sequence", () => {
  const claim = build(pendedLine("PA-02EA6F4327BF-2")).entry[0].resource;
  assert.equal(claim.related[0].claim.identifier.value, "PA-02EA6F4327BF");
  assert.equal(claim.related[0].relationship.coding[0].code, "prior");
  assert.equal(claim.item[0].sequence, 2);
  assert.ok(claim.item[0].extension.some(e => e.url.endsWith("extension-infoChanged") && e.valueCode === "changed"));
});

test("the decision: action per line, authorization number, notes, and a pended line's control number", () => {
  const action = code => [{ extension: [{ url: "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction", extension: [
    { url: "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode", valueCodeableConcept: { coding: [{ code }] } }] }] }];
  const answer = { resourceType: "Bundle", entry: [
    { resource: { resourceType: "ClaimResponse", preAuthRef: "PA-1", processNote: [{ number: 1, text: "Pended — Ki-67 missing" }],
      item: [{ itemSequence: 1, noteNumber: [1], adjudication: action("A4") }, { itemSequence: 2, adjudication: action("A1") }] } },
    { resource: { resourceType: "CommunicationRequest", extension: [{ url: "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-serviceLineNumber", valuePositiveInt: 1 }],
      identifier: [{ system: "http://fhirpriorauth.example.org/fhir/attachment-control-number", value: "PA-1-1" }] } },
  ] };
  const decision = decisionOf(answer);
  assert.equal(decision.authorizationNumber, "PA-1");
  assert.deepEqual(decision.lines[0], { sequence: 1, code: "A4", meaning: "Pended for review", notes: ["Pended — Ki-67 missing"], controlNumber: "PA-1-1" });
  assert.equal(decision.lines[1].meaning, "Approved");
  assert.equal(decision.lines[1].controlNumber, null);
  assert.equal(decisionOf({ resourceType: "OperationOutcome" }), null);
});
