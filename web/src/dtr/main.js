// The DTR SMART app: launch → payer session → questionnaire package → chart data → CQL → form → save to the EHR.
import { authorize, completeAuthorization, launchContext, idTokenClaims, discover } from "./smart.js";
import { FhirClient } from "./fhir.js";
import { runLibraries, chartAnswers, loadEngine } from "./prepopulate.js";
import { readChart } from "./chart.js";
import { questionnaireResponse } from "./response.js";
import {
  enabledItems, missingRequired, responseItems, answersFromResponse, mergeOnResume, unsupportedFeatures,
  expansionCodings, EXT, ext1, initialExpressionOf,
} from "./form.js";
import { FormView } from "./render.js";
import { pendedLine } from "./pas.js";
import { sendToPayer, decisionView } from "./submit.js";
import { h } from "../shared/dom.js";

const $ = id => document.getElementById(id);
const ORDER_TYPES = ["MedicationRequest", "ServiceRequest", "DeviceRequest", "NutritionOrder", "VisionPrescription", "CommunicationRequest", "Appointment", "Encounter"];

function banner(text, kind = "error") {
  const el = h("div", { class: `banner ${kind}`, role: kind === "error" ? "alert" : "status" }, text,
    h("button", { type: "button", class: "close", "aria-label": "dismiss", onclick: () => el.remove() }, "×"));
  $("banners").append(el);
  return el;
}

function status(text) { $("status").textContent = text; }

async function postJson(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body), credentials: "omit" });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.error_description ?? json?.error ?? `HTTP ${response.status}`);
  return json;
}

async function start() {
  const params = new URLSearchParams(location.search);
  const redirectUri = location.origin + "/dtr/";
  if (location.pathname.endsWith("/launch")) {
    const iss = params.get("iss"), launch = params.get("launch");
    if (!iss || !launch) throw new Error("the launch is missing iss or launch");
    // The payer's registration of the EHR and the EHR's SMART configuration, fetched side by side.
    const discovered = discover(iss);
    discovered.catch(() => { /* reported by authorize, once the EHR is known to be registered */ });
    const config = await (await fetch("/dtr/config?iss=" + encodeURIComponent(iss), { credentials: "omit" })).json();
    if (!config.clientId) throw new Error("this EHR is not registered with the payer's DTR app");
    status("Signing in at the EHR…");
    return authorize({ iss, launch, clientId: config.clientId, redirectUri, discovered });
  }
  if (params.get("error")) throw new Error(`the EHR refused the launch: ${params.get("error")}`);
  if (params.get("code") && params.get("state")) {
    loadEngine().catch(() => { /* reported when the Libraries run */ });
    const session = await completeAuthorization(params.get("code"), params.get("state"));
    history.replaceState(null, "", "/dtr/");
    current = new DtrSession(session);
    return current.run();
  }
  // Standalone: choose the EHR the payer knows about.
  const config = await (await fetch("/dtr/config", { credentials: "omit" })).json();
  const ehrs = config.ehrs ?? [];
  if (!ehrs.length) throw new Error("no EHR is registered with the payer's DTR app");
  $("picker").replaceChildren(h("h2", {}, "Open the form from your EHR"),
    ...ehrs.map(e => h("button", { type: "button", onclick: () => authorize({ iss: e.iss, clientId: e.clientId, redirectUri }) }, e.name ?? e.iss)));
  status("");
}

class DtrSession {
  constructor({ iss, token }) {
    this.iss = iss.replace(/\/+$/, "");
    this.token = token;
    this.ehr = new FhirClient(this.iss, token.access_token);
    this.context = launchContext(token);
    this.user = token.id_token ? idTokenClaims(token.id_token).fhirUser ?? null : null;
    this.author = this.user ? this.user.replace(/^.*\/((?:Practitioner|PractitionerRole)\/[^/]+)$/, "$1") : null;
  }

  async run() {
    const started = performance.now();
    status("Connecting to the payer and reading the order…");
    if (this.context.patient) {
      // The Patient is read while the payer is asked for the form; the chart read picks it up.
      const promise = this.ehr.read(`Patient/${this.context.patient}`);
      promise.catch(() => { /* reported when the chart is read */ });
      this.patientRead = { id: this.context.patient, promise };
    }
    // The payer session and the EHR reads of the launch context do not wait on each other.
    const [, ctx] = await Promise.all([
      this.payerReady = this.openPayer().then(() => performance.mark("dtr:payer-session")),
      this.resolveContext().then(c => { performance.mark("dtr:context"); return c; }),
    ]);
    if (!ctx) return;
    await this.openForm(ctx, started);
  }

