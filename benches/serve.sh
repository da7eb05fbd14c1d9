#!/usr/bin/env bash
# Load benchmark of `cooplabel serve` (not a test): wrk (Debian's `wrk`) posts a 5 KB dossier to
# /api/check from 32 connections, then a mix of that dossier with oversized, malformed and
# deeply nested bodies; prints throughput, latency percentiles, statuses and the service's
# resident memory (peak and at the end of each run). Everything stays on 127.0.0.1.
#   benches/serve.sh            # 20 s per run
#   DURATION=60s benches/serve.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${PORT:-8095}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet
WORK=$(mktemp -d)
trap 'kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
# The bodies: the 5 KB dossier, one over the 1 MB limit set below, broken YAML, deep nesting.
DOSSIER=samples/portage-deguise-2000.yaml
head -c 1200000 /dev/zero | tr '\0' 'a' > "$WORK/oversized.yaml"
printf 'cooperative: { nom: "unterminated\n  pays: FR\n' > "$WORK/malformed.yaml"
python3 -c "print('a: ' + '[' * 20000 + ']' * 20000)" > "$WORK/deep.yaml"
target/release/cooplabel serve --addr "127.0.0.1:$PORT" --max-file-size 1048576 2>/dev/null &
SERVER=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
rss() { awk '/^(VmRSS|VmHWM)/ { printf "%s %.1f MB  ", $1, $2 / 1024 } END { print "" }' "/proc/$SERVER/status"; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); dossier $(wc -c < "$DOSSIER") bytes"
echo "at start: $(rss)"
run() {
  echo; echo "== $1"
  BODIES=$2 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benches/serve/post.lua "http://127.0.0.1:$PORT" | grep -E '^(requests|latency|statuses):'
  echo "memory: $(rss)"
}
run "5 KB dossier, $CONNECTIONS connections" "$DOSSIER"
run "mix: dossier, oversized, malformed, deep (1 in 4 each)" "$DOSSIER,$WORK/oversized.yaml,$WORK/malformed.yaml,$WORK/deep.yaml"
run "the same mix again (memory flat?)" "$DOSSIER,$WORK/oversized.yaml,$WORK/malformed.yaml,$WORK/deep.yaml"
run "5 KB dossier again" "$DOSSIER"
