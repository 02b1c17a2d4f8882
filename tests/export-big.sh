#!/bin/sh
# export-big.sh: the generated plan ten times the largest seed exports to an
# ODT that passes the ODF validator.
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
