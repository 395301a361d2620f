// Reads one file with @contentauth/c2pa-wasm (c2pa-rs in WebAssembly: what the Verify site
// runs) through WasmReader.fromBytes, and prints what it found as one JSON object on stdout.
// Usage: node read_c2pa_wasm.mjs FILE MIME [FILE MIME ...] (one JSON line per file)
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';

const require = createRequire(import.meta.url);
const version = require('@contentauth/c2pa-wasm/package.json').version;

const wasm = await fs.readFile(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm'));
initSync({ module: wasm });
const args = process.argv.slice(2);
for (let i = 0; i + 1 < args.length; i += 2) {
  console.log(JSON.stringify({ path: args[i], ...(await read(args[i], args[i + 1])) }));
}

async function read(path, mime) {
  const out = { reader: 'c2pa-wasm', version, found: false, failures: [], error: null };
  try {
    const reader = await WasmReader.fromBytes(mime, new Uint8Array(await fs.readFile(path)));
    Object.assign(out, summarise(JSON.parse(reader.json())));
    reader.free();
  } catch (error) {
    out.error = String(error && error.message ? error.message : error);
  }
  return out;
}

function summarise(store) {
  const manifests = store.manifests ?? {};
  const active = manifests[store.active_manifest];
  const sourceTypes = [];
  const agents = [];
  const creators = [];
  for (const assertion of active?.assertions ?? []) {
    for (const action of assertion.data?.actions ?? []) {
      if (action.digitalSourceType) sourceTypes.push(action.digitalSourceType);
      const name = action.softwareAgent?.name ?? action.softwareAgent;
      if (typeof name === 'string') agents.push(name);
    }
    if (assertion.label === 'cawg.metadata') creators.push(...[assertion.data?.['dc:creator'] ?? []].flat());
  }
  const parent = (active?.ingredients ?? []).find((i) => i.relationship === 'parentOf');
  const parentLabel = parent?.active_manifest ?? null;
  return {
    found: active !== undefined,
    state: store.validation_state ?? null,
    failures: (store.validation_results?.activeManifest?.failure ?? []).map((f) => f.code),
    activeLabel: store.active_manifest ?? null,
    manifestLabels: Object.keys(manifests),
    instanceIds: Object.values(manifests).map((m) => m.instance_id ?? null),
    sourceTypes,
    agents,
    creators,
    parentManifest: parentLabel,
    parentInStore: parentLabel !== null && parentLabel in manifests,
  };
}
