#!/usr/bin/env bash
# The sandbox's browser test drives Debian's Chromium through playwright-core (playwright's own
# browser download cannot work on machines without internet), and the page shows the bot's emoji
# (🔴 ✅), which need a colour emoji font. Installs what is missing when we are root; otherwise
# says what to run.
set -euo pipefail
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  missing+=(chromium)
fi
if command -v dpkg-query >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q "ok installed"; then
  missing+=(fonts-noto-color-emoji)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the browser test…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
if [[ " ${missing[*]} " == *" chromium "* ]]; then
  echo "The browser test needs Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM_PATH)." >&2
  exit 1
fi
echo "Optional: 'sudo apt-get install fonts-noto-color-emoji' so the sandbox screenshot shows emoji." >&2