  async openPayer() {
    const payerBase = location.origin + "/fhir";
    if (this.iss === payerBase) { this.payer = new FhirClient(payerBase, this.token.access_token); this.claimSubmit = true; return; }
    if (!this.token.id_token) throw new Error("the EHR sent no id_token; the payer cannot be reached");
    const session = await postJson("/dtr/session", { iss: this.iss, id_token: this.token.id_token });
    this.payer = new FhirClient(payerBase, session.access_token);
    this.claimSubmit = session.scope?.includes("Claim.c") ?? false;
  }

  /** Reads the references side by side; the first of each kind (in the given order) is the one used. */
  async readAll(references) {
    const read = await Promise.all(references.map(ref => this.ehr.read(ref).catch(e => {
      banner(`Could not read ${ref.split("/")[0]} from the EHR: ${e.message}`);
      return null;
    })));
    const found = {};
    references.forEach((ref, i) => {
      const type = ref.split("/")[0], resource = read[i];
      if (!resource) return;
      if (type === "Coverage") found.coverage ??= resource;
      else if (type === "QuestionnaireResponse") found.response ??= resource;
      else if (type === "Task") found.task ??= resource;
      else if (ORDER_TYPES.includes(type)) found.order ??= resource;
    });
    return found;
  }

  async resolveContext() {
    const found = await this.readAll([...new Set(this.context.references)]);
    const patientId = this.context.patient;
    if (found.response) {
      const refs = (found.response.extension ?? []).filter(e => e.url === "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context")
        .map(e => e.valueReference?.reference).filter(r => r && !(found.order && r.startsWith(found.order.resourceType)) && !(found.coverage && r.startsWith("Coverage")));
      Object.assign(found, { ...(await this.readAll(refs)), ...found });
    }
    if (found.task?.focus?.reference && !found.order) Object.assign(found, await this.readAll([found.task.focus.reference]));
    if (!found.order && !found.response) return this.pickContext(patientId);
    if (!found.coverage && patientId) {
      const coverages = await this.ehr.search(`Coverage?patient=${encodeURIComponent(patientId)}&status=active`).catch(e => { banner(e.message); return []; });
      found.coverage = coverages[0];
    }
    if (!found.coverage) throw new Error("no active coverage was found for this patient");
    return found;
  }

  /** No order or response in the launch: the patient's in-progress responses and open orders, to pick from. */
  async pickContext(patientId) {
    status("Choose what to document");
    const search = path => this.ehr.search(path).catch(() => []);
    const [responses, ...orders] = await Promise.all([
      search(`QuestionnaireResponse?patient=${encodeURIComponent(patientId)}&status=in-progress`),
      ...["MedicationRequest", "ServiceRequest", "DeviceRequest"].map(type => search(`${type}?patient=${encodeURIComponent(patientId)}&status=active,draft`)),
    ]);
    const choose = refs => { $("picker").replaceChildren(); this.context.references = refs; this.resolveContext().then(c => c && this.openForm(c, performance.now())).catch(fail); };
    const pick = (ref, text) => h("li", {}, h("button", { type: "button", "data-pick": ref, onclick: () => choose([ref]) }, text));
    const what = o => { const c = o.medicationCodeableConcept ?? o.code ?? o.codeCodeableConcept; return c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? o.id; };
    $("picker").replaceChildren(h("h2", {}, "Resume or start a form"), h("ul", {},
      ...responses.map(r => pick(`QuestionnaireResponse/${r.id}`, `Resume: ${r.questionnaire ?? "form"} (saved ${r.authored ?? ""})`)),
      ...orders.flat().map(o => pick(`${o.resourceType}/${o.id}`, `Order: ${what(o)} (${o.authoredOn ?? ""})`))));
    return null;
  }

