// The QuestionnaireResponse the app saves to the EHR: DTR's dtr-questionnaireresponse with qr-context and intendedUse.
const DTR = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition";
const SIGNATURE = "http://hl7.org/fhir/StructureDefinition/questionnaireresponse-signature";

/**
 * The response for the form's answers (`item`): the package draft's context extensions when it had them, else
 * qr-context for the Coverage and the order and the intended use; `questionnaire` as url|version; the author.
 */
export function questionnaireResponse({ questionnaire: q, draft, ctx, id, status, patientId, author, item, now = new Date() }) {
  const draftExtensions = (draft?.extension ?? []).filter(e => e.url !== SIGNATURE);
  const extension = draftExtensions.length ? draftExtensions : [
    ...(ctx.coverage ? [{ url: `${DTR}/qr-context`, valueReference: { reference: `Coverage/${ctx.coverage.id}` } }] : []),
    ...(ctx.order ? [{ url: `${DTR}/qr-context`, valueReference: { reference: `${ctx.order.resourceType}/${ctx.order.id}` } }] : []),
    { url: `${DTR}/intendedUse`, valueCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/us/davinci-dtr/CodeSystem/temp", code: "order-pa" }] } },
  ];
  return {
    resourceType: "QuestionnaireResponse",
    ...(id ? { id } : {}),
    meta: { profile: [`${DTR}/dtr-questionnaireresponse`] },
    extension,
    questionnaire: q.version ? `${q.url}|${q.version}` : q.url,
    status,
    subject: { reference: `Patient/${patientId}` },
    authored: now.toISOString(),
    ...(author ? { author: { reference: author } } : {}),
    item,
  };
}
