#!/usr/bin/env bash
# bench/scale.sh [N]: the same generated corpus of N input files (default 20000) ingested by a remote run
# (ingest --feed all --remote) with 1, 2 and 3 worker processes of one thread each, against one PostgreSQL
# server and one RabbitMQ broker; prints one JSON line per setting (README, "Scaling out").
#
# Environment: BENCH_SEED, BENCH_MIX (as bench/run.sh), BENCH_XMX (heap of each JVM, default 512m),
# SCALE_WORKERS (default "1 2 3"), SCALE_PARTITIONS (default 48), SCALE_PIN (default 1: worker i pinned to core
# i-1 with taskset, see below; 0 unpinned), SCALE_PG (default
# jdbc:postgresql://127.0.0.1:5432; a fresh database dmp_scale_* is created per setting as user postgres and
# dropped after), spring.rabbitmq.* through SPRING_RABBITMQ_HOST/_PORT/_USERNAME/_PASSWORD (default
# 127.0.0.1:5672 guest). The PostgreSQL server must run on this machine for its CPU share (read in /proc).
set -euo pipefail

N="${1:-20000}"
SEED="${BENCH_SEED:-20261126}"
if [[ ! "$N" =~ ^[0-9]+$ ]] || (( N == 0 )); then
  echo "usage: bench/scale.sh [N]   (N input files, default 20000)" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PG="${SCALE_PG:-jdbc:postgresql://127.0.0.1:5432}"
PG_HOST_PORT="${PG#jdbc:postgresql://}"
PARTITIONS="${SCALE_PARTITIONS:-48}"
CORES=$(nproc)
# each worker process pinned to a core of its own (worker i to core i-1, modulo the cores), standing for a machine of
# its own: unpinned, every worker JVM's JIT compiler and reader thread spread over all cores, and one "one-thread"
# worker already keeps this 2-core machine 85-90 % busy. SCALE_PIN=0 leaves them to the scheduler.
PIN="${SCALE_PIN:-1}"
if [[ "$PIN" == 1 ]] && ! command -v taskset > /dev/null; then PIN=0; fi
TICKS=$(getconf CLK_TCK)