  async openForm(ctx, started) {
    this.ctx = ctx;
    status("Fetching the payer's form…");
    const parameter = [];
    if (ctx.coverage) parameter.push({ name: "coverage", resource: ctx.coverage });
    if (ctx.order) parameter.push({ name: "order", resource: ctx.order });
    const app = this.context.appContext;
    const questionnaire = ctx.response?.questionnaire ?? app.questionnaire;
    if (questionnaire) parameter.push({ name: "questionnaire", valueCanonical: questionnaire });
    if (typeof app.context === "string" && app.context) parameter.push({ name: "context", valueString: app.context });
    await this.payerReady; // a form picked from the list may be chosen before the payer session is open
    const output = await this.payer.operation("Questionnaire/$questionnaire-package", { resourceType: "Parameters", parameter });
    performance.mark("dtr:package");
    const bundles = (output.parameter ?? []).filter(p => p.resource?.resourceType === "Bundle").map(p => p.resource);
    if (!bundles.length) throw new Error("the payer sent no form for this order");
    const wanted = questionnaire?.split("|")[0];
    const bundle = bundles.find(b => b.entry?.some(e => e.resource?.resourceType === "Questionnaire" && e.resource.url === wanted)) ?? bundles[0];
    const resources = bundle.entry.map(e => e.resource).filter(Boolean);
    this.questionnaire = resources.find(r => r.resourceType === "Questionnaire");
    this.libraries = resources.filter(r => r.resourceType === "Library");
    this.valueSets = resources.filter(r => r.resourceType === "ValueSet");
    this.draft = resources.find(r => r.resourceType === "QuestionnaireResponse") ?? null;
    this.expansions = new Map();
    for (const vs of this.valueSets) {
      const codings = expansionCodings(vs);
      this.expansions.set(vs.url, codings);
      if (vs.version) this.expansions.set(`${vs.url}|${vs.version}`, codings);
    }
    this.showHeader(ctx);

    for (const problem of unsupportedFeatures(this.questionnaire))
      this.logError(`${problem.linkId}: unsupported ${problem.what}`, false, `Questionnaire.item.where(linkId='${problem.linkId}')`);

    status("Reading the chart…");
    let results = new Map();
    try {
      const chart = await readChart({ ehr: this.ehr, ctx, patientId: this.patientId(ctx), libraries: this.libraries, patientRead: this.patientRead,
        onError: text => banner(text) });
      this.patient = chart.entry[0]?.resource;
      this.conditions = chart.entry.map(e => e.resource).filter(r => r.resourceType === "Condition");
      performance.mark("dtr:chart");
      const run = await runLibraries({ questionnaire: this.questionnaire, libraries: this.libraries, valueSets: this.valueSets, bundle: chart,
        launch: { patient: chart.entry.find(e => e.resource.resourceType === "Patient")?.resource, order: ctx.order, coverage: ctx.coverage } });
      results = run.results;
      performance.mark("dtr:cql");
      for (const error of run.errors) this.logError(error, true);
    } catch (e) {
      this.logError(`pre-population failed: ${e.message}`, true);
    }
    this.cqlResults = results;
    const fromChart = chartAnswers(this.questionnaire, results, this.expansions);
    if (ctx.response) {
      this.responseId = ctx.response.id;
      this.answers = mergeOnResume(answersFromResponse(ctx.response), fromChart);
    } else {
      this.answers = new Map([...fromChart].map(([k, values]) => [k, { values, origin: "auto" }]));
    }
    this.view = new FormView($("form"), { questionnaire: this.questionnaire, answers: this.answers, expansions: this.expansions }, () => this.refresh());
    this.view.render();
    this.refresh();
    $("actions").hidden = false;
    this.line = pendedLine(this.context.appContext.context);
    $("submit").hidden = !this.claimSubmit;
    $("submit").textContent = this.line ? `Send to the payer for pended line ${this.line.sequence}` : "Submit to the payer";
    status("");
    performance.mark("dtr:form");
    document.body.dataset.ready = "true";
    document.body.dataset.launchMs = String(Math.round(performance.now() - started));
  }

  patientId(ctx = this.ctx) { return this.context.patient ?? ctx?.order?.subject?.reference?.split("/")[1]; }

  expressionValue(item) {
    const e = ext1(item, EXT.enableWhenExpression)?.valueExpression;
    if (!e) return undefined;
    const ref = initialExpressionOf({ extension: [{ url: EXT.initialExpression, valueExpression: e }] });
    if (!ref) return undefined;
    const key = `${ref.library ?? [...this.cqlResults.keys()][0]?.split(".")[0]}.${ref.define}`;
    const v = this.cqlResults.get(key);
    return typeof v === "boolean" ? v : undefined;
  }

