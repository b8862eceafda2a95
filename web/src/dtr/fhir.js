// A small FHIR REST client over fetch: bearer token, JSON, searches followed through `next` links within caps.
// It only ever talks to the base it was made for (the EHR or the payer), never to a URL a server hands back
// on another host.

export class FhirError extends Error {
  constructor(message, status, outcome) { super(message); this.status = status; this.outcome = outcome; }
}

const outcomeText = body => body?.resourceType === "OperationOutcome"
  ? (body.issue ?? []).map(i => i.diagnostics ?? i.details?.text ?? i.code).filter(Boolean).join("; ") : "";

export class FhirClient {
  constructor(base, token, { maxPages = 10, maxResources = 1000 } = {}) {
    this.base = base.replace(/\/+$/, "");
    this.origin = new URL(this.base).origin;
    this.token = token;
    this.maxPages = maxPages;
    this.maxResources = maxResources;
  }

  url(path) {
    const url = /^https?:/.test(path) ? new URL(path) : new URL(this.base + "/" + path.replace(/^\//, ""));
    if (url.origin !== this.origin) throw new FhirError(`refused to follow a link to another host (${url.origin})`, 0);
    return url.toString();
  }

  async request(method, path, body) {
    const headers = { Accept: "application/fhir+json" };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["Content-Type"] = "application/fhir+json";
    let response;
    try {
      response = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
    } catch (e) {
      if (e instanceof FhirError) throw e;
      throw new FhirError(`${method} ${path}: the server could not be reached`, 0);
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!response.ok) throw new FhirError(`${method} ${path.split("?")[0]}: HTTP ${response.status}${outcomeText(json) ? " — " + outcomeText(json) : ""}`, response.status, json);
    return { json, status: response.status, location: response.headers.get("Location") };
  }

  async read(reference) { return (await this.request("GET", reference)).json; }
  async create(resource) { return (await this.request("POST", resource.resourceType, resource)); }
  async update(resource) { return (await this.request("PUT", `${resource.resourceType}/${resource.id}`, resource)); }
  async operation(path, parameters) { return (await this.request("POST", path, parameters)).json; }

  /** Every resource of a search, following `next` links up to the page and resource caps. */
  async search(path) {
    const resources = [];
    let next = path, pages = 0;
    while (next && pages < this.maxPages && resources.length < this.maxResources) {
      const bundle = (await this.request("GET", next)).json;
      pages++;
      for (const e of bundle?.entry ?? []) if (e.resource && e.search?.mode !== "outcome") resources.push(e.resource);
      next = (bundle?.link ?? []).find(l => l.relation === "next")?.url ?? null;
    }
    return resources.slice(0, this.maxResources);
  }
}
