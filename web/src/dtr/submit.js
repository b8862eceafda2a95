// Sending the completed response to the payer with PAS, from the DTR app, and showing what the payer decided.
import { pasBundle, unresolved, decisionOf } from "./pas.js";
import { h } from "../shared/dom.js";

/**
 * Builds the PAS request (a new one for the order, or the update for the pended line the form was opened for) from
 * what the app read from the EHR, adds what its resources reference, sends it with the payer token, and returns the
 * decision and the line it is about.
 */
export async function sendToPayer(session, questionnaireResponse) {
  const { ehr, payer, ctx, iss } = session;
  if (!ctx.order) throw new Error("the form was not opened for an order");
  const patientRef = `Patient/${session.context.patient ?? ctx.order.subject?.reference?.split("/")[1]}`;
  const requester = ctx.order.requester?.reference;
  if (!requester) throw new Error("the order names no requester, so the payer cannot be told who asks");
  const [patient, provider] = await Promise.all([
    session.patient?.id ? session.patient : ehr.read(patientRef),
    ehr.read(requester),
  ]);
  const bundle = pasBundle({ ehrBase: iss, patient, coverage: ctx.coverage, order: ctx.order, provider, questionnaireResponse,
    conditions: session.conditions ?? [], line: session.line });
  // PAS: what the sent resources reference travels with them; read from the EHR, a few rounds at most.
  for (let round = 0; round < 3; round++) {
    const missing = unresolved(bundle).slice(0, 20);
    if (!missing.length) break;
    const read = await Promise.all(missing.map(r => ehr.read(r).catch(() => null)));
    if (!read.some(Boolean)) break;
    for (const r of read.filter(Boolean)) bundle.entry.push({ fullUrl: `${iss}/${r.resourceType}/${r.id}`, resource: r });
  }
  const decision = decisionOf(await payer.operation("Claim/$submit", bundle));
  if (!decision) throw new Error("the payer's answer holds no decision");
  const line = (session.line && decision.lines.find(l => l.sequence === session.line.sequence)) ?? decision.lines[0] ?? null;
  return { decision, line };
}

/** The decision panel's content: the action and its meaning, the authorization number, a pend's control number, the notes. */
export function decisionView(decision, line) {
  return [
    h("h2", {}, "The payer's decision"),
    h("p", {}, h("b", {}, "Decision: "), h("span", { id: "decision-code", "data-code": line?.code ?? "" }, line ? `${line.meaning} (${line.code})` : "none")),
    h("p", {}, h("b", {}, "Authorization number: "), h("span", { id: "decision-number" }, decision.authorizationNumber ?? "")),
    ...(line?.controlNumber ? [h("p", {}, h("b", {}, "Documentation requested under: "), h("span", { id: "decision-control" }, line.controlNumber))] : []),
    ...(line?.notes?.length ? [h("ul", { id: "decision-notes" }, ...line.notes.map(n => h("li", {}, n)))] : []),
  ];
}
