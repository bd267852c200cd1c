#!/usr/bin/env bash
# The model column of docs/differential.md's Verdant table: each row's scenario file under
# verdant-prune and verdant-migrate-up, one run (latency pinned to 1 ms, no faults, so the seed
# draws nothing that matters), checked against the outcome the model's rules give
# (docs/verdant.md): the number of violating runs and the summary line of the replica the row
# is about. Usage: model_side.sh SYNCSIM_BINARY SOURCE_DIR
set -uo pipefail
syncsim=${1:?usage: model_side.sh SYNCSIM_BINARY SOURCE_DIR}
src=${2:?usage: model_side.sh SYNCSIM_BINARY SOURCE_DIR}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0

# scenario | profile | violating runs | expected summary line of the replica [| knob]
# Why: prune drops a document invalid at the client's version at a reset only, and applies an
# old peer's operations as they are on receipt; a dropped document does not come back; the
# truancy reset forfeits unsent writes; migrate-up migrates at the reset and on receipt.
rows=(
  "receipt|verdant-prune|0|c1: 2 notes, 2 reachable, 0 orphaned"
  "receipt|verdant-migrate-up|0|c1: 2 notes, 2 reachable, 0 orphaned"
  "truant-old-peer|verdant-prune|1|c1: 1 notes, 1 reachable, 0 orphaned"
  "truant-old-peer|verdant-migrate-up|0|c1: 2 notes, 2 reachable, 0 orphaned"
  "comes-back|verdant-prune|1|c1: 1 notes, 1 reachable, 0 orphaned"
  "comes-back|verdant-migrate-up|0|c1: 2 notes, 2 reachable, 0 orphaned"
  "upgrade-offline|verdant-prune|1|c1: 0 notes, 0 reachable, 0 orphaned"
  "upgrade-offline|verdant-migrate-up|0|c1: 2 notes, 2 reachable, 0 orphaned"
  "unsent|verdant-prune|1|c1: 2 notes, 2 reachable, 0 orphaned"
  "unsent|verdant-migrate-up|1|c1: 2 notes, 2 reachable, 0 orphaned"
  "new-replica|verdant-prune|1|c3: 0 notes, 0 reachable, 0 orphaned"
  "new-replica|verdant-migrate-up|0|c3: 2 notes, 2 reachable, 0 orphaned"
  "new-replica-writes|verdant-prune|1|c3: 1 notes, 0 reachable, 1 orphaned"
  "new-replica-writes|verdant-migrate-up|0|c3: 3 notes, 3 reachable, 0 orphaned"
  # A reset to data of two versions: prune drops n2.1 (v1, invalid at v2: c3 loses it);
  # migrate-up migrates each document from its own version; with version_scope=1 the
  # dataset's newest version (2) decides, nothing is migrated and n2.1 is pruned (D7).
  "mixed-reset|verdant-prune|1|c3: 1 notes, 1 reachable, 0 orphaned"
  "mixed-reset|verdant-migrate-up|0|c3: 2 notes, 2 reachable, 0 orphaned"
  "mixed-reset|verdant-migrate-up|1|c3: 1 notes, 1 reachable, 0 orphaned|version_scope=1"
  # Truancy counts offline time: a 1 s outage after 2 min online is no truancy, whatever
  # the device sent meanwhile (server 2.1.2 agrees; 4.2.5 does not, D8).
  "silent-online|verdant-prune|0|c1: 3 notes, 3 reachable, 0 orphaned"
  "silent-online|verdant-migrate-up|0|c1: 3 notes, 3 reachable, 0 orphaned"
  # verdant-5.5 models store 5.5.0 + server 4.2.5 (docs/differential.md D1-D8): a document
  # invalid at the client's version is stored and hidden; a truant reset carries only what
  # follows the client's acknowledged order and overwrites, so root (acknowledged before) is
  # lost and what follows is orphaned; an up-to-date truant is not reset; reset data is
  # migrated when the whole reset is older than the client, locally only; truancy counts from
  # the last message (a silent online device is truant after a 1 s outage). The real rows:
  # receipt c1 root only; truant-old-peer and comes-back c1 n2.1 orphaned; upgrade-offline
  # all root -> n2.1; unsent c1 n2.1 orphaned (n1.1 gone); new-replica c3 root -> n2.1;
  # new-replica-writes c3 n2.2 hidden; mixed-reset c3 root only; silent-online c1 orphans.
  # new-replica counts 1 violating: c3's import migration is local only (convergence compares
  # fields; the real server has no priority either). silent-online: the real reset also had
  # n2.1's baseline (orphaned there); the model has no baselines (n2.1 lost on c1).
  "receipt|verdant-5.5|1|c1: 1 notes, 1 reachable, 0 orphaned"
  "truant-old-peer|verdant-5.5|1|c1: 1 notes, 0 reachable, 1 orphaned"
  "comes-back|verdant-5.5|1|c1: 1 notes, 0 reachable, 1 orphaned"
  "upgrade-offline|verdant-5.5|0|c1: 2 notes, 2 reachable, 0 orphaned"
  "unsent|verdant-5.5|1|c1: 1 notes, 0 reachable, 1 orphaned"
  "new-replica|verdant-5.5|1|c3: 2 notes, 2 reachable, 0 orphaned"
  "new-replica-writes|verdant-5.5|1|c3: 2 notes, 2 reachable, 0 orphaned"
  "mixed-reset|verdant-5.5|1|c3: 1 notes, 1 reachable, 0 orphaned"
  "silent-online|verdant-5.5|1|c1: 1 notes, 0 reachable, 1 orphaned"
  # Server 2.1.2 usually misses the truancy (docs/differential.md, D3): truancy_ms=0 (never)
  # is the model of that; no reset, so nothing is pruned or forfeit, and received old-peer
  # operations are applied as they are.
  "truant-old-peer|verdant-prune|0|c1: 2 notes, 2 reachable, 0 orphaned|truancy_ms=0"
  "comes-back|verdant-prune|0|c1: 2 notes, 2 reachable, 0 orphaned|truancy_ms=0"
  "upgrade-offline|verdant-prune|0|c1: 2 notes, 2 reachable, 0 orphaned|truancy_ms=0"
  "unsent|verdant-prune|0|c1: 3 notes, 3 reachable, 0 orphaned|truancy_ms=0"
)
for row in "${rows[@]}"; do
  IFS='|' read -r scn profile violating line knob <<<"$row"
  file="$src/corpus/scenarios/verdant-diff-$scn.scn"
  knob_args=()
  [ -n "$knob" ] && knob_args=(--knob "$knob")
  "$syncsim" run --scenario "$file" --profile "$profile" "${knob_args[@]}" --runs 1 --print-tree \
    --out "$out" >"$out/run.txt" 2>&1
  got_violating=$(sed -n 's/.* \([0-9]*\) violating$/\1/p' "$out/run.txt")
  if [ "$got_violating" != "$violating" ] || ! grep -qxF "$line" "$out/run.txt"; then
    echo "FAIL model $scn $profile $knob: expected $violating violating and '$line'; got:" >&2
    sed -n '/violating/p;/^c[0-9]*: [0-9]* notes/p' "$out/run.txt" >&2
    fail=1
  fi
done
# Each Verdant profile says in `syncsim profiles` which real release it models (here: none
# exactly, and which release differs how, or store 5.5.0 + server 4.2.5 for verdant-5.5;
# docs/differential.md has the rows that show it).
for profile in verdant-prune verdant-migrate-up verdant-5.5; do
  if ! "$syncsim" profiles | grep -qE "^$profile .* Models .*(no release|store [0-9]+\.[0-9]+\.[0-9]+)"; then
    echo "FAIL model: 'syncsim profiles' does not say which release $profile models" >&2
    fail=1
  fi
done
[ $fail = 0 ] && echo "model side: ${#rows[@]} scenario runs as documented" >&2
exit $fail
