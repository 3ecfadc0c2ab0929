#!/usr/bin/env bash
# Beam's Flink job server (Beam 2.62.0, Flink 1.19) for running newsflow on Flink
# locally and in tests: one JVM, assembled by Maven from Maven Central (no Docker,
# no prebuilt job-server jar: see README.md beside this script for why).
#
#   flink-job-server.sh build    build target/newsflow-flink-job-server.jar if needed
#   flink-job-server.sh jar      build if needed, print the jar's path (for
#                                `--runner FlinkRunner --flink_job_server_jar JAR`)
#   flink-job-server.sh start    build if needed, start in the background with an
#                                embedded Flink cluster (--flink-master=[local]),
#                                wait until the job port accepts connections,
#                                print the job endpoint as the last stdout line
#   flink-job-server.sh stop     SIGTERM, then SIGKILL after 30 s
#   flink-job-server.sh status   "running ENDPOINT" (exit 0) or "stopped" (exit 3)
#
# Environment:
#   NEWSFLOW_FLINK_JOB_PORT    job service port on 127.0.0.1 (default 8099); the
#                              artifact service uses PORT-1 and the expansion
#                              service PORT-2, as Beam's defaults do
#   NEWSFLOW_FLINK_MASTER      Flink master (default [local]: an embedded cluster;
#                              host:port submits to a running Flink cluster)
#   NEWSFLOW_FLINK_HOME        state dir: pid file, logs, staged artifacts
#                              (default ${XDG_STATE_HOME:-$HOME/.local/state}/newsflow/flink-$PORT)
#   NEWSFLOW_FLINK_HEAP        JVM heap (default 1g)
#   NEWSFLOW_FLINK_START_TIMEOUT  seconds to wait for the job port (default 120)
#   JAVA_HOME                  if set, $JAVA_HOME/bin/java is used (Java 17)
set -euo pipefail

SERVICE="flink-job-server"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${NEWSFLOW_FLINK_JOB_PORT:-8099}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 3 || PORT > 65535)); then
    echo "flink-job-server: NEWSFLOW_FLINK_JOB_PORT must be a port number, got '$PORT'" >&2
    exit 2
fi
MASTER="${NEWSFLOW_FLINK_MASTER:-[local]}"
BASE="${NEWSFLOW_FLINK_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/newsflow/flink-$PORT}"
BASE="$(realpath -m -- "$BASE")"
HEAP="${NEWSFLOW_FLINK_HEAP:-1g}"
TIMEOUT="${NEWSFLOW_FLINK_START_TIMEOUT:-120}"
TARGET="$HERE/target"
JAR="$TARGET/newsflow-flink-job-server.jar"
BUILD_WHAT="the job server"
BUILD_SIZE="~150 MB"
PIDFILE="$BASE/job-server.pid"
# guards against pid reuse: our jar with our state dir
PID_MATCH="--artifacts-dir $BASE/artifacts"
LOG="$BASE/job-server.log"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# log/die, locking, the Maven build, pid file, port_open, spawn, stop, usage
# shellcheck source-path=SCRIPTDIR source=../lib/jvm-service.sh
source "$HERE/../lib/jvm-service.sh"

do_start() {
    local pid
    if pid="$(running_pid)"; then
        echo "localhost:$PORT"
        return 0
    fi
    rm -f "$PIDFILE"
    local p
    for p in "$PORT" $((PORT - 1)) $((PORT - 2)); do
        port_open "$p" && die "port $p is already in use; set NEWSFLOW_FLINK_JOB_PORT"
    done
    build
    mkdir -p "$BASE/artifacts" "$BASE/tmp"
    log "starting Beam's Flink job server (Flink master $MASTER) on localhost:$PORT"
    spawn "$LOG" "$JAVA" "-Xmx$HEAP" "-Djava.io.tmpdir=$BASE/tmp" -jar "$JAR" \
        --flink-master="$MASTER" --job-host=127.0.0.1 --job-port="$PORT" \
        --artifact-port=$((PORT - 1)) --expansion-port=$((PORT - 2)) \
        --artifacts-dir "$BASE/artifacts"
    pid="$(<"$PIDFILE")"
    local deadline=$((SECONDS + TIMEOUT))
    until port_open "$PORT"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE"
            tail -n 30 "$LOG" >&2 || true
            die "the job server (pid $pid) exited during startup; log: $LOG"
        fi
        if ((SECONDS >= deadline)); then
            do_stop
            die "job port $PORT not open after ${TIMEOUT}s; log: $LOG"
        fi
        sleep 0.5
    done
    log "up (pid $pid)"
    echo "localhost:$PORT"
}

cmd_status() {
    if running_pid >/dev/null && port_open "$PORT"; then
        echo "running localhost:$PORT"
        return 0
    fi
    echo "stopped"
    return 3
}

case "${1:-}" in
build) build ;;
jar)
    build
    echo "$JAR"
    ;;
start) service_lock do_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
-h | --help | help) usage ;;
*)
    usage
    exit 2
    ;;
esac
