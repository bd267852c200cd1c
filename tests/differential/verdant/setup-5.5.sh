#!/usr/bin/env bash
# Builds @verdant-web/store 5.5.0, @verdant-web/server 4.2.5 and @verdant-web/common 3.2.2 from
# a clone of a-type/verdant at tag @verdant-web/store@5.5.0 (commit 51f18252), for
# `harness.mjs --verdant 5.5`. One command after cloning; idempotent (a second run checks the
# stamp and returns). docs/differential.md, "store 5.5.0 from source".
#
#   git clone https://github.com/a-type/verdant ~/src/verdant
#   git -C ~/src/verdant checkout 51f18252af167f189aeedf1e246058de7a2a3116
#   SYNCSIM_VERDANT_SRC=~/src/verdant tests/differential/verdant/setup-5.5.sh
#
# The clone is only read (`git archive` of the commit: the working tree's state does not
# matter). Everything built goes to SYNCSIM_VERDANT_BUILD (default
# ${XDG_CACHE_HOME:-~/.cache}/syncsim/verdant-5.5.0), outside both checkouts:
#   pnpm-<version>/  the pinned pnpm (from the npm registry)
#   pnpm-store/      pnpm's package store
#   tree/            packages/{common,store,server}, tsconfig.json and pnpm-lock.yaml of the commit,
#                    a root package.json and pnpm-workspace.yaml naming only those three
#   .syncsim-built   the stamp: commit, pnpm, Node
#
# Why not `pnpm install` in the clone: the monorepo pins pnpm 11 (needs Node >= 22.13; the
# harness runs on Node 20) and its root package.json declares `devEngines.runtime: node ^24`
# with onFail `download`, which pnpm resolves into a Node 24 download from outside the npm
# registry, for the whole workspace, whatever --filter says. So the three packages are
# installed as a workspace of their own, from the commit's lockfile (frozen), by pnpm 10 (the
# last line that runs on Node 20).
set -euo pipefail

COMMIT=51f18252af167f189aeedf1e246058de7a2a3116
PNPM_VERSION=10.34.9
PACKAGES=(packages/common packages/store packages/server)
STAMP_FORMAT=1

die() {
  echo "setup-5.5.sh: $1" >&2
  exit 2
}

src=${SYNCSIM_VERDANT_SRC:?setup-5.5.sh: set SYNCSIM_VERDANT_SRC to a clone of a-type/verdant at $COMMIT}
build=${SYNCSIM_VERDANT_BUILD:-${XDG_CACHE_HOME:-$HOME/.cache}/syncsim/verdant-5.5.0}
head=$(git -C "$src" rev-parse HEAD 2>/dev/null) || die "SYNCSIM_VERDANT_SRC=$src is not a git checkout"
[ "$head" = "$COMMIT" ] || die "SYNCSIM_VERDANT_SRC is at $head, not $COMMIT (git -C $src checkout $COMMIT)"
command -v node >/dev/null || die "node (Node.js >= 20) is not on PATH"
command -v npm >/dev/null || die "npm is not on PATH"

stamp="commit $COMMIT pnpm $PNPM_VERSION node $(node --version) format $STAMP_FORMAT"
if [ -f "$build/.syncsim-built" ] && [ "$(cat "$build/.syncsim-built")" = "$stamp" ]; then
  echo "setup-5.5.sh: $build is built ($stamp)"
  exit 0
fi
rm -f "$build/.syncsim-built"
mkdir -p "$build"
start=$SECONDS

pnpm_dir="$build/pnpm-$PNPM_VERSION"
if [ ! -x "$pnpm_dir/node_modules/.bin/pnpm" ]; then
  npm install --prefix "$pnpm_dir" --no-audit --no-fund --no-save "pnpm@$PNPM_VERSION" >/dev/null
fi
installed=$(node -p "require('$pnpm_dir/node_modules/pnpm/package.json').version")
[ "$installed" = "$PNPM_VERSION" ] || die "pnpm in $pnpm_dir is $installed, not $PNPM_VERSION"
pnpm=("$pnpm_dir/node_modules/.bin/pnpm" --config.manage-package-manager-versions=false --config.update-notifier=false)

tree="$build/tree"
rm -rf "$tree"
mkdir -p "$tree"
# tsconfig.json: the base every package's tsconfig extends
git -C "$src" archive "$COMMIT" "${PACKAGES[@]}" pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json | tar -x -C "$tree"
# The commit's lockfile, with the importers of other workspace projects left out and the root's
# emptied (the root package.json below declares nothing); every other line is the commit's, so
# `--frozen-lockfile` installs exactly the versions the monorepo locks for these three.
mv "$tree/pnpm-lock.yaml" "$tree/pnpm-lock.commit.yaml"
awk '
/^importers:/ { importers = 1; print; next }
importers && /^[^ ]/ { importers = 0 }
importers && /^  [^ ]/ {
  keep = ($0 == "  packages/common:" || $0 == "  packages/store:" || $0 == "  packages/server:")
  if ($0 == "  .:") print "  .: {}\n"
}
!importers || keep { print }
' "$tree/pnpm-lock.commit.yaml" >"$tree/pnpm-lock.yaml"
# The commit's workspace file, with only these three packages and pnpm 10's name for the
# packages allowed to run install scripts (pnpm 11 calls it allowBuilds): better-sqlite3 (the
# server's storage) builds its native module. The catalog is the commit's, unchanged.
{
  echo "packages:"
  for p in "${PACKAGES[@]}"; do echo "  - '$p'"; done
  echo "onlyBuiltDependencies:"
  echo "  - better-sqlite3"
  sed -n '/^catalog:/,$p' "$tree/pnpm-workspace.yaml"
} >"$tree/pnpm-workspace.yaml.new"
mv "$tree/pnpm-workspace.yaml.new" "$tree/pnpm-workspace.yaml"
echo '{ "name": "verdant-5.5.0-syncsim-build", "private": true }' >"$tree/package.json"

t0=$SECONDS
# puppeteer (a store devDependency for its browser tests) would download a browser: not needed
(cd "$tree" && PUPPETEER_SKIP_DOWNLOAD=1 nice -n 19 "${pnpm[@]}" install \
  --store-dir "$build/pnpm-store" --frozen-lockfile --reporter=append-only) >"$build/install.log" 2>&1 ||
  die "pnpm install failed: $build/install.log"
install_s=$((SECONDS - t0))

t0=$SECONDS
# As the monorepo builds them (`build` scripts; turbo runs common first): common and server
# with tsc; store's `build:lib` (tsc). Its `build:bundle` (an esbuild browser bundle) is not
# what Node imports.
(
  cd "$tree"
  nice -n 19 "${pnpm[@]}" --filter @verdant-web/common run build
  nice -n 19 "${pnpm[@]}" --filter @verdant-web/store run build:lib
  nice -n 19 "${pnpm[@]}" --filter @verdant-web/server run build
) >"$build/build.log" 2>&1 || die "build failed: $build/build.log"
build_s=$((SECONDS - t0))
for f in packages/common/dist/esm/index.js packages/store/dist/esm/index.js packages/server/dist/esm/index.js; do
  [ -f "$tree/$f" ] || die "build did not produce $tree/$f ($build/build.log)"
done
(cd "$tree/packages/server" && node -e 'require("better-sqlite3")(":memory:").close()') ||
  die "better-sqlite3 does not load ($build/install.log)"

echo "$stamp" >"$build/.syncsim-built"
echo "setup-5.5.sh: built $build in $((SECONDS - start)) s (install ${install_s} s, build ${build_s} s)"
