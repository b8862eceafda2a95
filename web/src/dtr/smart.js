// SMART App Launch 2.x for a public browser client: EHR launch and standalone launch with PKCE S256. The state of
// an authorization in progress lives in sessionStorage under its `state` value, so two launches never mix.

export const SCOPES = "launch openid fhirUser patient/*.rs patient/QuestionnaireResponse.cru";
export const STANDALONE_SCOPES = "launch/patient openid fhirUser patient/*.rs patient/QuestionnaireResponse.cru";

const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const random = n => b64url(crypto.getRandomValues(new Uint8Array(n)));

export async function discover(iss) {
  const response = await fetch(iss.replace(/\/+$/, "") + "/.well-known/smart-configuration", { headers: { Accept: "application/json" }, credentials: "omit" });
  if (!response.ok) throw new Error(`the EHR's SMART configuration could not be read (HTTP ${response.status})`);
  const config = await response.json();
  if (!(config.code_challenge_methods_supported ?? []).includes("S256")) throw new Error("the EHR does not support PKCE S256");
  return config;
}

/**
 * Starts an authorization: to the EHR's authorize endpoint with PKCE S256. `launch` is absent for a standalone launch;
 * `discovered` is the EHR's SMART configuration when the caller already fetched it.
 */
export async function authorize({ iss, launch, clientId, redirectUri, discovered }) {
  const config = await (discovered ?? discover(iss));
  const verifier = random(48);
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const state = random(24);
  sessionStorage.setItem("smart:" + state, JSON.stringify({ iss, clientId, redirectUri, verifier, tokenEndpoint: config.token_endpoint }));
  const url = new URL(config.authorization_endpoint);
  const params = {
    response_type: "code", client_id: clientId, redirect_uri: redirectUri, scope: launch ? SCOPES : STANDALONE_SCOPES,
    state, aud: iss, code_challenge: challenge, code_challenge_method: "S256",
  };
  if (launch) params.launch = launch;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.toString());
}

/** Completes an authorization: exchanges the code (with the PKCE verifier) for the token response. */
export async function completeAuthorization(code, state) {
  const saved = sessionStorage.getItem("smart:" + state);
  if (!saved) throw new Error("this sign-in was not started here or has expired; launch the app again");
  sessionStorage.removeItem("smart:" + state);
  const { iss, clientId, redirectUri, verifier, tokenEndpoint } = JSON.parse(saved);
  const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier });
  const response = await fetch(tokenEndpoint, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, body, credentials: "omit" });
  if (!response.ok) throw new Error(`the EHR refused the sign-in (HTTP ${response.status})`);
  const token = await response.json();
  return { iss, clientId, token };
}

/** The launch context: the patient, fhirContext references, and the CRD card's appContext (JSON or the legacy query form). */
export function launchContext(token) {
  const context = { patient: token.patient ?? null, encounter: token.encounter ?? null, references: [], appContext: {} };
  for (const c of token.fhirContext ?? []) {
    if (typeof c === "string") context.references.push(c);
    else if (c?.reference) context.references.push(c.reference);
  }
  const app = token.appContext;
  if (typeof app === "string" && app.length) {
    let parsed = null;
    try { parsed = JSON.parse(app); } catch { /* the legacy form */ }
    context.appContext = parsed && typeof parsed === "object" ? parsed : Object.fromEntries(new URLSearchParams(app));
  } else if (app && typeof app === "object") context.appContext = app;
  for (const key of ["order", "coverage", "response"]) {
    const value = context.appContext[key];
    if (typeof value === "string" && /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(value)) context.references.push(value);
  }
  return context;
}

/** The id_token's claims (not verified here: the payer verifies it; the app only reads fhirUser). */
export function idTokenClaims(idToken) {
  try {
    const part = idToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0))));
  } catch { return {}; }
}
