// Where the 5.5 build is and whether it is usable: the one check harness.mjs and run.sh share.
// SYNCSIM_VERDANT_SRC must be a git checkout of a-type/verdant at the pinned commit, and
// setup-5.5.sh must have built it into SYNCSIM_VERDANT_BUILD (default
// ${XDG_CACHE_HOME:-~/.cache}/syncsim/verdant-5.5.0), whose stamp names that commit.
// Prints nothing; returns { tree } or { missing: '<what is missing, and the command>' }.
//   node build55.mjs   prints the missing prerequisite (exit 1) or the tree (exit 0)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** a-type/verdant at tag @verdant-web/store@5.5.0 (server 4.2.5, common 3.2.2 in the tree) */
export const VERDANT_5_5_COMMIT = '51f18252af167f189aeedf1e246058de7a2a3116';

export function verdant55Build(env, commit = VERDANT_5_5_COMMIT) {
  const src = env.SYNCSIM_VERDANT_SRC;
  if (!src) return { missing: `SYNCSIM_VERDANT_SRC (a clone of a-type/verdant at ${commit})` };
  let head = '';
  try {
    head = execFileSync('git', ['-C', src, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return { missing: `SYNCSIM_VERDANT_SRC=${src} is not a git checkout` };
  }
  if (head !== commit) return { missing: `SYNCSIM_VERDANT_SRC is at ${head}, not ${commit}` };
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const build = env.SYNCSIM_VERDANT_BUILD || join(cache, 'syncsim', 'verdant-5.5.0');
  const stamp = join(build, '.syncsim-built');
  const setup = 'tests/differential/verdant/setup-5.5.sh';
  if (!existsSync(stamp)) return { missing: `the 5.5 build in ${build} (run ${setup})` };
  if (!readFileSync(stamp, 'utf8').startsWith(`commit ${commit} `)) {
    return { missing: `a 5.5 build of ${commit} in ${build} (its stamp names another; run ${setup})` };
  }
  return { tree: join(build, 'tree') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = verdant55Build(process.env);
  console.log(r.missing ?? r.tree);
  process.exit(r.missing ? 1 : 0);
}
