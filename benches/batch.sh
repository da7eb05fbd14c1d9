#!/usr/bin/env bash
# Whole-process measurements of `cooplabel check` against DESIGN §8 (run from anywhere):
#
#   benches/batch.sh            # 10 000 and 1 000 generated dossiers, start-up, a big dossier
#   N=2000 benches/batch.sh     # a smaller batch
#
# Builds the release binary and the corpus example, generates the dossiers into a temporary
# directory (removed at the end), then measures with /usr/bin/time -v (wall time, peak RSS)
# and hyperfine (installed with apt-get when missing and possible; skipped otherwise).
# Wall times vary a lot from one session to the next on a shared VM (the same run's user time
# moved between 4.9 s and 7.6 s): compare figures taken in the same session, or use
# `valgrind --tool=callgrind` instruction counts, which are stable.
# Targets on a 2-core machine: 10 000 dossiers in under 3 s wall; peak memory under 100 MB
# and not growing with the number of files; start-up under 20 ms; a 400-entrepreneur dossier
# under 20 ms. In-process figures (parse vs full check of one dossier) are `cargo bench`.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-10000}
SMALL=${SMALL:-1000}

echo "== build (release)"
cargo build --release --quiet --bin cooplabel --example corpus
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/cooplabel
CORPUS=$TARGET/release/examples/corpus

# The dossiers go to a tmpfs when there is one (/dev/shm): on this VM the page cache of /tmp is
# reclaimed between runs (kdamond), and disk reads then blur the figures. TMPDIR overrides.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm; fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cooplabel-batch.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "== generate $N and $SMALL dossiers (seeds 0…), and a 400-entrepreneur one (seed 2)"
"$CORPUS" "$TMP/n" "$N"
"$CORPUS" "$TMP/small" "$SMALL"
"$CORPUS" "$TMP/big" 3 400
BIG=$TMP/big/dossier-00002.yaml
rm "$TMP/big/dossier-00000.yaml" "$TMP/big/dossier-00001.yaml"
ONE=samples/faisabilite-val-de-dore.yaml
echo "   $(du -sh "$TMP/n" | cut -f1) for $N files; big dossier: $(wc -c <"$BIG") bytes"

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing hyperfine with apt-get"
    (apt-get install -y -qq hyperfine >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; }) || true
  fi
fi
HYPERFINE=$(command -v hyperfine || true)
[ -n "$HYPERFINE" ] || echo "   (hyperfine not available: its measurements are skipped)"

# time_v LABEL CMD…: runs CMD once under /usr/bin/time -v, stdout to /dev/null, and prints its
# wall time, peak RSS and exit status (0, 1 or 2 are all normal for `check`).
time_v() {
  local label=$1
  shift
  local status=0
  /usr/bin/time -v "$@" >/dev/null 2>"$TMP/time.txt" || status=$?
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time.txt")
  printf '   %-44s wall %-8s peak RSS %6d KB (%d MB)  exit %s\n' \
    "$label" "$wall" "$rss" $((rss / 1024)) "$status"
  if [ "$status" -gt 2 ]; then
    echo "   !! unexpected exit status: $(tail -n 5 "$TMP/time.txt")"
  fi
}

echo "== /usr/bin/time -v"
# Warm the page cache first: the figures are about the tool, not the disk.
cat "$TMP"/n/* >/dev/null
time_v "check --format json  $N files" "$BIN" check --format json "$TMP/n"
time_v "check --format json  $N files --jobs 1" "$BIN" check --format json --jobs 1 "$TMP/n"
time_v "check --format human $N files" "$BIN" check --format human --color never "$TMP/n"
time_v "check --format json  $SMALL files" "$BIN" check --format json "$TMP/small"
time_v "check --format json  1 small file" "$BIN" check --format json "$ONE"
time_v "check --format json  400 entrepreneurs" "$BIN" check --format json "$BIG"

if [ -n "$HYPERFINE" ]; then
  echo "== hyperfine"
  # -i: `check` exits 1 or 2 on non-conforming or unreadable dossiers, which is not a failure
  # of the measurement. -N: no intermediate shell.
  "$HYPERFINE" -N -i --style basic --warmup 1 --runs 5 \
    -n "check json $N files" "$BIN check --format json $TMP/n" \
    -n "check json $N files --jobs 1" "$BIN check --format json --jobs 1 $TMP/n"
  "$HYPERFINE" -N -i --style basic --warmup 3 \
    -n "start-up: --version" "$BIN --version" \
    -n "start-up: check 1 small file" "$BIN check --format json $ONE" \
    -n "check 400 entrepreneurs" "$BIN check --format json $BIG"
fi
