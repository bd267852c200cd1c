#!/usr/bin/env node
// syncsim's Verdant differential harness: runs one row (or all) of docs/differential.md on the
// real @verdant-web/store and @verdant-web/server and prints, per phase and replica, the notes,
// their fields, reachability from the root and convergence, as JSON.
//
//   node harness.mjs --row truant-old-peer [--verdant 3.2] [--check]
//   node harness.mjs --all --check
//
// --verdant 3.2 (default): the npm pair pinned in package.json (store 3.2.1, server 2.1.2).
// --verdant 5.5: store 5.5.0 + server 4.2.5 from source (SYNCSIM_VERDANT_SRC; setup-5.5.sh).
// --check: compare with expectations.mjs; exit 1 on a difference (the ctest does this).
import { register } from 'node:module';
import './env.mjs';
import { installClock } from './clock.mjs';
import { analyse } from './analyse.mjs';

register('./loader.mjs', import.meta.url);
// Verdant's own console output (the server's migration notice) goes to stderr: stdout is JSON.
console.log = console.info = console.debug = console.error;
const print = (text) => process.stdout.write(`${text}\n`);
installClock(); // before Verdant is loaded: every Date it reads is the scenario's

function usage(msg) {
  console.error(`harness.mjs: ${msg}\nusage: node harness.mjs (--row NAME | --all) [--verdant 3.2|5.5] [--check]`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { rows: [], verdant: '3.2', check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--row') args.rows.push(argv[++i] ?? usage('--row needs a name'));
    else if (a === '--all') args.all = true;
    else if (a === '--verdant') args.verdant = argv[++i] ?? usage('--verdant needs a version');
    else if (a === '--check') args.check = true;
    else usage(`unknown argument '${a}'`);
  }
  return args;
}

async function loadVerdant(version) {
  if (version === '5.5') return loadVerdant55();
  if (version !== '3.2') usage(`unknown --verdant '${version}' (known: 3.2, 5.5)`);
  return {
    version: 'store 3.2.1 + server 2.1.2 + common 2.2.0 (npm)',
    store: await import('@verdant-web/store'),
    server: await import('@verdant-web/server'),
    common: await import('@verdant-web/common'),
    api: await import('./api-3.2.mjs'),
  };
}

// store 5.5.0 is not on the npm registry used here: it is loaded from a clone of a-type/verdant
// at the pinned commit (SYNCSIM_VERDANT_SRC), built by setup-5.5.sh (build55.mjs checks both;
// docs/differential.md, "store 5.5.0 from source").
async function loadVerdant55() {
  const { verdant55Build } = await import('./build55.mjs');
  const build = verdant55Build(process.env);
  if (build.missing) usage(`--verdant 5.5: ${build.missing}`);
  const { pathToFileURL } = await import('node:url');
  const load = (file) => import(pathToFileURL(`${build.tree}/packages/${file}`).href);
  return {
    version: 'store 5.5.0 + server 4.2.5 + common 3.2.2 (a-type/verdant 51f18252, built from source)',
    store: await load('store/dist/esm/index.js'),
    server: await load('server/dist/esm/index.js'),
    serverNode: await load('server/dist/esm/adapters/node/index.js'),
    serverStorage: await load('server/dist/esm/storage/index.js'),
    common: await load('common/dist/esm/index.js'),
    api: await import('./api-5.5.mjs'),
  };
}

// One process per row: every row starts from a fresh clock, server and IndexedDB, with no
// timer or socket of an earlier row left running (a row's command is exactly what --all runs).
async function runEachInItsOwnProcess(names, args) {
  const { spawnSync } = await import('node:child_process');
  let failed = 0;
  for (const name of names) {
    const argv = [process.argv[1], '--row', name, '--verdant', args.verdant];
    if (args.check) argv.push('--check');
    const r = spawnSync(process.execPath, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) failed++;
  }
  if (args.check) console.error(`harness.mjs: ${names.length - failed}/${names.length} rows as expected`);
  return failed ? 1 : 0;
}

async function runRow(verdant, name, row) {
  const { startWorld } = await import('./world.mjs');
  const w = await startWorld(verdant, row.wire ?? 'separate');
  const phases = [];
  const phase = async (label, scenario) => {
    await w.settle();
    phases.push({ label, model_scenario: `corpus/scenarios/${scenario}`, ...analyse(await w.observe()) });
  };
  const started = performance.now();
  try {
    await row.run(w, phase);
  } finally {
    await w.close();
  }
  return {
    row: name,
    wire: row.wire ?? 'separate',
    verdant: verdant.version,
    phases,
    server_sent: w.messages(),
    server_log: w.serverLog(),
    harness_log: w.log,
    wall_ms: Math.round(performance.now() - started),
  };
}

const args = parseArgs(process.argv.slice(2));
const { rows } = await import('./rows.mjs');
const names = args.all ? Object.keys(rows) : args.rows;
if (names.length === 0) usage('name a --row or give --all');
for (const n of names) if (!rows[n]) usage(`unknown row '${n}' (rows: ${Object.keys(rows).join(', ')})`);
if (names.length > 1) process.exit(await runEachInItsOwnProcess(names, args));
const verdant = await loadVerdant(args.verdant);
const { expectations } = await import(args.verdant === '5.5' ? './expectations-5.5.mjs' : './expectations.mjs');
let failed = 0;
for (const name of names) {
  const result = await runRow(verdant, name, rows[name]);
  if (args.check) {
    const problems = expectations[name](result);
    result.check = problems.length ? problems : 'as expected';
    failed += problems.length ? 1 : 0;
  }
  print(JSON.stringify(result, null, 1));
}
if (args.check) console.error(`harness.mjs: ${names.length - failed}/${names.length} rows as expected`);
process.exit(failed ? 1 : 0);
