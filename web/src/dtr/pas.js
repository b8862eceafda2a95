// PAS from the DTR app: the request Bundle the app sends with the completed QuestionnaireResponse (a new request, or
// the update for a line the payer pended), and the decision read back from the PAS Response Bundle.

const PAS = "http://hl7.org/fhir/us/davinci-pas";
const REVIEW_ACTION = `${PAS}/StructureDefinition/extension-reviewAction`;
const REVIEW_ACTION_CODE = `${PAS}/StructureDefinition/extension-reviewActionCode`;
const ATTACHMENT_NUMBER = "http://fhirpriorauth.example.org/fhir/attachment-control-number";
const AUTHORIZATION_NUMBER = "http://fhirpriorauth.example.org/fhir/authorization-number";
const LINE_NUMBER = `${PAS}/StructureDefinition/extension-serviceLineNumber`;
const ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";

export const ACTIONS = {
  A1: "Approved", A3: "Denied", A4: "Pended for review", A6: "Approved with changes", CT: "Contact the payer",
  NA: "No authorization required", C: "Cancelled",
};

/**
 * The pended line a DTR `context` names, when it is one of this payer's PAS attachment control numbers
 * (`{authorization number}-{line}`, as the pend's CommunicationRequest carries it); null for anything else (a CRD
 * coverage-assertion-id).
 */
export function pendedLine(context) {
  const m = typeof context === "string" ? /^(PA-[0-9A-Z]{6,40})-([1-9][0-9]{0,3})$/.exec(context) : null;
  return m ? { authorizationNumber: m[1], sequence: Number(m[2]), controlNumber: context } : null;
}

const concept = (system, code, display) => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });
const isRelative = ref => typeof ref === "string" && /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(ref);

/** Every literal reference in a resource (contained resources and '#' references aside). */
export function referencesIn(node, out = []) {
  if (Array.isArray(node)) node.forEach(n => referencesIn(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "contained") continue;
      if (k === "reference" && typeof v === "string") { if (!v.startsWith("#")) out.push(v); }
      else referencesIn(v, out);
    }
  }
  return out;
}

/**
 * The PAS request Bundle: the Claim first (one line for the order, the completed QuestionnaireResponse as supporting
 * information), then the resources it and they reference, each under the EHR's URL so their own relative references
 * resolve within the Bundle. `line` makes it the update for a pended line: Claim.related names the authorization
 * number and the line, with its sequence kept, is marked changed (decided again with the new answers).
 */
