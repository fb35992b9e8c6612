#!/usr/bin/env bash
# bench/appcds.sh: a class data sharing archive (AppCDS) for the commands' start (issue 19: the start of
# `ingest --feed all` is mostly class loading). Extracts target/dmp-ingest.jar with Spring Boot's tools jar
# mode into var/app/ (CDS cannot read classes from a jar nested in a jar), then records the classes that
# `ingest --feed all` loads on empty drop folders (in a throw-away folder with its own embedded store) into
# var/app/dmp-ingest.jsa. Run it again after each build: a JVM given an archive of another jar warns and
# starts without it. Then:
#   java -XX:SharedArchiveFile=var/app/dmp-ingest.jsa -jar var/app/dmp-ingest.jar ingest --feed all
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_jar
APP="$ROOT/var/app"
rm -rf "$APP"
mkdir -p "$APP"
java -Djarmode=tools -jar "$JAR" extract --destination "$APP" > /dev/null
new_run cds
cd "$RUN"
mkdir jobs
for f in "$ROOT"/jobs/*.yml; do
  name="$(basename "$f" .yml)"
  sed -E -e "s#^drop:.*#drop: var/drop/$name#" -e "s#^work:.*#work: var#" "$f" > "jobs/$name.yml"
  mkdir -p "var/drop/$name"
done
log "recording the classes of ingest --feed all on empty drops into $APP/dmp-ingest.jsa"
java -XX:ArchiveClassesAtExit="$APP/dmp-ingest.jsa" -jar "$APP/dmp-ingest.jar" ingest --feed all --quiet-period 0s \
  > training.out 2>&1 || { cat training.out >&2; exit 1; }
log "done: java -XX:SharedArchiveFile=$APP/dmp-ingest.jsa -jar $APP/dmp-ingest.jar ..."
