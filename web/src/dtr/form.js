// The form's logic, free of the DOM: items by linkId, answers with their origin, enableWhen to a steady state,
// validity, and the QuestionnaireResponse built from the state. Unit-tested under web/test/.

export const EXT = {
  initialExpression: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression",
  enableWhenExpression: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression",
  hidden: "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden",
  unit: "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
  itemControl: "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
  supportLink: "http://hl7.org/fhir/StructureDefinition/questionnaire-supportLink",
  renderingXhtml: "http://hl7.org/fhir/StructureDefinition/rendering-xhtml",
  cqfLibrary: "http://hl7.org/fhir/StructureDefinition/cqf-library",
  launchContext: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext",
  informationOrigin: "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin",
  variable: "http://hl7.org/fhir/StructureDefinition/variable",
  entryFormat: "http://hl7.org/fhir/StructureDefinition/entryFormat",
  minValue: "http://hl7.org/fhir/StructureDefinition/minValue",
  maxValue: "http://hl7.org/fhir/StructureDefinition/maxValue",
  signatureRequired: "http://hl7.org/fhir/StructureDefinition/questionnaire-signatureRequired",
  preferredTerminologyServer: "http://hl7.org/fhir/StructureDefinition/preferredTerminologyServer",
};

/** Extensions the renderer understands; any other one on an item is reported (and ignored). */
export const SUPPORTED_EXTENSIONS = new Set([
  EXT.initialExpression, EXT.enableWhenExpression, EXT.hidden, EXT.unit, EXT.itemControl, EXT.supportLink,
  EXT.renderingXhtml, EXT.entryFormat, EXT.minValue, EXT.maxValue, EXT.variable,
]);

export const ITEM_TYPES = new Set(["group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
  "string", "text", "url", "choice", "open-choice", "quantity"]);

export const ext = (element, url) => (element?.extension ?? []).filter(e => e.url === url);
export const ext1 = (element, url) => ext(element, url)[0];

/** Every item, depth first, with its parent's linkId. */
export function flatten(items, parent = null, out = []) {
  for (const item of items ?? []) {
    out.push({ item, parent });
    flatten(item.item, item.linkId, out);
  }
  return out;
}

/** Problems a form author should hear about: unsupported item types and extensions. Never blocking. */
export function unsupportedFeatures(questionnaire) {
  const found = [];
  for (const { item } of flatten(questionnaire.item)) {
    if (!ITEM_TYPES.has(item.type)) found.push({ linkId: item.linkId, what: `item type ${item.type}` });
    for (const e of item.extension ?? [])
      if (!SUPPORTED_EXTENSIONS.has(e.url)) found.push({ linkId: item.linkId, what: `extension ${e.url}` });
  }
  return found;
}

/** The `"Library".define` an item's CQL initialExpression names, or null. */
export function initialExpressionOf(item) {
  const e = ext1(item, EXT.initialExpression)?.valueExpression;
  if (!e || (e.language !== "text/cql" && e.language !== "text/cql-identifier" && e.language !== "text/cql-expression")) return null;
  const m = /^\s*(?:"([^"]+)"|([A-Za-z_][\w]*))\.\s*(?:"([^"]+)"|([A-Za-z_][\w ]*))\s*$/.exec(e.expression ?? "");
  if (m) return { library: m[1] ?? m[2], define: (m[3] ?? m[4]).trim() };
  const bare = /^\s*"?([^".]+)"?\s*$/.exec(e.expression ?? "");
  return bare ? { library: null, define: bare[1] } : null;
}

/** The answer key of an item type: valueCoding, valueBoolean, ... */
export function valueKey(type) {
  switch (type) {
    case "boolean": return "valueBoolean";
    case "decimal": return "valueDecimal";
    case "integer": return "valueInteger";
    case "date": return "valueDate";
    case "dateTime": return "valueDateTime";
    case "time": return "valueTime";
    case "url": return "valueUri";
    case "quantity": return "valueQuantity";
    case "choice": return "valueCoding";
    default: return "valueString";
  }
}

/**
 * A CQL result (already plain JSON: Codes as {system, code}, dates as text, quantities as {value, unit}) as FHIR
 * answers for the item, or [] when it does not fit the item's type. Codes pick up the display of the matching option.
 */