export function pasBundle({ ehrBase, patient, coverage, order, provider, questionnaireResponse, conditions = [], extra = [], line = null,
  now = new Date(), id = crypto.randomUUID() }) {
  const base = ehrBase.replace(/\/+$/, "");
  const fullUrl = r => `${base}/${r.resourceType}/${r.id}`;
  const ref = r => ({ reference: `${r.resourceType}/${r.id}` });
  // The payer as its own entry: Claim.insurer cannot point into the Coverage's contained resources.
  const payorRef = coverage.payor?.[0]?.reference;
  const contained = payorRef?.startsWith("#") ? (coverage.contained ?? []).find(c => `#${c.id}` === payorRef) : null;
  const insurer = contained ? { ...contained, id: `payer-${coverage.id}`.slice(0, 64) } : null;
  // The date of service: when the order says it starts, else today.
  const starts = order.occurrenceDateTime ?? order.occurrencePeriod?.start ?? order.dispenseRequest?.validityPeriod?.start
    ?? order.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod?.start;
  const day = /^\d{4}-\d{2}-\d{2}/.test(starts ?? "") ? starts.slice(0, 10) : now.toISOString().slice(0, 10);
  const product = order.medicationCodeableConcept ?? order.code ?? order.productCodeableConcept ?? { text: "as ordered" };
  const item = {
    sequence: line?.sequence ?? 1,
    extension: [
      { url: `${PAS}/StructureDefinition/extension-certificationType`, valueCodeableConcept: concept("https://codesystem.x12.org/005010/1322", "I") },
      ...(line ? [{ url: `${PAS}/StructureDefinition/extension-infoChanged`, valueCode: "changed" }] : []),
      { url: `${PAS}/StructureDefinition/extension-requestedService`, valueReference: ref(order) },
    ],
    productOrService: product,
    servicedDate: day,
  };
  const diagnoses = [];
  for (const c of conditions) {
    const coding = (c.code?.coding ?? []).find(x => x.system === ICD10);
    if (coding && !diagnoses.some(d => d.code === coding.code) && diagnoses.length < 12) diagnoses.push(coding);
  }
  if (diagnoses.length) item.diagnosisSequence = diagnoses.map((_, i) => i + 1);
  const claim = {
    resourceType: "Claim", id,
    status: "active",
    // A drug the clinic administers (medical benefit): professional, as the payer's policies read it.
    type: concept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
    use: "preauthorization",
    patient: ref(patient),
    created: now.toISOString(),
    ...(insurer ? { insurer: { reference: `Organization/${insurer.id}` } } : { insurer: coverage.payor?.[0] }),
    provider: ref(provider),
    priority: concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
    ...(line ? { related: [{ claim: { identifier: { system: AUTHORIZATION_NUMBER, value: line.authorizationNumber } },
      relationship: concept("http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship", "prior") }] } : {}),
    ...(order.resourceType === "MedicationRequest" ? { prescription: ref(order) } : {}),
    supportingInfo: [{ sequence: 1, category: concept("http://hl7.org/us/davinci-pas/CodeSystem/PASSupportingInfoType", "additionalInformation"),
      valueReference: ref(questionnaireResponse) }],
    ...(diagnoses.length ? { diagnosis: diagnoses.map((coding, i) => ({ sequence: i + 1, diagnosisCodeableConcept: { coding: [coding] } })) } : {}),
    insurance: [{ sequence: 1, focal: true, coverage: ref(coverage) }],
    item: [item],
  };
  const entries = [{ fullUrl: `urn:uuid:${id}`, resource: claim }];
  const seen = new Set();
  for (const r of [patient, coverage, order, provider, questionnaireResponse, ...extra]) {
    if (!r?.id || seen.has(fullUrl(r))) continue;
    seen.add(fullUrl(r));
    entries.push({ fullUrl: fullUrl(r), resource: r });
  }
  if (insurer) entries.push({ fullUrl: `${base}/Organization/${insurer.id}`, resource: insurer });
  return {
    resourceType: "Bundle",
    identifier: { system: `${base}/pas-request`, value: id },
    type: "collection",
    timestamp: now.toISOString(),
    entry: entries,
  };
}

/** The relative references of a Bundle's resources that no entry holds (to be read from the EHR and added). */
export function unresolved(bundle) {
  const held = new Set(bundle.entry.map(e => `${e.resource.resourceType}/${e.resource.id}`));
  return [...new Set(bundle.entry.slice(1).flatMap(e => referencesIn(e.resource)).filter(r => isRelative(r) && !held.has(r)))];
}

/**
 * The decision a PAS Response Bundle carries: the authorization number and, per line, the X12 action code, its
 * meaning, the notes, and for a pended line the attachment control number its request for documents carries.
 */
export function decisionOf(bundle) {
  const response = bundle?.entry?.[0]?.resource;
  if (response?.resourceType !== "ClaimResponse") return null;
  const notes = new Map((response.processNote ?? []).map(n => [n.number, n.text]));
  const requests = (bundle.entry ?? []).map(e => e.resource).filter(r => r?.resourceType === "CommunicationRequest");
  const lines = (response.item ?? []).map(item => {
    const action = (item.adjudication ?? []).flatMap(a => a.extension ?? []).find(e => e.url === REVIEW_ACTION);
    const code = (action?.extension ?? []).find(e => e.url === REVIEW_ACTION_CODE)?.valueCodeableConcept?.coding?.[0]?.code ?? null;
    const request = requests.find(r => (r.extension ?? []).some(e => e.url === LINE_NUMBER && e.valuePositiveInt === item.itemSequence));
    return {
      sequence: item.itemSequence,
      code,
      meaning: ACTIONS[code] ?? code ?? "unknown",
      notes: (item.noteNumber ?? []).map(n => notes.get(n)).filter(Boolean),
      controlNumber: request?.identifier?.find(i => i.system === ATTACHMENT_NUMBER)?.value ?? null,
    };
  });
  return { authorizationNumber: response.preAuthRef ?? null, lines };
}
