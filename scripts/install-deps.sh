#!/usr/bin/env bash
# Installs everything the tests and the main job need that a fresh Debian 12 machine lacks:
#   - Debian packages: the servers the tests start (PostgreSQL 15, MariaDB) and peer tools (kcat, avro-bin for avrocat);
#   - npm packages: independent peers the tests check our work against (kafkajs, icebird), into .tools/;
#   - the Python package openapi-spec-validator, which checks the REST API's OpenAPI document.
# Idempotent and fast when everything is present: nothing is downloaded unless something is missing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$repo/.tools"

debian_packages=(postgresql-15 mariadb-server mariadb-client kcat avro-bin)

log() { printf 'install-deps: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*  (run this script as root or install sudo)"; exit 1
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for package in "${debian_packages[@]}"; do
  installed "$package" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  # Debian's postinst scripts would start system-wide database services; the tests start their own
  # servers on private ports, so keep the package installs from starting anything.
  policy=/usr/sbin/policy-rc.d
  created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    created_policy=1
  fi
  trap 'if [ -n "$created_policy" ]; then as_root rm -f "$policy"; fi' EXIT
  if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' -e '^auxfiles$')" ]; then
    as_root apt-get update -qq
  fi
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# npm peers: installed from the committed lock file; a stamp of the lock file's hash skips reinstalling.
lock="$repo/scripts/peer-tools/package-lock.json"
stamp="$tools/.installed-lock-sha256"
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -d "$tools/node_modules" ]; then
  command -v npm >/dev/null || { log "npm is missing: install Node.js 20+ (Debian package nodejs + npm)"; exit 1; }
  log "installing npm peer tools into .tools/"
  mkdir -p "$tools"
  cp "$repo/scripts/peer-tools/package.json" "$lock" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$stamp"
fi

# The independent OpenAPI validator (RestApiOpenApiTests): pip, or Debian's package where pip is unavailable.
if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  log "installing openapi-spec-validator"
  if ! python3 -m pip install -q openapi-spec-validator 2>/dev/null && ! python3 -m pip install -q --break-system-packages openapi-spec-validator 2>/dev/null; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-openapi-spec-validator >/dev/null
  fi
fi

log "all dependencies present"
