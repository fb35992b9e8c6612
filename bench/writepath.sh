#!/usr/bin/env bash
# bench/writepath.sh [N]: the results' write path (issue 19 item 3). Stores the same N generated lab reports
# (default 20000, 10 to 20 results each) with each design, rounds interleaved, into an embedded PostgreSQL as
# the job's role on 2 connections, 200 documents per transaction; prints one JSON line per run (also appended
# to var/bench/writepath.jsonl) and a Markdown table with each design's mean CPU (README, "Benchmark").
#
# Environment: BENCH_ROUNDS (default 2), BENCH_DESIGNS (default 0,A,B,C,C2), BENCH_XMX (default 512m),
# SPRING_DATASOURCE_URL (+ _USERNAME, _PASSWORD) to use a server (its store is emptied: BENCH_RESET_DATABASE=yes).
set -euo pipefail

N="${1:-20000}"
if [[ ! "$N" =~ ^[0-9]+$ ]]; then
  echo "usage: bench/writepath.sh [N]   (N documents per run, default 20000)" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RESET=()
if [[ -n "${SPRING_DATASOURCE_URL:-}" ]]; then
  if [[ "${BENCH_RESET_DATABASE:-}" != yes ]]; then
    log "SPRING_DATASOURCE_URL is set and its store (dmp.*) would be emptied; set BENCH_RESET_DATABASE=yes if it is a throw-away database"
    exit 2
  fi
  RESET=(--reset)
fi
ensure_jar
new_run writepath
cd "$RUN"
java -Xmx"$XMX" -jar "$JAR" bench write-path --documents "$N" --rounds "${BENCH_ROUNDS:-2}" \
  --designs "${BENCH_DESIGNS:-0,A,B,C,C2}" --data-dir db "${RESET[@]}" | tee -a "$ROOT/var/bench/writepath.jsonl"
