#!/usr/bin/env bash
# Builds realm-core's Storage and Sync libraries for the differential driver, once, outside the
# checkout: build-realm-core.sh SRC [BUILD]   (BUILD defaults to SRC-build)
# SRC is a realm-core tree at v14.14.0 with its submodules (docs/differential-realm.md).
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then echo "usage: build-realm-core.sh SRC [BUILD]" >&2; exit 2; fi
src=$(cd "$1" && pwd)
build=${2:-$src-build}
version=$(sed -n 's/^VERSION: //p' "$src/dependencies.yml" 2>/dev/null || true)
if [ "$version" != 14.14.0 ]; then
  echo "build-realm-core.sh: $src is realm-core '${version:-?}', need 14.14.0" >&2
  exit 2
fi
for sub in sha-1/sha1.c sha-2/sha256.cpp; do
  if [ ! -f "$src/src/external/$sub" ]; then
    echo "build-realm-core.sh: $src/src/external/$sub missing (git submodule update --init)" >&2
    exit 2
  fi
done
"$(dirname "$0")/setup.sh"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -G Ninja -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DREALM_BUILD_LIB_ONLY=ON \
  -DREALM_USE_SYSTEM_OPENSSL=ON -DREALM_ENABLE_GEOSPATIAL=OFF "${launcher[@]}" >/dev/null
start=$SECONDS
ninja -C "$build" -j "${JOBS:-2}" Storage Sync
echo "build-realm-core.sh: Storage and Sync built in $build ($((SECONDS - start)) s)" >&2
