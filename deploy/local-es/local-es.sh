#!/usr/bin/env bash
# A local Elasticsearch 8.14.3 node for newsflow development and tests:
# one JVM, started from the Maven project beside this script (no Docker).
#
#   local-es.sh start    build if needed, start in the background, wait for
#                        yellow health, print the URL as the last stdout line
#   local-es.sh stop     SIGTERM, then SIGKILL after 30 s
#   local-es.sh status   "running URL" + cluster health JSON (exit 0),
#                        "stopped" (exit 3), "starting ..." (exit 4)
#   local-es.sh url      print the URL
#   local-es.sh logs     tail the node log
#   local-es.sh build    (re)build the runner
#
# Environment:
#   NEWSFLOW_ES_PORT   HTTP port on 127.0.0.1 (default 9200); transport uses
#                      PORT+100..PORT+199
#   NEWSFLOW_ES_HOME   base dir for data, logs, pid file
#                      (default ${XDG_STATE_HOME:-$HOME/.local/state}/newsflow/local-es-$PORT)
#   NEWSFLOW_ES_HEAP   JVM heap, -Xms and -Xmx (default 1g)
#   NEWSFLOW_ES_CLEAN  1 = wipe the data dir before start (stops a running node first)
#   NEWSFLOW_ES_START_TIMEOUT  seconds to wait for health (default 180)
#   NEWSFLOW_ES_JAVA_OPTS      extra JVM options (space-separated); node
#                      settings can be passed as -Des.setting.NAME=VALUE
#   JAVA_HOME          if set, $JAVA_HOME/bin/java is used (Java 17+)
set -euo pipefail

SERVICE="local-es"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${NEWSFLOW_ES_PORT:-9200}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
    echo "local-es: NEWSFLOW_ES_PORT must be a port number, got '$PORT'" >&2
    exit 2
fi
BASE="${NEWSFLOW_ES_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/newsflow/local-es-$PORT}"
BASE="$(realpath -m -- "$BASE")"
HEAP="${NEWSFLOW_ES_HEAP:-1g}"
TIMEOUT="${NEWSFLOW_ES_START_TIMEOUT:-180}"
URL="http://127.0.0.1:$PORT"
MAIN_CLASS="dev.newsflow.esrunner.LocalElasticsearch"
TARGET="$HERE/target"
JAR="$TARGET/newsflow-local-es.jar"
CLASSPATH_FILE="$TARGET/classpath.txt"
BUILD_WHAT="the runner"
BUILD_SIZE="~80 MB"
PIDFILE="$BASE/local-es.pid"
# guards against pid reuse: our main class with our base dir
PID_MATCH="$MAIN_CLASS $BASE "
NODE_LOG="$BASE/logs/newsflow-local.log"
CONSOLE_LOG="$BASE/logs/console.log"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LOG_OFFSET=0

# log/die, locking, the Maven build, pid file, spawn, stop, usage
# shellcheck source-path=SCRIPTDIR source=../lib/jvm-service.sh
source "$HERE/../lib/jvm-service.sh"

# --- process helpers --------------------------------------------------------

healthy() {
    curl -sf --max-time 5 -o /dev/null "$URL/_cluster/health?wait_for_status=yellow&timeout=1s"
}

port_answers() {
    curl -s --max-time 2 -o /dev/null "$URL/" 2>/dev/null
}

# --- commands ---------------------------------------------------------------

start_failed() {
    log "$1"
    log "--- last lines of $CONSOLE_LOG:"
    tail -n 20 "$CONSOLE_LOG" >&2 2>/dev/null || true
    log "--- last lines of $NODE_LOG (this start):"
    tail -c "+$((LOG_OFFSET + 1))" "$NODE_LOG" 2>/dev/null | tail -n 40 >&2 || true
    exit 1
}

wait_healthy() {
    local pid="$1" deadline=$((SECONDS + TIMEOUT))
    while ((SECONDS < deadline)); do
        if healthy; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE"
            start_failed "the node (pid $pid) exited during startup"
        fi
        sleep 1
    done
    # don't leave a half-started node behind
    do_stop
    start_failed "no yellow cluster health at $URL after ${TIMEOUT}s"
}

do_start() {
    local pid
    if pid="$(running_pid)"; then
        if [[ "${NEWSFLOW_ES_CLEAN:-0}" == 1 ]]; then
            log "NEWSFLOW_ES_CLEAN=1: restarting with an empty data dir"
            do_stop
        else
            wait_healthy "$pid"
            echo "$URL"
            return 0
        fi
    fi
    rm -f "$PIDFILE"
    if port_answers; then
        die "something else already answers on $URL (not the node of $BASE); stop it or set NEWSFLOW_ES_PORT"
    fi

    build

    if [[ "${NEWSFLOW_ES_CLEAN:-0}" == 1 ]]; then
        log "NEWSFLOW_ES_CLEAN=1: wiping $BASE/data"
        rm -rf "$BASE/data"
    fi
    mkdir -p "$BASE/logs" "$BASE/tmp"
    # the node log is appended to: on failure, show only what this start wrote
    LOG_OFFSET="$(stat -c %s "$NODE_LOG" 2>/dev/null || echo 0)"

    # shellcheck disable=SC2054  # "SPI,COMPAT" is one argument
    local -a jvm_opts=(
        "-Xms$HEAP" "-Xmx$HEAP"
        -XX:+UseG1GC
        # a dead node is better than one stuck in GC thrash
        -XX:+ExitOnOutOfMemoryError
        "-Djava.io.tmpdir=$BASE/tmp"
        -Dfile.encoding=UTF-8
        # as in a stock node's launcher: date/time locale data (ES ships an
        # ISO-8601 CalendarDataProvider SPI), log4j hardening, Netty tuning
        -Djava.locale.providers=SPI,COMPAT
        -Dlog4j2.disable.jmx=true
        -Dlog4j2.formatMsgNoLookups=true
        -Dio.netty.noUnsafe=true
        -Dio.netty.noKeySetOptimization=true
        -Dio.netty.recycler.maxCapacityPerThread=0
        # our shutdown hook closes the node, then stops log4j itself; log4j's
        # own hook would stop logging before the node has finished closing
        -Dlog4j.shutdownHookEnabled=false
    )
    local -a extra_opts=()
    read -r -a extra_opts <<<"${NEWSFLOW_ES_JAVA_OPTS:-}"
    local cp
    cp="$JAR:$(<"$CLASSPATH_FILE")"

    log "starting Elasticsearch 8.14.3 on $URL (base dir $BASE, heap $HEAP)"
    spawn "$CONSOLE_LOG" "$JAVA" "${jvm_opts[@]}" "${extra_opts[@]}" -cp "$cp" "$MAIN_CLASS" "$BASE" "$PORT"
    pid="$(<"$PIDFILE")"
    wait_healthy "$pid"
    log "up (pid $pid)"
    echo "$URL"
}

cmd_status() {
    local pid
    if pid="$(running_pid)"; then
        local health
        if health="$(curl -sf --max-time 5 "$URL/_cluster/health")"; then
            echo "running $URL"
            echo "$health"
            return 0
        fi
        echo "starting $URL (pid $pid, not answering yet)"
        return 4
    fi
    echo "stopped"
    return 3
}

case "${1:-}" in
start) service_lock do_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) echo "$URL" ;;
logs) tail -n "${2:-100}" "$NODE_LOG" ;;
build) build ;;
-h | --help | help) usage ;;
*)
    usage
    exit 2
    ;;
esac
