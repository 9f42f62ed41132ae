#!/usr/bin/env bash
# Installs what the test suite needs beyond the JDK and Maven: Debian's chromium and
# chromium-driver, for the proxy live page's browser test. Idempotent: does nothing when both
# are already installed. Runs apt-get as root, or through sudo when not root.
set -euo pipefail

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
