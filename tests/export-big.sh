#!/bin/sh
# export-big.sh: the generated plan ten times the largest seed exports to an
# ODT that passes the ODF validator; exports killed mid-way leave that file
# as it was.
#
# Copyright 2026 Zona developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: export-big.sh ZONA-MAKE-BIG-PLAN ZONA VALIDATE-ODT
set -eu
make_big=$1 zona=$2 validate=$3
dir=$(mktemp -d "${TMPDIR:-/tmp}/zona-export-big-XXXXXX")
trap 'rm -rf "$dir"' EXIT

"$make_big" "$dir/big.pdz" >/dev/null
size=$(stat -c %s "$dir/big.pdz")
# A plan of megabytes, not an empty file that would pass trivially.
[ "$size" -gt 4000000 ] || { echo "Bail out! the generated plan has only $size bytes"; exit 1; }
"$zona" export "$dir/big.pdz" -o "$dir/big.odt"
"$validate" "$dir/big.odt"

# Kill later exports to the same path part-way through: the earlier file must
# stay whole and unchanged every time.
before=$(sha256sum "$dir/big.odt" | cut -d' ' -f1)
killed=0
for delay in 0.01 0.03 0.05 0.08 0.1 0.12 0.15 0.18 0.02 0.06; do
  "$zona" export "$dir/big.pdz" -o "$dir/big.odt" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  after=$(sha256sum "$dir/big.odt" | cut -d' ' -f1)
  if [ "$after" != "$before" ]; then
    # Only a finished export may replace it, and then it is a whole zip.
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)' "$dir/big.odt" \
      || { echo "Bail out! the export killed after ${delay}s left a broken file"; exit 1; }
    before=$after
  fi
done
echo "# $killed of 10 exports killed part-way; the file at the target path stayed whole"
[ "$killed" -ge 5 ] || { echo "Bail out! only $killed exports were still running when killed"; exit 1; }
