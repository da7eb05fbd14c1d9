#!/usr/bin/env bash
# Measurements behind the README's bounds for hostile inputs (issue 12), on the release binary:
#
#   benches/hostile.sh
#
# - peak memory of a batch of 40 valid dossiers of about 10 MB (the size limit), and of 10,
#   with the default --jobs, with --jobs 1, in JSON and in human format: bounded by the
#   largest files being checked at once (one per worker), not by the number of files;
# - the human report of one 10 MB dossier with 1 000 findings (snippets through the line
#   index, not a scan of the text per finding), against the JSON report of the same;
# - a 10 MB file of empty lines (the line index costs a few bytes per kilobyte);
# - loading chains of 10 000, 50 000 and 100 000 rules, each reading the one before: linear.
# Wall times vary from one session to the next on a shared VM; peak RSS does not.
set -euo pipefail

cd "$(dirname "$0")/.."
echo "== build (release)"
cargo build --release --quiet --bin cooplabel --example corpus --example rule_chain
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/cooplabel
CORPUS=$TARGET/release/examples/corpus
CHAIN=$TARGET/release/examples/rule_chain

if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm; fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cooplabel-hostile.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

time_v() {
  local label=$1
  shift
  local status=0
  /usr/bin/time -v "$@" >/dev/null 2>"$TMP/time.txt" || status=$?
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time.txt")
  printf '   %-50s wall %-8s peak RSS %6d KB (%d MB)  exit %s\n' \
    "$label" "$wall" "$rss" $((rss / 1024)) "$status"
}

# 32 000 keeps the largest file under the 10 MiB limit (LD002) now that an entrepreneur has more fields.
ENTREPRENEURS=${ENTREPRENEURS:-32000}
echo "== generate 40 dossiers of $ENTREPRENEURS entrepreneurs"
"$CORPUS" "$TMP/big40" 40 "$ENTREPRENEURS"
mkdir -p "$TMP/big10"
cp "$TMP"/big40/dossier-0000[0-9].yaml "$TMP/big10/"
echo "   $(du -sh "$TMP/big40" | cut -f1) in 40 files; largest $(ls -l "$TMP"/big40 | awk 'NR>1 {print $5}' | sort -n | tail -1) bytes"
cat "$TMP"/big40/* >/dev/null

echo "== a batch of big dossiers"
time_v "check --format json  10 × 10 MB" "$BIN" check --format json "$TMP/big10"
time_v "check --format json  40 × 10 MB" "$BIN" check --format json "$TMP/big40"
time_v "check --format json  40 × 10 MB --jobs 1" "$BIN" check --format json --jobs 1 "$TMP/big40"
time_v "check --format human 40 × 10 MB" "$BIN" check --format human --color never "$TMP/big40"
time_v "check --format json  1 × 10 MB" "$BIN" check --format json "$TMP/big10/dossier-00000.yaml"

echo "== one 10 MB dossier with 1 000 findings"
{
  sed -n '1,200p' samples/faisabilite-val-de-dore.yaml
  filler="# $(head -c 9000 /dev/zero | tr '\0' x)"
  for i in $(seq 0 999); do
    echo "$filler"
    echo "inconnue_$i: 1"
  done
} >"$TMP/findings.yaml"
echo "   $(wc -c <"$TMP/findings.yaml") bytes"
time_v "check --format human  1 000 findings" "$BIN" check --format human --color never "$TMP/findings.yaml"
time_v "check --format json   1 000 findings" "$BIN" check --format json "$TMP/findings.yaml"

echo "== a 10 MB file of empty lines after a key"
{ echo "dossier: 1"; head -c 10000000 /dev/zero | tr '\0' '\n'; echo "inconnue: 1"; } >"$TMP/empty-lines.yaml"
time_v "check --format human  10 M empty lines" "$BIN" check --format human --color never "$TMP/empty-lines.yaml"

echo "== chains of rules, each reading the one before"
"$CHAIN" 10000 50000 100000
