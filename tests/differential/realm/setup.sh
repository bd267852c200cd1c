#!/usr/bin/env bash
# The realm differential harness's own prerequisites (not tools/setup: the quick suite does not
# need them): Debian's OpenSSL and zlib headers, which realm-core's build links against
# (REALM_USE_SYSTEM_OPENSSL=ON; without it realm-core's configure downloads OpenSSL).
set -euo pipefail
PKGS=(libssl-dev zlib1g-dev)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
