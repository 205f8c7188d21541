#!/usr/bin/env bash
# Opens a golden-check HTML report in headless Chromium and fails on any console error
# or image that does not load. Usage: .ci/check_report.sh REPORT.html
# Needs Debian's chromium (apt-get install chromium); not part of .ci/run, run by hand.
set -euo pipefail
report=$(realpath "$1")
profile=$(mktemp -d)
log=$(mktemp)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --virtual-time-budget=3000 --dump-dom "file://$report" > "$log.dom" 2> "$log" || true
rm -rf "$profile"
images=$(grep -o '<img ' "$log.dom" | wc -l)
errors=$(grep -E 'CONSOLE|Uncaught|Failed to load resource|ERR_FILE_NOT_FOUND' "$log" || true)
if ! grep -q '<table>' "$log.dom"; then
  echo "FAIL: Chromium did not render the report's table"; exit 1
fi
if [ -n "$errors" ]; then
  echo "FAIL: console errors:"; echo "$errors"; exit 1
fi
echo "report opened in Chromium: $images images, no console errors"
