// The FhirPriorAuth bench expressions under the npm fhirpath engine (R4 model), timed the same way as the C# bench:
// mean microseconds per compile and per evaluation after a warm-up. Usage: node bench.js BUNDLE.json [seconds]
'use strict';
const fs = require('fs');
const path = require('path');
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const bundle = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const seconds = Number(process.argv[3] || 1);
const expressions = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'expressions.json'), 'utf8'));
// The same fixed clock as the C# bench, so today()/now() rules give the same answers.
const now = new Date('2026-06-01T12:00:00Z');

function measure(action, budgetSeconds) {
  for (let i = 0; i < 20; i++) action();
  const start = process.hrtime.bigint();
  let calls = 0;
  while (Number(process.hrtime.bigint() - start) / 1e9 < budgetSeconds) {
    for (let i = 0; i < 10; i++) action();
    calls += 10;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / calls;
}

function describe(result) {
  if (result.length === 0) return '[]';
  if (result.length === 1) return String(result[0]).toLowerCase();
  return `${result.length} items`;
}

const warmUpEnd = Date.now() + 2000 * seconds;
while (Date.now() < warmUpEnd) {
  for (const e of expressions) {
    try { fhirpath.compile(e.expression, r4)(bundle, {}, { now }); } catch { /* reported below */ }
  }
}

console.log(`npm fhirpath ${require('fhirpath/package.json').version} bench: ${bundle.entry.length}-entry Bundle, node ${process.version}`);
console.log('| expression | result | compile µs | evaluate µs |');
console.log('|---|---|---:|---:|');
for (const e of expressions) {
  try {
    const compiled = fhirpath.compile(e.expression, r4);
    const result = compiled(bundle, {}, { now });
    const compileMicros = measure(() => fhirpath.compile(e.expression, r4), seconds / 4);
    const evalMicros = measure(() => compiled(bundle, {}, { now }), seconds);
    console.log(`| ${e.name} | ${describe(result)} | ${compileMicros.toFixed(1)} | ${evalMicros.toFixed(1)} |`);
  } catch (err) {
    console.log(`| ${e.name} | error: ${String(err.message).split('\n')[0]} | | |`);
  }
}
