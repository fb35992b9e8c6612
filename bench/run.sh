#!/usr/bin/env bash
# bench/run.sh [N]: generates a synthetic corpus of N input files (default 100000) and measures, on that
# same corpus, the parse alone, the COPY of its rows into an empty store, and the whole pipeline
# (ingest --feed all from an empty store), each in wall and CPU seconds; prints one JSON line (README,
# "Benchmark"). bench/run.sh 0 measures the start alone: ingest --feed all on empty drop folders of a store
# made by a first run (not counted), as a nightly run finds it.
#
# Environment: BENCH_CDS=0 (start the pipeline without the class data sharing archive target/dmp-ingest.jsa), BENCH_SEED (corpus seed, default 20261126), BENCH_MIX (e.g. hl7=100; default hl7=70,pdf=20,cda=10), BENCH_XMX (heap of the measured JVMs,
# default 512m), BENCH_KEEP=1 (keep var/bench/run-*), SPRING_DATASOURCE_URL (+ _USERNAME, _PASSWORD)
# to use a server instead of the embedded PostgreSQL: its store is emptied, so BENCH_RESET_DATABASE=yes
# is required as well.
set -euo pipefail

N="${1:-100000}"
SEED="${BENCH_SEED:-20261126}"
if [[ ! "$N" =~ ^[0-9]+$ ]]; then
  echo "usage: bench/run.sh [N]   (N input files, default 100000)" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# the 1-minute load average: the machine may be shared, and the figures mean little when it is busy
load1() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo -1; }
# CPU seconds of the PostgreSQL of data folder $1: its postmaster's own and reaped children's time, and its
# live children's (backends, checkpointer...), from /proc; -1 while it does not run
pg_cpu() {
  local pm
  pm=$(head -1 "$1/postmaster.pid" 2>/dev/null || true)
  if [[ -z "$pm" || ! -r "/proc/$pm/stat" ]]; then echo -1; return; fi
  # fields after "pid (comm) ": 12 utime, 13 stime, 14 cutime, 15 cstime, in clock ticks (100 per second)
  awk '{ sub(/^.*\) /, ""); t += $12 + $13 + $14 + $15 } END { printf "%.2f", t / 100 }' \
    "/proc/$pm/stat" $(pgrep -P "$pm" | sed 's#.*#/proc/&/stat#') 2>/dev/null || echo -1
}

RESET=()
if [[ -n "${SPRING_DATASOURCE_URL:-}" ]]; then
  if [[ "${BENCH_RESET_DATABASE:-}" != yes ]]; then
    log "SPRING_DATASOURCE_URL is set and its store (dmp.*) would be emptied;"
    log "set BENCH_RESET_DATABASE=yes if it is a throw-away database, or unset it to use the embedded PostgreSQL"
    exit 2
  fi
  RESET=(--reset)
  # a server's store gets no key made for it (README, "Pointing it at a real PostgreSQL"): a throw-away key here
  # kept under var/bench and given again on the next run: the store remembers a key id's bytes (a new key under the same
  # id is refused, exit 3; the review)
  if [[ -z "${DMP_CONTENT_KEYS:-}" ]]; then
    KEYFILE="$ROOT/var/bench/server-content-key"
    mkdir -p "$ROOT/var/bench"
    if [[ ! -s "$KEYFILE" ]]; then
      (umask 077; echo "bench:$(head -c 32 /dev/urandom | base64)" > "$KEYFILE")
    fi
    DMP_CONTENT_KEYS="$(cat "$KEYFILE")"
    export DMP_CONTENT_KEYS
  fi
fi

ensure_jar
# the pipeline starts as bin/dmp-ingest starts it: with the class data sharing archive that `mvn package` records
# beside the jar (BENCH_CDS=0: without it)
LAUNCH=(-jar "$JAR")
if [[ "${BENCH_CDS:-1}" == 1 && -f "$ROOT/target/dmp-ingest.jsa" ]]; then
  LAUNCH=(-XX:SharedArchiveFile="$ROOT/target/dmp-ingest.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR")
fi
new_run run

