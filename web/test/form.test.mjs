// Unit tests of the DTR form logic (node --test): enableWhen, value mapping, origin rules, the response built.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  enabledItems, missingRequired, answersFromCql, originAfterEdit, responseItems, answersFromResponse, mergeOnResume,
  initialExpressionOf, unsupportedFeatures, originOf,
} from "../src/dtr/form.js";

const coding = code => ({ system: "http://example.org/cs", code });
const form = {
  resourceType: "Questionnaire",
  item: [
    { linkId: "kind", type: "choice", required: true, answerOption: [{ valueCoding: coding("a") }, { valueCoding: coding("b") }] },
    { linkId: "onlyA", type: "boolean", required: true, enableWhen: [{ question: "kind", operator: "=", answerCoding: coding("a") }] },
    { linkId: "afterOnlyA", type: "integer", required: true, enableWhen: [{ question: "onlyA", operator: "=", answerBoolean: true }] },
    { linkId: "group", type: "group", enableWhen: [{ question: "kind", operator: "=", answerCoding: coding("b") }, { question: "kind", operator: "exists", answerBoolean: false }], enableBehavior: "any",
      item: [{ linkId: "inGroup", type: "decimal", required: true }] },
  ],
};
const state = entries => new Map(entries.map(([k, values, origin = "manual"]) => [k, { values, origin }]));

test("enableWhen follows the answers, and a chain of conditions reaches a steady state", () => {
  let answers = state([["kind", [{ valueCoding: coding("a") }]], ["onlyA", [{ valueBoolean: true }]]]);
  let enabled = enabledItems(form, answers);
  assert.deepEqual([...enabled].sort(), ["afterOnlyA", "kind", "onlyA"]);
  // Switching to b disables onlyA; its answer no longer counts, so afterOnlyA goes too, and the group opens.
  answers.set("kind", { values: [{ valueCoding: coding("b") }], origin: "manual" });
  enabled = enabledItems(form, answers);
  assert.deepEqual([...enabled].sort(), ["group", "inGroup", "kind"]);
});

test("enableBehavior any: an unanswered question enables the group through exists=false", () => {
  const enabled = enabledItems(form, new Map());
  assert.ok(enabled.has("group") && enabled.has("inGroup"));
});

test("an enableWhenExpression that evaluates to false disables the item; an unknown value leaves it on", () => {
  const q = { item: [{ linkId: "x", type: "string", extension: [{ url: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression", valueExpression: { language: "text/cql", expression: "\"L\".on" } }] }] };
  assert.equal(enabledItems(q, new Map(), () => false).has("x"), false);
  assert.equal(enabledItems(q, new Map(), () => undefined).has("x"), true);
});

test("Complete needs every required enabled item answered; hidden and disabled ones do not count", () => {
  const answers = state([["kind", [{ valueCoding: coding("a") }]], ["onlyA", [{ valueBoolean: false }]]]);
  const enabled = enabledItems(form, answers);
  assert.deepEqual(missingRequired(form, answers, enabled), []);
  answers.set("onlyA", { values: [{ valueBoolean: true }], origin: "manual" });
  const enabled2 = enabledItems(form, answers);
  assert.deepEqual(missingRequired(form, answers, enabled2), ["afterOnlyA"]);
});

test("CQL values map onto the item's answer type; codes take the option's display", () => {
  const choice = { linkId: "c", type: "choice", repeats: true };
  const options = [{ system: "s", code: "x", display: "Ex" }];
  assert.deepEqual(answersFromCql(choice, [{ system: "s", code: "x" }, { system: "s", code: "y" }], options),
    [{ valueCoding: { system: "s", code: "x", display: "Ex" } }, { valueCoding: { system: "s", code: "y" } }]);
  assert.deepEqual(answersFromCql({ type: "integer" }, 64), [{ valueInteger: 64 }]);
  assert.deepEqual(answersFromCql({ type: "decimal" }, { value: 12.5, unit: "%" }), [{ valueDecimal: 12.5 }]);
  assert.deepEqual(answersFromCql({ type: "date" }, "2025-12-15"), [{ valueDate: "2025-12-15" }]);
  assert.deepEqual(answersFromCql({ type: "boolean" }, "yes"), []);
  assert.deepEqual(answersFromCql({ type: "boolean" }, null), []);
  assert.deepEqual(answersFromCql({ type: "choice" }, [{ system: "s", code: "x" }, { system: "s", code: "z" }], options).length, 1);
});

test("origin: typed into an empty item is manual, changing a chart answer is override, and stays so", () => {
  assert.equal(originAfterEdit(undefined), "manual");
  assert.equal(originAfterEdit({ values: [{ valueBoolean: true }], origin: "auto" }), "override");
  assert.equal(originAfterEdit({ values: [{ valueBoolean: true }], origin: "override" }), "override");
  assert.equal(originAfterEdit({ values: [{ valueBoolean: true }], origin: "manual" }), "manual");
});

test("the response leaves out disabled items' answers and marks each answer with its information-origin", () => {
  const answers = state([["kind", [{ valueCoding: coding("b") }], "auto"], ["onlyA", [{ valueBoolean: true }], "manual"], ["inGroup", [{ valueDecimal: 2.5 }], "override"]]);
  const enabled = enabledItems(form, answers);
  const items = responseItems(form.item, answers, enabled, "Practitioner/p1");
  assert.deepEqual(items.map(i => i.linkId), ["kind", "group"]);
  assert.equal(originOf(items[0].answer[0]), "auto");
  assert.equal(items[0].answer[0].extension[0].extension.length, 1, "chart answers carry no author");
  assert.equal(originOf(items[1].item[0].answer[0]), "override");
  assert.equal(items[1].item[0].answer[0].extension[0].extension[1].extension[0].valueReference.reference, "Practitioner/p1");
});

test("resume keeps manual and override answers and refreshes only empty and chart answers", () => {
  const saved = answersFromResponse({ item: [
    { linkId: "a", answer: [{ valueInteger: 1, extension: [{ url: "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin", extension: [{ url: "source", valueCode: "manual" }] }] }] },
    { linkId: "b", answer: [{ valueInteger: 2, extension: [{ url: "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin", extension: [{ url: "source", valueCode: "auto" }] }] }] },
  ] });
  const merged = mergeOnResume(saved, new Map([["a", [{ valueInteger: 10 }]], ["b", [{ valueInteger: 20 }]], ["c", [{ valueInteger: 30 }]]]));
  assert.deepEqual(merged.get("a"), { values: [{ valueInteger: 1 }], origin: "manual" });
  assert.deepEqual(merged.get("b"), { values: [{ valueInteger: 20 }], origin: "auto" });
  assert.deepEqual(merged.get("c"), { values: [{ valueInteger: 30 }], origin: "auto" });
});

test("initialExpression names library and define; unsupported extensions are reported", () => {
  assert.deepEqual(initialExpressionOf({ extension: [{ url: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression", valueExpression: { language: "text/cql", expression: "\"WellmarkLutathera\".age" } }] }),
    { library: "WellmarkLutathera", define: "age" });
  const problems = unsupportedFeatures({ item: [{ linkId: "x", type: "attachment", extension: [{ url: "http://example.org/odd" }] }] });
  assert.deepEqual(problems.map(p => p.what), ["item type attachment", "extension http://example.org/odd"]);
});
