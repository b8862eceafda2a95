// Bundles the browser apps into dist/ (committed, so `dotnet run` needs no Node):
//   dist/dtr/     the DTR SMART app: index.html, app.css, app.js, and cql.js (the CQL engine, a bundle of its own)
//   dist/reviewer/ the reviewer's page
//   node build.mjs          writes dist/
//   node build.mjs --check  exits 1 when the committed dist/ differs from a fresh build (the staleness check)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");
const out = check ? fs.mkdtempSync(path.join(os.tmpdir(), "fpa-web-")) : path.join(here, "dist");
const apps = ["dtr", "reviewer"];

const common = {
  bundle: true, minify: true, format: "esm", target: "es2022", platform: "browser",
  legalComments: "none", sourcemap: false, logLevel: "warning",
};

// Only the FHIR 4.0.1 model info is read; the others would add a megabyte of XML.
const unusedModelInfos = {
  name: "unused-model-infos",
  setup(build) {
    build.onResolve({ filter: /modelInfos\/fhir-modelinfo-(1\.0\.2|3\.0\.0|4\.0\.0)\.xml\.js$/ }, () => ({ path: path.join(here, "src/shims/empty-modelinfo.js") }));
  },
};

// The FHIR 4.0.1 model info is parsed here, once, not in every browser: parsing its 760 kB of XML took the page's main
// thread about a second at every launch. The bundle carries the parse result as JSON and a stand-in for xml2js that
// hands it to cql-exec-fhir's loader (its only use of xml2js), so xml2js and its XML parser leave the bundle too.
const prebuiltModelInfo = {
  name: "prebuilt-model-info",
  setup(build) {
    const require = createRequire(import.meta.url);
    const marker = "<modelInfo prebuilt=\"fhir-4.0.1\"/>";
    build.onResolve({ filter: /modelInfos\/fhir-modelinfo-4\.0\.1\.xml\.js$/ }, () => ({ path: "fhir-4.0.1", namespace: "model-info-xml" }));
    build.onLoad({ filter: /.*/, namespace: "model-info-xml" }, () => ({ contents: `module.exports = ${JSON.stringify(marker)};`, loader: "js" }));
    build.onResolve({ filter: /^xml2js$/ }, () => ({ path: "xml2js", namespace: "model-info-parsed" }));
    build.onLoad({ filter: /.*/, namespace: "model-info-parsed" }, () => {
      const xml2js = require("xml2js");
      const processors = require("xml2js/lib/processors");
      let parsed = null;
      xml2js.parseString(require("cql-exec-fhir/lib/modelInfos/fhir-modelinfo-4.0.1.xml.js"),
        { async: false, tagNameProcessors: [processors.stripPrefix], attrNameProcessors: [processors.stripPrefix] },
        (err, result) => { if (err) throw err; parsed = result; });
      const json = JSON.stringify(parsed);
      return {
        loader: "js",
        contents: `const parsed = JSON.parse(${JSON.stringify(json)});
export function parseString(xml, options, done) {
  if (xml === ${JSON.stringify(marker)}) done(null, parsed);
  else done(new Error("only the FHIR 4.0.1 model info is bundled"));
}`,
      };
    });
  },
};

// The app bundles import the CQL engine from its own file, ./cql.js beside them, so the often-changed app bundle
// stays small and the engine's bundle changes only with its pinned versions.
const vendorExternal = {
  name: "cql-vendor-external",
  setup(build) {
    build.onResolve({ filter: /\/cql-vendor\.js$/ }, () => ({ path: "./cql.js", external: true }));
  },
};

fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  ...common,
  entryPoints: [path.join(here, "src", "dtr", "cql-vendor.js")],
  outfile: path.join(out, "dtr", "cql.js"),
  // cql-execution and xml2js reach for Node built-ins only on paths the browser never takes, or through small shims.
  define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
  alias: {
    fs: path.join(here, "src/shims/fs.js"),
    events: path.join(here, "src/shims/events.cjs"),
    timers: path.join(here, "src/shims/timers.js"),
  },
  plugins: [unusedModelInfos, prebuiltModelInfo],
});
for (const app of apps) {
  await esbuild.build({ ...common, entryPoints: [path.join(here, "src", app, "main.js")], outfile: path.join(out, app, "app.js"), plugins: [vendorExternal] });
  for (const file of fs.readdirSync(path.join(here, "static", app)))
    fs.copyFileSync(path.join(here, "static", app, file), path.join(out, app, file));
}

if (check) {
  const list = dir => fs.readdirSync(dir, { recursive: true }).filter(f => fs.statSync(path.join(dir, f)).isFile()).sort();
  const committed = path.join(here, "dist");
  const stale = fs.existsSync(committed)
    ? [...new Set([...list(out), ...list(committed)])].filter(f => !fs.existsSync(path.join(committed, f)) || !fs.existsSync(path.join(out, f))
        || !fs.readFileSync(path.join(committed, f)).equals(fs.readFileSync(path.join(out, f))))
    : list(out);
  fs.rmSync(out, { recursive: true, force: true });
  if (stale.length) { console.log(`web/dist is stale: ${stale.join(", ")} (run: npm run build --prefix web)`); process.exit(1); }
  console.log("web/dist is current");
}