# The run's working directory: feed files are the shipped ones with their drop and work folders pointed
# here (relative paths resolve against the working directory), and the job's default embedded data folder
# (var/db) is a fresh one here.
cd "$RUN"
mkdir jobs
for f in "$ROOT"/jobs/*.yml; do
  name="$(basename "$f" .yml)"
  sed -E -e "s#^drop:.*#drop: var/drop/$name#" -e "s#^work:.*#work: var#" "$f" > "jobs/$name.yml"
  mkdir -p "var/drop/$name"
done

if (( N > 0 )); then
  log "generating $N input files (seed $SEED) under $RUN/var/drop"
  java -jar "$JAR" generate --out var/drop --count "$N" --seed "$SEED" --mix "${BENCH_MIX:-hl7=70,pdf=20,cda=10}" > generate.json

  log "parse-only"
  loads="parse=$(load1)"
  java -Xmx"$XMX" -jar "$JAR" bench parse-only var/drop --jobs jobs > parse.json

  log "copy-only"
  loads="$loads,copy=$(load1)"
  java -Xmx"$XMX" -jar "$JAR" bench copy-only var/drop --jobs jobs --data-dir copy-db --rows copy-rows "${RESET[@]}" > copy.json
  rm -rf copy-rows copy-db copy-db.log
  if (( ${#RESET[@]} )); then
    java -jar "$JAR" bench reset-store --yes
  fi
  corpus=(--manifest var/drop/manifest.json --generate generate.json --parse parse.json --copy copy.json)
else
  # a nightly run starts on a store that exists: the first start (initdb, every migration) is not what it pays
  log "N = 0: the start alone, ingest --feed all on empty drop folders of an existing store (made first, not counted)"
  java -Xmx"$XMX" "${LAUNCH[@]}" ingest --feed all --quiet-period 0s --report reports-first > first.out 2>&1
  rm -rf reports-first
  loads=""
  corpus=()
fi

log "pipeline: java -Xmx$XMX ${LAUNCH[*]} ingest --feed all --quiet-period 0s"
loads="${loads:+$loads,}pipeline=$(load1)"
start=$(date +%s%N)
status=0
# the JVM's CPU (with initdb and pg_ctl, which it waits for) from its rusage; its PostgreSQL's, which pg_ctl
# detaches, sampled from /proc every 0.1 s until the JVM exits (what it does after the last sample is lost)
# N = 0: no --report, as a nightly run (a feed with nothing waiting then runs no job: --report asks for one)
REPORT=(--report reports)
if (( N == 0 )); then REPORT=(); fi
/usr/bin/time -f '%U %S' -o pipeline.time java -Xmx"$XMX" -Xlog:gc*:file=gc.log "${LAUNCH[@]}" ingest --feed all \
  --quiet-period 0s "${REPORT[@]}" > ingest.out &
pid=$!
pg=-1
while kill -0 "$pid" 2>/dev/null; do
  t=$(pg_cpu var/db)
  if [[ "$t" != -1 ]]; then pg=$t; fi
  sleep 0.1
done
wait "$pid" || status=$?
end=$(date +%s%N)
jvm=$(awk 'END { printf "%.2f", $1 + $2 }' pipeline.time 2>/dev/null || echo -1)
if (( status != 0 )); then
  log "the pipeline failed (exit $status): its figures below are partial and accountingOk is false"
fi
grep '^feed ' ingest.out | sed 's/^/bench: /' >&2 || true
warnings=$(grep -c ' WARN ' ingest.out || true)
log "the pipeline logged $warnings warning lines (ingest.out; BENCH_KEEP=1 keeps it)"
loads="$loads,end=$(load1)"
seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')

result="$(java -jar "$JAR" bench summary "${corpus[@]}" --reports reports --pipeline-seconds "$seconds" \
  --pipeline-exit "$status" --pipeline-cpu "$jvm" --pipeline-postgres-cpu "$pg" --gc-log gc.log --load-average "$loads")"
echo "$result" >> "$ROOT/var/bench/results.jsonl"
echo "$result"
exit "$status"