  refresh() {
    this.enabled = enabledItems(this.questionnaire, this.answers, item => this.expressionValue(item));
    this.view.applyEnablement(this.enabled);
    const missing = missingRequired(this.questionnaire, this.answers, this.enabled);
    $("complete").disabled = missing.length > 0;
    // One request per form: a second click would be a second request (a new Claim), not a resend.
    $("submit").disabled = missing.length > 0 || this.submitting === true || this.decided === true;
    $("missing").textContent = missing.length ? `${missing.length} required answer(s) missing` : "All required answers given";
  }

  showHeader(ctx) {
    const patient = this.patientId(ctx) ?? "";
    const med = ctx.order?.medicationCodeableConcept;
    const payer = ctx.coverage?.payor?.[0]?.display ?? ctx.coverage?.payor?.[0]?.reference ?? "";
    $("context").replaceChildren(
      h("div", {}, h("b", {}, "Patient: "), h("span", { id: "ctx-patient" }, patient)),
      h("div", {}, h("b", {}, "Order: "), h("span", { id: "ctx-order" }, med?.text ?? med?.coding?.[0]?.display ?? (ctx.order ? `${ctx.order.resourceType}/${ctx.order.id}` : ""))),
      h("div", {}, h("b", {}, "Payer: "), h("span", { id: "ctx-payer" }, payer)),
      h("div", {}, h("b", {}, "Form: "), h("span", { id: "ctx-form" }, this.questionnaire.title ?? this.questionnaire.name ?? "")));
  }

  /** Shows the problem (when the user should know) and reports it to the payer; never blocks the form. */
  logError(text, show, expression) {
    if (show) banner(text);
    const issue = { severity: "error", code: show ? "processing" : "not-supported", diagnostics: text, ...(expression ? { expression: [expression] } : {}) };
    const parameter = [{ name: "questionnaire", valueCanonical: `${this.questionnaire?.url ?? ""}${this.questionnaire?.version ? "|" + this.questionnaire.version : ""}` },
      { name: "operationOutcome", resource: { resourceType: "OperationOutcome", issue: [issue] } }];
    this.payer?.operation("Questionnaire/$log-questionnaire-errors", { resourceType: "Parameters", parameter }).catch(() => { /* logging never blocks the form */ });
  }

  response(statusCode) {
    return questionnaireResponse({ questionnaire: this.questionnaire, draft: this.draft, ctx: this.ctx, id: this.responseId, status: statusCode,
      patientId: this.patientId(), author: this.author, item: responseItems(this.questionnaire.item, this.answers, this.enabled, this.author) });
  }

  /** Saves the completed response to the EHR, sends it to the payer (PAS) and shows the decision. */
  async submit() {
    if (this.submitting) return;
    this.submitting = true;
    this.refresh();
    try {
      const qr = await this.save("completed");
      if (!qr) return;
      status("Sending to the payer…");
      const { decision, line } = await sendToPayer(this, { ...qr, id: this.responseId });
      $("decision").replaceChildren(...decisionView(decision, line));
      $("decision").hidden = false;
      this.decided = true;
    } catch (e) {
      banner(`The payer could not be sent the request: ${e.message}`);
    } finally {
      status("");
      this.submitting = false;
      this.refresh();
    }
  }

  async save(statusCode) {
    const qr = this.response(statusCode);
    try {
      if (this.responseId) await this.ehr.update(qr);
      else {
        const created = await this.ehr.create(qr);
        this.responseId = created.json?.id ?? created.location?.match(/QuestionnaireResponse\/([^/]+)/)?.[1];
      }
      banner(statusCode === "completed" ? "The completed form was saved to the EHR." : "The form was saved to the EHR.", "info");
      $("saved").textContent = this.responseId ? `QuestionnaireResponse/${this.responseId}` : "";
      return qr;
    } catch (e) {
      banner(`Saving to the EHR failed: ${e.message}`);
      return null;
    }
  }
}

function fail(e) {
  status("");
  banner(e?.message ?? String(e));
}

let current = null;
document.addEventListener("DOMContentLoaded", () => {
  $("save").addEventListener("click", () => current?.save("in-progress"));
  $("complete").addEventListener("click", () => current?.save("completed"));
  $("submit").addEventListener("click", () => current?.submit());
  start().catch(fail);
});
