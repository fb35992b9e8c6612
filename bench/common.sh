# Sourced by bench/run.sh and bench/large.sh: the jar, the log prefix, and a run folder under var/bench
# that is removed at exit unless BENCH_KEEP=1.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# what a benchmark writes under var/bench (generated drop folders, logs, results) is its owner's alone, as the
# job's own files are: synthetic, but shaped like health data (`find var -perm /o+r` finds nothing)
umask 077
JAR="$ROOT/target/dmp-ingest.jar"
XMX="${BENCH_XMX:-512m}"
log() { echo "bench: $*" >&2; }

ensure_jar() {
  if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$ROOT" && mvn -B -q -DskipTests package)
  fi
}

# new_run PREFIX: sets RUN to a fresh folder var/bench/PREFIX-XXXXXX, cleaned up at exit
new_run() {
  mkdir -p "$ROOT/var/bench"
  # results files of benchmarks run before the umask above; a run that ends beside this one removes its folder
  # meanwhile, and a file gone is no error
  find "$ROOT/var/bench" -mindepth 1 -perm /go+rwx -exec chmod go-rwx {} + 2> /dev/null || true
  RUN="$(mktemp -d "$ROOT/var/bench/$1-XXXXXX")"
  trap 'if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept $RUN"; else rm -rf "$RUN"; fi' EXIT
}
