#!/usr/bin/env bash
# Whole-process measurements of `cooplabel import` (run from anywhere):
#
#   benches/import.sh           # 10 000 entrepreneurs, as CSV (Windows-1252) and as XLSX
#   N=50000 benches/import.sh   # more
#
# Builds the release binary and the import_corpus example, writes the files into a temporary
# directory (removed at the end), and measures each import with /usr/bin/time -v (wall time,
# peak RSS). Wall times vary from one session to the next on a shared VM: compare figures taken
# in the same session.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-10000}

echo "== build (release)"
cargo build --release --quiet --bin cooplabel --example import_corpus
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/cooplabel
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$TARGET/release/examples/import_corpus" "$WORK" "$N"
ls -l "$WORK"

for file in entrepreneurs.csv entrepreneurs.xlsx; do
    echo "== import entrepreneurs $file ($N rows)"
    /usr/bin/time -v "$BIN" import entrepreneurs "$WORK/$file" --output "$WORK/out.yaml" \
        2> "$WORK/time.txt" || true
    grep -E "row\(s\) read|ligne\(s\) lue\(s\)" "$WORK/time.txt" || true
    grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
    wc -l < "$WORK/out.yaml"
done
