// Reads one file with @trustnxt/c2pa-ts (an independent TypeScript C2PA implementation) and
// prints what it found as one JSON object on stdout: the interop tests compare it with what
// CredLabel signed. Usage: node read_c2pa_ts.mjs FILE [FILE ...] (one JSON line per file)
import * as fs from 'node:fs/promises';
import { BMFF, JPEG, MP3, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore } from '@trustnxt/c2pa-ts/manifest';

// The package does not export its package.json: read it from node_modules.
const manifestUrl = new URL('./node_modules/@trustnxt/c2pa-ts/package.json', import.meta.url);
const { version } = JSON.parse(await fs.readFile(manifestUrl, 'utf8'));

function asset(buf) {
  for (const Kind of [JPEG, PNG, BMFF, MP3]) {
    if (Kind.canRead(buf)) return new Kind(buf);
  }
  throw new Error('c2pa-ts cannot read this file type');
}

// The manifest label from a hashed URI such as self#jumbf=/c2pa/LABEL/...
function labelOf(uri) {
  const match = /\/c2pa\/([^/]+)/.exec(uri || '');
  return match ? match[1] : null;
}

for (const path of process.argv.slice(2)) {
  console.log(JSON.stringify({ path, ...(await read(path)) }));
}

async function read(path) {
  const out = { reader: 'c2pa-ts', version, found: false, failures: [], error: null };
  try {
    const buf = new Uint8Array(await fs.readFile(path));
    const file = asset(buf);
    const jumbf = file.getManifestJUMBF();
    if (jumbf) {
      const store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
      const active = store.getActiveManifest();
      const result = await store.validate(file);
      Object.assign(out, summarise(store, active));
      out.found = active !== undefined;
      out.failures = result.statusEntries.filter((e) => !e.success).map((e) => e.code);
    }
  } catch (error) {
    out.error = String(error && error.message ? error.message : error);
  }
  return out;
}

function summarise(store, active) {
  const all = store.manifests;
  const sourceTypes = [];
  const agents = [];
  const creators = [];
  let parent = null;
  for (const assertion of active?.assertions?.assertions ?? []) {
    for (const action of Array.isArray(assertion.actions) ? assertion.actions : []) {
      if (action.digitalSourceType) sourceTypes.push(action.digitalSourceType);
      const name = action.softwareAgent?.name ?? action.softwareAgent;
      if (typeof name === 'string') agents.push(name);
    }
    if (assertion.relationship === 'parentOf') parent = labelOf(assertion.activeManifest?.uri);
    for (const entry of Array.isArray(assertion.entries) ? assertion.entries : []) {
      if (entry.name === 'creator') creators.push(...[entry.value].flat());
    }
  }
  return {
    activeLabel: active?.label ?? null,
    manifestLabels: all.map((m) => m.label),
    instanceIds: all.map((m) => m.claim?.instanceID ?? null),
    sourceTypes,
    agents,
    creators,
    parentManifest: parent,
    parentInStore: parent !== null && store.getManifestByLabel(parent) !== undefined,
  };
}
