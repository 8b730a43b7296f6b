#!/usr/bin/env bash
# Makes sure the browser tests have a browser: Debian's chromium, and fonts-noto-cjk so Chinese
# names render in screenshots. Installs them with apt-get when missing and running as root.
# Outside CI a machine without them only warns (the browser tests then skip); with CI=true it
# fails, because CI must never silently skip the browser tests.
set -u

has_chromium() { [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; }
has_cjk_font() {
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" ||
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"
}

missing=()
has_chromium || missing+=(chromium)
has_cjk_font || missing+=(fonts-noto-cjk)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the browser tests." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

has_chromium && exit 0

echo "Chromium is not installed (apt-get install chromium fonts-noto-cjk)." >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: the browser tests must run; failing." >&2
  exit 1
fi
echo "Continuing: the browser tests will be skipped on this machine." >&2
exit 0
