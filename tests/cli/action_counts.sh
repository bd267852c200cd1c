#!/usr/bin/env bash
# `run --json` counts every executed action under one name table (sim/world.h
# kActionKindNames): the per-kind counts add up to the steps run, listener actions included.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

kinds='["deliver_down","deliver_up","disconnect","heal","listener","partition","r2m","reconnect","reinsert","reinsert_changesets","work"]'
sums='(.action_counts | del(.reinsert_changesets) | [.[]] | add) == .total_steps'

# A manual reset profile: the app's listener writes LastSynced, one action per sync.
expect_rc 0 "$S" run --scenario "$SRC/corpus/scenarios/reset-mini.scn" --profile manual-updates-log \
  --runs 20 --seed 3 --json
one_json "(.action_counts | keys) == $kinds and .action_counts.listener > 0 and $sums"

# The Stashpad scenario: no listener, and the same identity.
"$S" run --runs 20 --seed 3 --json >"$T/out" 2>"$T/err"
one_json "(.action_counts | keys) == $kinds and .action_counts.listener == 0 and $sums"
echo "PASS action_counts"
