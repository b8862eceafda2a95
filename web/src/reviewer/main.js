// The reviewer's page: the pended queue by due time, one task (request, facts with sources, criteria with citations,
// missing documentation, the attached QuestionnaireResponse, the CRD calls), and the decision. Everything submitted is
// untrusted: it is shown with textContent only.
import { h } from "../shared/dom.js";

const $ = id => document.getElementById(id);

let session = null;

function banner(text, kind = "error") {
  $("banners").replaceChildren(h("div", { class: `banner ${kind}`, role: kind === "error" ? "alert" : "status" }, text));
}

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.body ? { "Content-Type": "application/json" } : {}) };
  if (options.method === "POST") headers["X-CSRF-TOKEN"] = session.antiforgery;
  const response = await fetch(path, { ...options, headers, credentials: "same-origin" });
  const json = await response.json().catch(() => null);
  return { status: response.status, ok: response.ok, json };
}

const local = iso => (iso ? new Date(iso).toLocaleString() : "");

/** Time left until due as "2 d 3 h" / "overdue 5 h", and a colour class by the share of the review window left. */
export function countdown(submitted, due, now = Date.now()) {
  const left = new Date(due).getTime() - now;
  const window = new Date(due).getTime() - new Date(submitted).getTime();
  const abs = Math.abs(left), d = Math.floor(abs / 86400000), hrs = Math.floor((abs % 86400000) / 3600000), min = Math.floor((abs % 3600000) / 60000);
  const text = (d ? `${d} d ${hrs} h` : hrs ? `${hrs} h ${min} min` : `${min} min`);
  if (left <= 0) return { text: `overdue ${text}`, level: "overdue" };
  return { text, level: left < window * 0.25 ? "soon" : "ok" };
}

let lastQueue = null;

async function showQueue() {
  $("task").replaceChildren();
  const { ok, json, status } = await api("/review/tasks?status=open");
  if (!ok) return banner(`The queue could not be read (HTTP ${status}).`);
  // A refresh that finds the same queue leaves the table alone, so a button the reviewer is clicking stays in place.
  const seen = JSON.stringify(json.tasks ?? []);
  if (seen === lastQueue && $("queue-table")) return;
  lastQueue = seen;
  const rows = (json.tasks ?? []).map(t => {
    const c = countdown(t.submitted, t.due);
    return h("tr", { "data-task": t.id, class: t.overdue ? "overdue" : "" },
      h("td", {}, t.priority ?? ""), h("td", {}, t.authorizationNumber ?? ""), h("td", {}, t.status ?? ""),
      h("td", {}, local(t.submitted)), h("td", { "data-due": t.due }, local(t.due)),
      h("td", { class: `countdown ${c.level}` }, c.text, t.overdue ? h("span", { class: "flag" }, " OVERDUE") : null),
      h("td", {}, h("button", { type: "button", class: "open", onclick: () => showTask(t.id) }, "Open")));
  });
  $("queue").replaceChildren(
    h("h2", {}, "Pended requests, due first"),
    session.mayDecide ? h("p", { class: "note" }, "Opening a task assigns it to you.") : h("p", { class: "note" }, "Read-only: you can read tasks but not decide them."),
    h("table", { id: "queue-table" }, h("thead", {}, h("tr", {}, ...["Priority", "Authorization", "Status", "Submitted", "Due", "Time left", ""].map(x => h("th", {}, x)))),
      h("tbody", {}, ...rows)));
}

const entries = bundle => (bundle?.entry ?? []).map(e => e.resource).filter(Boolean);
const codeText = cc => cc?.text ?? cc?.coding?.map(c => `${c.code}${c.display ? " " + c.display : ""}`).join(", ") ?? "";

function requestSection(request) {
  const resources = entries(request);
  const claim = resources.find(r => r.resourceType === "Claim");
  const patient = resources.find(r => r.resourceType === "Patient");
  const coverage = resources.find(r => r.resourceType === "Coverage");
  const name = patient?.name?.[0] ? `${(patient.name[0].given ?? []).join(" ")} ${patient.name[0].family ?? ""}`.trim() : "";
  return h("section", { id: "request" }, h("h3", {}, "Request"),
    h("p", {}, h("b", {}, "Member: "), h("span", { id: "member" }, `${name} ${coverage?.subscriberId ? "(" + coverage.subscriberId + ")" : ""}`)),
    h("p", {}, h("b", {}, "Provider: "), claim?.provider?.display ?? claim?.provider?.reference ?? ""),
    h("table", {}, h("tr", {}, ...["Line", "Service", "Quantity", "Period"].map(x => h("th", {}, x))),
      ...(claim?.item ?? []).map(i => h("tr", {}, h("td", {}, String(i.sequence)), h("td", {}, codeText(i.productOrService)),
        h("td", {}, i.quantity ? `${i.quantity.value} ${i.quantity.unit ?? ""}` : ""),
        h("td", {}, i.servicedPeriod ? `${i.servicedPeriod.start ?? ""} – ${i.servicedPeriod.end ?? ""}` : i.servicedDate ?? "")))),
    h("p", {}, h("b", {}, "Diagnoses: "), (claim?.diagnosis ?? []).map(d => codeText(d.diagnosisCodeableConcept)).join("; ")));
}