export function answersFromCql(item, result, options = []) {
  if (result === null || result === undefined) return [];
  const values = Array.isArray(result) ? result.flat() : [result];
  const out = [];
  for (const v of values) {
    const a = answerFromValue(item, v, options);
    if (a) out.push(a);
    if (!item.repeats && out.length) break;
  }
  return out;
}

function answerFromValue(item, v, options) {
  if (v === null || v === undefined) return null;
  switch (item.type) {
    case "boolean": return typeof v === "boolean" ? { valueBoolean: v } : null;
    case "integer": {
      const n = typeof v === "object" && v?.value !== undefined ? v.value : v;
      return typeof n === "number" && Number.isFinite(n) ? { valueInteger: Math.round(n) } : null;
    }
    case "decimal": {
      const n = typeof v === "object" && v?.value !== undefined ? v.value : v;
      return typeof n === "number" && Number.isFinite(n) ? { valueDecimal: n } : null;
    }
    case "date": return typeof v === "string" ? { valueDate: v.slice(0, 10) } : null;
    case "dateTime": return typeof v === "string" ? { valueDateTime: v } : null;
    case "string": case "text": return typeof v === "string" ? { valueString: v } : null;
    case "choice": case "open-choice": {
      if (typeof v === "object" && v?.code) {
        const known = options.find(o => o.code === v.code && (!v.system || !o.system || o.system === v.system));
        if (known) return { valueCoding: { system: known.system, code: known.code, ...(known.display ? { display: known.display } : {}) } };
        return { valueCoding: { system: v.system, code: v.code, ...(v.display ? { display: v.display } : {}) } };
      }
      if (typeof v === "string" && item.type === "open-choice") return { valueString: v };
      return null;
    }
    default: return null;
  }
}

/** The options of a choice item: answerOption codings, or the package's expansion of its answerValueSet. */
export function optionsOf(item, expansions) {
  if (item.answerOption?.length)
    return item.answerOption.map(o => o.valueCoding ?? (o.valueString !== undefined ? { code: o.valueString, display: o.valueString, string: true } : null)).filter(Boolean);
  if (item.answerValueSet) {
    const vs = expansions.get(item.answerValueSet) ?? expansions.get(item.answerValueSet.split("|")[0]);
    if (vs) return vs;
  }
  return [];
}

/** The codings of a ValueSet's expansion (nested contains flattened). */
export function expansionCodings(valueSet) {
  const out = [];
  const walk = list => { for (const c of list ?? []) { if (c.code && !c.abstract) out.push({ system: c.system, code: c.code, display: c.display }); walk(c.contains); } };
  walk(valueSet.expansion?.contains);
  return out;
}

const answerValue = a => {
  for (const [k, v] of Object.entries(a)) if (k.startsWith("value")) return { key: k, value: v };
  return null;
};

function compare(answer, operator, expected) {
  const a = answerValue(answer), e = answerValue(expected);
  if (!a || !e) return false;
  if (a.key === "valueCoding" || e.key === "valueCoding") {
    if (a.key !== "valueCoding" || e.key !== "valueCoding") return false;
    const same = a.value.code === e.value.code && (!a.value.system || !e.value.system || a.value.system === e.value.system);
    return operator === "=" ? same : operator === "!=" ? !same : false;
  }
  const x = a.value, y = e.value;
  switch (operator) {
    case "=": return x === y;
    case "!=": return x !== y;
    case ">": return x > y;
    case "<": return x < y;
    case ">=": return x >= y;
    case "<=": return x <= y;
    default: return false;
  }
}

/** One enableWhen condition against the current answers (answers of disabled items count as absent). */
export function conditionHolds(condition, answersOf) {
  const answers = answersOf(condition.question);
  if (condition.operator === "exists") return (answers.length > 0) === condition.answerBoolean;
  const expected = Object.fromEntries(Object.entries(condition).filter(([k]) => k.startsWith("answer")).map(([k, v]) => ["value" + k.slice(6), v]));
  if (condition.operator === "!=") return answers.length === 0 || answers.every(a => compare(a, "!=", expected));
  return answers.some(a => compare(a, condition.operator, expected));
}

/**
 * Which items are enabled, iterated to a steady state: an item is enabled when its parent is and its enableWhen
 * (all or any, per enableBehavior) holds over the answers of enabled items; an enableWhenExpression's value comes from
 * `expressionValue(item)` (true/false, or undefined when it could not be computed: then the item stays enabled).
 */
