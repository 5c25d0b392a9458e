#!/usr/bin/env bash
# Makes sure the browser tests (WebConsoleBrowserIT, WildFlySmokeIT) have a Chromium, so that `mvn verify` works on a
# machine with only a JDK, Maven, Node and npm. Run by the build in pre-integration-test (execution ensure-chromium).
#
#   ensure-chromium.sh [PATH]     PATH: the Chromium the tests will use (-Dswitchboard.chromium), /usr/bin/chromium
#                                 by default, where Debian's package puts it.
#
# When it is missing, installs Debian's `chromium` with apt-get: directly as root, through `sudo -n` otherwise (never a
# password prompt, which would hang a batch build). When that cannot be done it says what to install and exits 0
# anyway: the browser test then fails with its own message, and every other test still runs.
#
# apt-get's and dpkg's output (hundreds of lines) goes to ENSURE_CHROMIUM_LOG (the build: target/ensure-chromium.log),
# shown only when they fail.
#
# Environment: SKIP_TESTS, MAVEN_TEST_SKIP (the build passes -DskipTests and -Dmaven.test.skip): "true" skips it all,
# since no test will run. (-DskipITs skips the execution itself.)
set -uo pipefail

DEBIAN_PATH=/usr/bin/chromium
want=${1:-$DEBIAN_PATH}

say() { echo "[switchboard] $*"; }

# Unset (run by hand) is "not skipped"; so is the literal ${skipTests} Maven passes when the property is not set.
if [ "${SKIP_TESTS-}" = true ] || [ "${MAVEN_TEST_SKIP-}" = true ]; then
  exit 0
fi

if [ -x "$want" ]; then
  say "Chromium for the browser tests: $want"
  exit 0
fi

cannot() {
  say "Chromium is missing ($want) and $1."
  say "Install it for the browser tests (WebConsoleBrowserIT): as root, apt-get install -y chromium (Debian's package,"
  say "at $DEBIAN_PATH), or point -Dswitchboard.chromium=PATH at one. Without it those tests fail; the rest run."
  exit 0
}

if [ "$want" != "$DEBIAN_PATH" ]; then
  # Debian's package would land at /usr/bin/chromium, not where -Dswitchboard.chromium points: installing it would
  # not help, and the user asked for that one.
  cannot "it is not where Debian's package installs it, so it is not installed automatically"
fi
if on_path=$(command -v chromium); then
  say "Note: a chromium is on the PATH ($on_path) but not at $DEBIAN_PATH; -Dswitchboard.chromium=$on_path uses it."
fi
command -v apt-get >/dev/null || cannot "there is no apt-get here to install Debian's chromium"

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  cannot "this build is not root and cannot use sudo without a password"
fi

# DPkg::Lock::Timeout: another build on this machine may be running apt at the same moment; wait for its lock rather
# than fail at once.
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
log=${ENSURE_CHROMIUM_LOG:-$(mktemp)}
say "Chromium is missing ($want): installing Debian's chromium for the browser tests, once (a minute or two):"
say "${apt[*]} install chromium, output in $log"
failed() {
  tail -n 30 "$log"
  cannot "$1 (the last lines above; all of them in $log)"
}
"${apt[@]}" update -qq >"$log" 2>&1 || failed "apt-get update failed"
"${apt[@]}" install -y -qq chromium >>"$log" 2>&1 || failed "apt-get install chromium failed"

if [ ! -x "$want" ]; then
  cannot "apt-get installed chromium, yet $want is still not there"
fi
say "Chromium installed: $want ($("$want" --version 2>/dev/null || echo "version unknown"))"