function criterionNode(c, policyId) {
  const citation = c.citation ? h("a", { href: `/policies/${encodeURIComponent(policyId)}`, class: "citation" }, c.citation) : null;
  return h("li", { class: `criterion ${String(c.outcome).toLowerCase()}`, "data-criterion": c.id },
    h("span", { class: "outcome" }, c.outcome), " ", h("span", { class: "title" }, c.title ?? c.id), " ", citation,
    c.reason ? h("div", { class: "reason" }, c.reason) : null,
    c.children?.length ? h("ul", {}, ...c.children.map(x => criterionNode(x, policyId))) : null);
}

function responsesSection(request) {
  const qrs = entries(request).filter(r => r.resourceType === "QuestionnaireResponse");
  const walk = items => (items ?? []).flatMap(i => [
    ...(i.answer ?? []).map(a => {
      const value = Object.entries(a).find(([k]) => k.startsWith("value"))?.[1];
      const origin = a.extension?.find(e => e.url?.endsWith("information-origin"))?.extension?.find(x => x.url === "source")?.valueCode ?? "";
      return h("tr", {}, h("td", {}, i.linkId), h("td", {}, i.text ?? ""), h("td", {}, typeof value === "object" ? (value.display ?? value.code ?? JSON.stringify(value)) : String(value)), h("td", {}, origin));
    }),
    ...walk(i.item)]);
  return h("section", { id: "responses" }, h("h3", {}, "Attached QuestionnaireResponse (read-only)"),
    qrs.length ? qrs.map(q => h("table", {}, h("tr", {}, ...["Item", "Question", "Answer", "Origin"].map(x => h("th", {}, x))), ...walk(q.item))) : h("p", {}, "None attached."));
}

function pendedLines(response) {
  const claimResponse = entries(response).find(r => r.resourceType === "ClaimResponse");
  return (claimResponse?.item ?? []).filter(i => JSON.stringify(i).includes('"A4"')).map(i => i.itemSequence);
}

function decisionForm(taskId, lines) {
  const line = (sequence, index) => h("fieldset", { class: "line", "data-sequence": sequence }, h("legend", {}, `Line ${sequence}`),
    h("label", {}, "Action ", h("select", { name: "action", "data-field": `items[${index}].action` }, ...["approve", "deny", "modify"].map(a => h("option", { value: a }, a)))),
    h("label", {}, "Reason ", h("input", { name: "reason", type: "text", "data-field": `items[${index}].reason` })),
    h("label", {}, "Quantity ", h("input", { name: "quantity", type: "number", step: "any", "data-field": `items[${index}].quantity.value` })),
    h("label", {}, "From ", h("input", { name: "start", type: "date", "data-field": `items[${index}].period` })),
    h("label", {}, "To ", h("input", { name: "end", type: "date" })));
  const form = h("form", { id: "decide", novalidate: true },
    h("h3", {}, "Decision"), ...lines.map(line),
    h("label", {}, "Reviewer NPI ", h("input", { name: "npi", type: "text", "data-field": "reviewer.npi" })),
    h("button", { type: "submit" }, "Record decision"));
  form.addEventListener("submit", async e => {
    e.preventDefault();
    form.querySelectorAll(".field-error").forEach(x => x.remove());
    const items = [...form.querySelectorAll(".line")].map(f => {
      const v = n => f.querySelector(`[name=${n}]`).value.trim();
      const item = { sequence: Number(f.dataset.sequence), action: v("action") };
      if (v("reason")) item.reason = v("reason");
      if (v("quantity")) item.quantity = { value: Number(v("quantity")) };
      if (v("start") || v("end")) item.period = { start: v("start"), end: v("end") };
      return item;
    });
    const npi = form.querySelector("[name=npi]").value.trim();
    const body = { items, ...(npi ? { reviewer: { npi } } : {}) };
    const result = await api(`/review/tasks/${encodeURIComponent(taskId)}/decision`, { method: "POST", body: JSON.stringify(body) });
    if (result.ok) { banner("The decision was recorded.", "info"); return showTask(taskId); }
    if (result.status === 409) return banner("This task is already decided.");
    const issues = result.json?.issue ?? [];
    for (const issue of issues) {
      const where = issue.expression?.[0] ?? "";
      const field = form.querySelector(`[data-field="${CSS.escape(where)}"]`) ?? form.querySelector(`.line:nth-of-type(${(Number(/items\[(\d+)\]/.exec(where)?.[1]) || 0) + 1})`);
      const message = h("span", { class: "field-error", role: "alert", "data-for": where }, issue.diagnostics ?? issue.details?.text ?? issue.code);
      (field?.parentElement ?? form).append(message);
    }
    if (!issues.length) banner(`The decision was refused (HTTP ${result.status}).`);
  });
  return form;
}

