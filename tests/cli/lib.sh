# Shared by the golden CLI tests (tests/cli/*.sh): sourced after `set -uo pipefail` with the
# script's own arguments <syncsim> <source-dir>. Every check exits on its first failure.
S=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs a command with stdout in $T/out and stderr in $T/err; its exit code must be `want`.
expect_rc() { local want=$1; shift; "$@" >"$T/out" 2>"$T/err"; local rc=$?; [ "$rc" -eq "$want" ] || { cat "$T/err" >&2; fail "$* exited $rc, want $want"; }; }
# Bad input is one line on stderr (README "CLI"), without CLI11's "Run with --help" hint.
one_line_error() { [ "$(wc -l <"$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "error is not one line"; }; ! grep -q "Run with" "$T/err" || fail "CLI11's extra line leaked"; }
# --json prints exactly one JSON object, and it satisfies the jq filter $1.
one_json() { [ "$(wc -l <"$T/out")" -eq 1 ] || fail "stdout is not one line"; jq -e "$1" "$T/out" >/dev/null || { cat "$T/out" >&2; fail "JSON check $1"; }; }
