#!/usr/bin/env bash
# Installs what the test suite needs beyond the JDK and Maven:
# - Debian's chromium and chromium-driver, for the browser tests (the proxy's live page);
# - Kusto's language service from the npm registry (dashboards/kql), which the dashboards' tests
#   use to parse every KQL query; pinned by dashboards/kql/package-lock.json.
# Idempotent: does nothing for what is already installed. Runs apt-get as root, or through
# password-less sudo when not root. Whatever it cannot install (no npm, no apt-get, no root, no
# network), it says so and carries on: the tests that need it are then skipped, saying why.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -d dashboards/kql/node_modules/@kusto/language-service-next ]; then
  echo "install-test-deps: Kusto language service already installed"
elif command -v npm >/dev/null 2>&1; then
  echo "install-test-deps: installing the Kusto language service (npm ci in dashboards/kql)"
  if ! (cd dashboards/kql &&
    npm ci --no-audit --no-fund --loglevel=error --fetch-timeout=60000 --fetch-retries=2); then
    # A half-made node_modules would make the KQL tests fail rather than skip.
    rm -rf dashboards/kql/node_modules
    echo "install-test-deps: npm ci failed; the KQL tests will be skipped" >&2
  fi
else
  echo "install-test-deps: npm not found; the KQL tests will be skipped" >&2
fi

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)

skip_browser() {
  echo "install-test-deps: $1; the browser test will be skipped" >&2
  exit 0
}

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: chromium and chromedriver already installed, nothing to do"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  skip_browser "apt-get not found (install ${missing[*]} with this system's package manager)"
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  # -n: never wait for a password that nobody will type.
  as_root=(sudo -n)
else
  skip_browser "need root or password-less sudo to install ${missing[*]}"
fi

echo "install-test-deps: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
# Waits a while for another apt-get holding the lock, rather than failing at once or forever.
apt=("${as_root[@]}" apt-get -q -o DPkg::Lock::Timeout=300)
if ! "${apt[@]}" update; then
  skip_browser "apt-get update failed"
fi
if ! "${apt[@]}" install -y "${missing[@]}"; then
  skip_browser "apt-get install ${missing[*]} failed"
fi
echo "install-test-deps: installed ${missing[*]}:"
chromium --version 2>/dev/null || true
chromedriver --version 2>/dev/null || true
