#!/usr/bin/env bash
# bench/large.sh: the large single inputs (issue "Performance", item 5) through the real job under the
# benchmark's heap: an HPRIM archive of 300 MB, a 2,000-page PDF with its sidecar, and a 1 GB file that
# must be refused early (TOO_LARGE) without being read. Prints one JSON line (README, "Benchmark").
#
# Environment: LARGE_ARCHIVE (default 300MB), LARGE_PDF_PAGES (default 2000), LARGE_OVERSIZED (default
# 1GB), BENCH_XMX (default 512m), BENCH_KEEP=1 (keep var/bench/large-*). Uses the embedded PostgreSQL
# in the run's folder; SPRING_DATASOURCE_URL is ignored here (unset it for the run).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_jar
new_run large
cd "$RUN"
unset SPRING_DATASOURCE_URL SPRING_DATASOURCE_USERNAME SPRING_DATASOURCE_PASSWORD

# the shipped legacy-migration feed (512 MB per file, 5,000 pages), except that it may open dossiers:
# an empty store has none to feed
mkdir -p jobs var/drop/large-inputs
sed -E -e 's#^name:.*#name: large-inputs#' -e 's#^drop:.*#drop: var/drop/large-inputs#' -e 's#^work:.*#work: var#' \
  -e 's#^dossierPolicy:.*#dossierPolicy: create#' "$ROOT/jobs/legacy-migration.yml" > jobs/large-inputs.yml

log "generating the large inputs under $RUN/var/drop/large-inputs"
java -jar "$JAR" generate --large var/drop/large-inputs --archive-size "${LARGE_ARCHIVE:-300MB}" \
  --pdf-pages "${LARGE_PDF_PAGES:-2000}" --oversized "${LARGE_OVERSIZED:-1GB}" > generate.json
cat generate.json | sed 's/^/bench: /' >&2

log "pipeline: java -Xmx$XMX -jar dmp-ingest.jar ingest --feed large-inputs"
start=$(date +%s%N)
status=0
java -Xmx"$XMX" -Xlog:gc:file=gc.log -jar "$JAR" ingest --feed large-inputs --quiet-period 0s \
  --dmp.jobs-folder=jobs --report report.json > ingest.out 2>&1 || status=$?
end=$(date +%s%N)
grep -E '^feed |LargeFileStep' ingest.out | sed 's/^/bench: /' >&2 || true
seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')
# the largest heap in use before a collection ("123M->45M(512M)")
peak=$( (grep -oE '[0-9]+M->[0-9]+M' gc.log || true) | cut -dM -f1 | sort -n | tail -1)
oom=$( (grep -h OutOfMemory gc.log ingest.out || true) | wc -l)

q="var/quarantine/large-inputs"
reason() {
  if [[ -f "$q/$1.reason.json" ]]; then
    (grep -oE '"reason" *: *"[A-Z_]+"' "$q/$1.reason.json" || true) | head -1 | grep -oE '[A-Z_]+"$' | tr -d '"'
  else
    echo none
  fi
}
archived() { if [[ -n "$(find var/archive/large-inputs -name "$1" 2>/dev/null)" ]]; then echo true; else echo false; fi; }
result=$(printf '{"archive":%s,"seconds":%s,"peakHeapMB":%s,"xmx":"%s","outOfMemory":%s,"archiveStored":%s,"pdfStored":%s,"oversized":"%s","report":%s,"exit":%s}' \
  "$(cat generate.json)" "$seconds" "${peak:-0}" "$XMX" "$oom" "$(archived archive.hpr)" "$(archived dossier.pdf)" \
  "$(reason oversized.hpr)" "$(tr -d '\n' < report.json 2>/dev/null || echo null)" "$status")
echo "$result" >> "$ROOT/var/bench/results.jsonl"
echo "$result"
exit "$status"