ensure_jar
new_run scale
cd "$RUN"
psql_admin() { psql -X -q -h "${PG_HOST_PORT%:*}" -p "${PG_HOST_PORT#*:}" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
# CPU ticks (user + system) of the given processes, 0 for one already gone
pid_ticks() {
  local t=0 p line
  for p in "$@"; do
    read -r line < "/proc/$p/stat" 2>/dev/null || continue
    set -- ${line#*) }
    t=$(( t + ${12} + ${13} ))
  done
  echo "$t"
}
# CPU ticks (user + system) of every process named postgres, children of the server included
pg_ticks() { pid_ticks $(pgrep -x postgres || true); }
# user + system CPU seconds of this shell's waited-for children (bash's times, second line) into variable $1; the
# builtin runs in this shell (a command substitution would fork and see none of them)
children_cpu() {
  times > "$RUN/.times"
  printf -v "$1" '%s' "$(tail -1 "$RUN/.times" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, m, "m"); sub("s", "", m[2]); s += m[1] * 60 + m[2] } printf "%.2f", s }')"
}
# busy and total ticks of the whole machine (/proc/stat: idle and iowait count as not busy)
machine_ticks() {
  local cpu user nice system idle iowait rest
  read -r cpu user nice system idle iowait rest < /proc/stat
  set -- $rest
  echo "$(( user + nice + system + $1 + $2 + ${3:-0} )) $(( user + nice + system + idle + iowait + $1 + $2 + ${3:-0} ))"
}

log "generating $N input files (seed $SEED)"
mkdir -p corpus
java -jar "$JAR" generate --out corpus --count "$N" --seed "$SEED" --mix "${BENCH_MIX:-hl7=70,pdf=20,cda=10}" > generate.json
rm -f corpus/manifest.json

export DMP_CONTENT_KEYS="k1:$(head -c 32 /dev/urandom | base64)"
export SPRING_DATASOURCE_USERNAME=dmp_ingest SPRING_FLYWAY_USER=postgres
first=""
for W in ${SCALE_WORKERS:-1 2 3}; do
  db="dmp_scale_$(date +%s)_$W"
  queue="dmp-scale-$db"
  psql_admin -c "CREATE DATABASE $db"
  export SPRING_DATASOURCE_URL="$PG/$db"
  dir="w$W"
  mkdir -p "$dir/jobs" "$dir/var/drop"
  for f in "$ROOT"/jobs/*.yml; do
    name="$(basename "$f" .yml)"
    sed -E -e "s#^drop:.*#drop: $RUN/$dir/var/drop/$name#" -e "s#^work:.*#work: $RUN/$dir/var#" "$f" > "$dir/jobs/$name.yml"
    mkdir -p "$dir/var/drop/$name"
  done
  cp -r --preserve=timestamps corpus/. "$dir/var/drop/"
  common=(--dmp.jobs-folder="$RUN/$dir/jobs" --dmp.remote.queue="$queue" --dmp.reports-folder="$RUN/$dir/reports")
  # through the launcher, as an operator runs them (class data sharing; the manager without C2)
  export DMP_JAVA_OPTS="-Xmx$XMX"
  (cd "$dir" && "$ROOT/bin/dmp-ingest" status "${common[@]}" > migrate.out 2>&1)
  pids=()
  for i in $(seq 1 "$W"); do
    pin=()
    if [[ "$PIN" == 1 ]]; then pin=(taskset -c "$(( (i - 1) % CORES ))"); fi
    (cd "$dir" && exec "${pin[@]}" "$ROOT/bin/dmp-ingest" worker "${common[@]}" --dmp.remote.worker-threads=1 > "worker-$i.out" 2>&1) &
    pids+=($!)
  done
  for i in $(seq 1 "$W"); do
    until grep -q "takes partitions" "$dir/worker-$i.out" 2>/dev/null; do sleep 0.2; done
  done
  log "$W worker(s): ingest --feed all --remote"
  pg0=$(pg_ticks)
  w0=$(pid_ticks "${pids[@]}")
  b0=$(pid_ticks $(pgrep -f beam.smp || true))
  children_cpu m0
  read -r busy0 all0 < <(machine_ticks)
  start=$(date +%s%N)
  status=0
  (cd "$dir" && "$ROOT/bin/dmp-ingest" ingest --feed all --remote --quiet-period 0s "${common[@]}" \
      --dmp.partitions="$PARTITIONS" --report reports > ingest.out 2>&1) || status=$?
  end=$(date +%s%N)
  pg1=$(pg_ticks)
  w1=$(pid_ticks "${pids[@]}")
  b1=$(pid_ticks $(pgrep -f beam.smp || true))
  children_cpu m1
  read -r busy1 all1 < <(machine_ticks)
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  grep '^feed .*job execution' "$dir/ingest.out" | sed 's/^/bench: /' >&2 || true
  # the reports are pretty-printed JSON ("key" : value)
  docs=$(cat "$dir"/reports/*.json | grep -o '"documentsStored" *: *[0-9]*' | grep -o '[0-9]*$' | paste -sd+ | bc)
  files=$(cat "$dir"/reports/*.json | grep -o '"files" *: *[0-9]*' | grep -o '[0-9]*$' | paste -sd+ | bc)
  line=$(awk -v w="$W" -v s="$start" -v e="$end" -v d="$docs" -v f="$files" -v n="$N" -v pg="$((pg1 - pg0))" -v wk="$((w1 - w0))" -v br="$((b1 - b0))" -v mg="$(echo "$m1 - $m0" | bc)" \
      -v pin="$PIN" -v busy="$((busy1 - busy0))" -v all="$((all1 - all0))" \
      -v hz="$TICKS" -v cores="$CORES" -v first="$first" -v st="$status" -v parts="$PARTITIONS" 'BEGIN {
    secs = (e - s) / 1e9; dps = d / secs; base = (first == "" ? dps : first);
    printf "{\"workers\":%d,\"n\":%d,\"files\":%d,\"documentsStored\":%d,\"seconds\":%.3f,\"docsPerSecond\":%.1f,", w, n, f, d, secs, dps
    printf "\"speedUp\":%.2f,\"efficiency\":%.2f,\"postgresCpuSeconds\":%.1f,\"postgresCpuShare\":%.3f,", dps / base, dps / base / w, pg / hz, pg / hz / (secs * cores)
    printf "\"workerCpuSeconds\":%.1f,\"managerCpuSeconds\":%.1f,\"brokerCpuSeconds\":%.1f,", wk / hz, mg, br / hz
    printf "\"machineBusyShare\":%.3f,", (all > 0 ? busy / all : 0)
    printf "\"cores\":%d,\"pinned\":%s,\"partitions\":%d,\"exit\":%d}\n", cores, (pin == 1 ? "true" : "false"), parts, st }')
  [[ -z "$first" ]] && first=$(echo "$line" | grep -o '"docsPerSecond":[0-9.]*' | cut -d: -f2)
  echo "$line" | tee -a "$ROOT/var/bench/scale.jsonl"
  psql_admin -c "DROP DATABASE $db WITH (FORCE)"
  if [[ "${BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$dir"; fi
done