async function showTask(id) {
  const { ok, json, status } = await api(`/review/tasks/${encodeURIComponent(id)}`);
  if (!ok) return banner(`The task could not be read (HTTP ${status}).`);
  const summary = json.summary ?? {};
  const decision = json.decision ?? {};
  const policyId = (decision.policy ?? "").split("|")[0].split("/").pop();
  const facts = json.evidence?.facts ?? [];
  const lines = pendedLines(json.response);
  $("queue").replaceChildren(h("button", { type: "button", id: "back", onclick: () => showQueue() }, "← Queue"));
  $("task").replaceChildren(
    h("h2", {}, `Authorization ${summary.authorizationNumber ?? ""}`),
    h("p", {}, `Status: ${summary.status ?? ""} · due ${local(summary.due)}`, summary.overdue ? h("span", { class: "flag" }, " OVERDUE") : null),
    requestSection(json.request),
    h("section", { id: "facts" }, h("h3", {}, "Facts and their sources"),
      h("table", {}, h("tr", {}, ...["Fact", "Value", "Source"].map(x => h("th", {}, x))),
        ...facts.map(f => h("tr", {}, h("td", {}, f.name), h("td", {}, String(f.value)), h("td", { class: "source" }, f.source)))),
      (json.evidence?.conflicts ?? []).length ? h("p", { class: "conflicts" }, "Conflicting facts: " + json.evidence.conflicts.join(", ")) : null),
    h("section", { id: "criteria" }, h("h3", {}, `Criteria (${decision.action ?? ""})`), h("ul", {}, ...(decision.criteria ?? []).map(c => criterionNode(c, policyId)))),
    h("section", { id: "missing" }, h("h3", {}, "Missing documentation"),
      (decision.missingDocumentation ?? []).length ? h("ul", {}, ...decision.missingDocumentation.map(m => h("li", {}, m))) : h("p", {}, "None.")),
    responsesSection(json.request),
    h("section", { id: "crd" }, h("h3", {}, "CRD calls for this order"), h("div", { id: "crd-calls" }, "None recorded.")),
    session.mayDecide && lines.length && summary.status !== "completed" ? decisionForm(id, lines) : h("p", { class: "note" }, summary.status === "completed" ? "Decided." : "You cannot decide this task."));
  loadCrdCalls(json.request);
}

/** The coverage-assertion-ids CRD gave the order (its coverage-information), as the request carries them. */
export function assertionIds(request) {
  const ids = new Set();
  const walk = node => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if (node.url === "coverage-assertion-id" && typeof node.valueString === "string") ids.add(node.valueString);
      Object.values(node).forEach(walk);
    }
  };
  walk(request);
  return [...ids].slice(0, 10);
}

/** The kept CRD calls for the order: when, which hook, the answer's status, and the cards the clinician was shown. */
async function loadCrdCalls(request) {
  const calls = [];
  for (const id of assertionIds(request)) {
    const { ok, json } = await api(`/review/crd/${encodeURIComponent(id)}`);
    if (!ok) continue;
    for (const call of json?.invocations ?? []) calls.push({ id, call, feedback: (json.feedback ?? []).length });
  }
  if (!calls.length) return;
  const cards = call => (call.response?.cards ?? []).map(c => c.summary).filter(Boolean).join("; ") || "no cards";
  $("crd-calls").replaceChildren(h("table", { id: "crd-table" },
    h("tr", {}, ...["Recorded", "Hook", "Status", "Cards shown", "Coverage assertion", "Feedback"].map(x => h("th", {}, x))),
    ...calls.map(({ id, call, feedback }) => h("tr", { class: "crd-call" },
      h("td", {}, local(call.recorded)), h("td", { class: "hook" }, call.request?.hook ?? ""), h("td", {}, String(call.status ?? "")),
      h("td", { class: "cards" }, cards(call)), h("td", {}, id), h("td", {}, String(feedback))))));
}

async function start() {
  const response = await fetch("/reviewer/session", { credentials: "same-origin", headers: { Accept: "application/json" } });
  session = await response.json();
  if (new URLSearchParams(location.search).get("signin") === "failed") banner("Sign-in failed or your account holds no review role.");
  if (!session.signedIn) {
    $("user").replaceChildren(h("a", { href: "/reviewer/login", id: "signin" }, "Sign in"));
    return;
  }
  $("user").replaceChildren(h("span", { id: "who" }, session.name ?? ""), " ", h("span", { id: "role" }, session.mayDecide ? "(may decide)" : "(read-only)"));
  await showQueue();
  setInterval(() => { if (!$("task").childElementCount) showQueue(); }, 30000);
}

document.addEventListener("DOMContentLoaded", () => start().catch(e => banner(e.message)));