export function enabledItems(questionnaire, answers, expressionValue = () => undefined) {
  const all = flatten(questionnaire.item);
  let enabled = new Set(all.map(e => e.item.linkId));
  for (let round = 0; round < all.length + 1; round++) {
    const answersOf = linkId => (enabled.has(linkId) ? answers.get(linkId)?.values ?? [] : []);
    const next = new Set();
    for (const { item, parent } of all) {
      if (parent && !next.has(parent)) continue;
      let on = true;
      if (item.enableWhen?.length) {
        const results = item.enableWhen.map(c => conditionHolds(c, answersOf));
        on = item.enableBehavior === "any" ? results.some(Boolean) : results.every(Boolean);
      }
      if (on && ext1(item, EXT.enableWhenExpression)) {
        const v = expressionValue(item);
        if (v === false) on = false;
      }
      if (on) next.add(item.linkId);
    }
    if (next.size === enabled.size && [...next].every(l => enabled.has(l))) return next;
    enabled = next;
  }
  return enabled;
}

export const isHidden = item => ext1(item, EXT.hidden)?.valueBoolean === true;

/** Required, enabled, visible items with no answer: the reasons the form cannot be completed yet. */
export function missingRequired(questionnaire, answers, enabled) {
  return flatten(questionnaire.item)
    .filter(({ item }) => item.required && item.type !== "group" && item.type !== "display" && enabled.has(item.linkId) && !isHidden(item))
    .filter(({ item }) => !(answers.get(item.linkId)?.values?.length))
    .map(({ item }) => item.linkId);
}

/**
 * The origin after the user sets an item: a first answer is `manual`; changing a chart answer makes it `override`;
 * an override or manual answer stays what it is.
 */
export function originAfterEdit(previous) {
  if (!previous || !previous.values?.length) return previous?.origin === "auto" ? "override" : "manual";
  return previous.origin === "auto" ? "override" : previous.origin ?? "manual";
}

const originExtension = (origin, author) => ({
  url: EXT.informationOrigin,
  extension: [
    { url: "source", valueCode: origin },
    ...(origin !== "auto" && author ? [{ url: "author", extension: [{ url: "practitioner", valueReference: { reference: author } }] }] : []),
  ],
});

/** The origin an answer of a stored QuestionnaireResponse carries, or null. */
export function originOf(answer) {
  const e = ext1(answer, EXT.informationOrigin);
  return e?.extension?.find(x => x.url === "source")?.valueCode ?? null;
}

/**
 * The QuestionnaireResponse items for the enabled items with answers (disabled items' answers leave the response),
 * each answer carrying its information-origin.
 */
export function responseItems(items, answers, enabled, author) {
  const out = [];
  for (const item of items ?? []) {
    if (!enabled.has(item.linkId) || item.type === "display") continue;
    if (item.type === "group") {
      const children = responseItems(item.item, answers, enabled, author);
      if (children.length) out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), item: children });
      continue;
    }
    const state = answers.get(item.linkId);
    if (!state?.values?.length) continue;
    out.push({
      linkId: item.linkId,
      ...(item.text ? { text: item.text } : {}),
      answer: state.values.map(v => ({ ...v, extension: [originExtension(state.origin ?? "manual", author)] })),
    });
  }
  return out;
}

/** Answers (with origins) read back from a stored response, for resuming. */
export function answersFromResponse(response) {
  const answers = new Map();
  const walk = items => {
    for (const it of items ?? []) {
      if (it.answer?.length) {
        const values = it.answer.map(a => Object.fromEntries(Object.entries(a).filter(([k]) => k.startsWith("value"))));
        answers.set(it.linkId, { values, origin: originOf(it.answer[0]) ?? "manual" });
      }
      walk(it.item);
    }
  };
  walk(response.item);
  return answers;
}

/**
 * On resume the chart is read again, but only empty answers and answers that came from the chart are replaced:
 * what the user typed or overrode stays.
 */
export function mergeOnResume(saved, fromChart) {
  const merged = new Map(saved);
  for (const [linkId, values] of fromChart) {
    const kept = saved.get(linkId);
    if (!kept || !kept.values?.length || kept.origin === "auto") {
      if (values.length) merged.set(linkId, { values, origin: "auto" });
    }
  }
  return merged;
}
