#!/usr/bin/env bash
# Installs what the test suite needs beyond the JDK and Maven:
# - Debian's chromium and chromium-driver, for the browser tests (the proxy's live page);
# - Kusto's language service from the npm registry (dashboards/kql), which the dashboards' tests
#   use to parse every KQL query; pinned by dashboards/kql/package-lock.json.
# Idempotent: does nothing for what is already installed. Runs apt-get as root, or through sudo
# when not root. Without Node.js the KQL tests are skipped, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -d dashboards/kql/node_modules/@kusto/language-service-next ]; then
  echo "install-test-deps: Kusto language service already installed"
elif command -v npm >/dev/null 2>&1; then
  echo "install-test-deps: installing the Kusto language service (npm ci in dashboards/kql)"
  if ! (cd dashboards/kql && npm ci --no-audit --no-fund --loglevel=error); then
    echo "install-test-deps: npm ci failed; the KQL tests will be skipped" >&2
  fi
else
  echo "install-test-deps: npm not found; the KQL tests will be skipped" >&2
fi

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: chromium and chromedriver already installed, nothing to do"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: apt-get not found; install ${missing[*]} with this system's package manager" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-test-deps: need root or sudo to install ${missing[*]}" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q "${missing[@]}"
echo "install-test-deps: installed ${missing[*]}:"
chromium --version 2>/dev/null || true
chromedriver --version 2>/dev/null || true
