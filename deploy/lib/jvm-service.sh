# shellcheck shell=bash
# Shared by deploy/local-es/local-es.sh and deploy/flink-job-server/flink-job-server.sh:
# helpers for one JVM service built by the Maven project beside the calling script
# and run in the background, with a pid file and locks under its state dir.
# Sourced, not run; reads no environment variables of its own.
#
# The caller sets these before sourcing (the functions read them when called):
#   SERVICE         log prefix, e.g. "local-es"
#   HERE            the calling script's directory (holds pom.xml and src/)
#   BASE            state dir: pid file, service lock
#   TARGET, JAR     Maven's output dir, and the jar whose mtime marks the last build
#   CLASSPATH_FILE  optional: a classpath file the build writes beside the jar;
#                   empty = the jar is self-contained
#   BUILD_WHAT      what the build makes, for messages, e.g. "the runner"
#   BUILD_SIZE      the first build's download, for messages, e.g. "~80 MB"
#   PIDFILE         the service's pid file
#   PID_MATCH       a fixed string that only our service's command line contains
#
# Lock descriptors: 8 = service lock (start/stop), 9 = build lock. The service
# process must not inherit them (spawn closes them), or it would hold the locks.

# The script that sourced us, for usage(): its header comment is the help text.
JVMSVC_SCRIPT="${BASH_SOURCE[1]}"

log() { echo "$SERVICE: $*" >&2; }
die() { log "$*"; exit 1; }

# with_lock FD FILE CMD...: runs CMD holding an exclusive lock on FILE via file
# descriptor FD (if flock exists), so that concurrent starts/stops/builds
# (e.g. parallel test workers) don't race.
with_lock() {
    local fd="$1" lockfile="$2"
    shift 2
    mkdir -p "$(dirname "$lockfile")"
    if command -v flock >/dev/null 2>&1; then
        (
            eval "exec $fd>\"\$lockfile\""
            flock "$fd"
            "$@"
        )
    else
        "$@"
    fi
}

service_lock() { with_lock 8 "$BASE/.lock" "$@"; }

# --- build ------------------------------------------------------------------

# The jar, and the classpath file if there is one, exist.
have_build() { [[ -f "$JAR" ]] && [[ -z "${CLASSPATH_FILE:-}" || -f "$CLASSPATH_FILE" ]]; }

needs_build() {
    have_build || return 0
    # sources or pom changed since the last build
    [[ -z "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" -print -quit)" ]] || return 0
    # a dependency vanished from the local Maven repository
    if [[ -n "${CLASSPATH_FILE:-}" ]]; then
        local entry
        local IFS=:
        for entry in $(<"$CLASSPATH_FILE"); do
            [[ -f "$entry" ]] || return 0
        done
    fi
    return 1
}

do_build() {
    needs_build || return 0
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven 3) is needed to build $BUILD_WHAT"
    log "building $BUILD_WHAT with Maven (the first build downloads $BUILD_SIZE from Maven Central) ..."
    mkdir -p "$TARGET"
    local buildlog="$TARGET/build.log"
    if ! mvn -B -q -f "$HERE/pom.xml" package >"$buildlog" 2>&1; then
        tail -n 40 "$buildlog" >&2
        die "build failed; full log: $buildlog"
    fi
    have_build || die "build produced no $JAR${CLASSPATH_FILE:+ / $CLASSPATH_FILE}; see $buildlog"
    # mvn may keep the old jar's mtime when nothing changed: mark it fresh
    touch "$JAR"
}

build() { with_lock 9 "$TARGET/.build.lock" do_build; }

# --- process helpers --------------------------------------------------------

# The pid from the pid file, if that process is alive and is our service.
running_pid() {
    [[ -f "$PIDFILE" ]] || return 1
    local pid
    pid="$(<"$PIDFILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # guard against pid reuse: a recycled pid won't have our command line
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$PID_MATCH"* ]] || return 1
    echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# spawn LOGFILE CMD...: starts CMD in $BASE, detached, output to LOGFILE, and
# writes its pid to $PIDFILE.
spawn() {
    local logfile="$1"
    shift
    # setsid: own session, so the service survives the calling shell / terminal;
    # without job control, $! is the service itself (setsid and nohup exec).
    (
        cd "$BASE" || exit
        exec 8>&- 9>&-
        exec setsid nohup "$@" >"$logfile" 2>&1 </dev/null
    ) &
    echo "$!" >"$PIDFILE"
}

# --- commands ---------------------------------------------------------------

# wait_exit PID TRIES SECONDS: polls until PID is gone; fails if it outlives the tries.
wait_exit() {
    local pid="$1" tries="$2" pause="$3" i
    for ((i = 0; i < tries; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep "$pause"
    done
    ! kill -0 "$pid" 2>/dev/null
}

do_stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PIDFILE"
        log "not running"
        return 0
    fi
    log "stopping pid $pid ..."
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_exit "$pid" 60 0.5; then
        log "still alive after 30 s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_exit "$pid" 20 0.25 || true # its ports are only free once it is gone
    fi
    rm -f "$PIDFILE"
    log "stopped"
}

# No state dir means nothing was ever started: don't create one just to lock it.
cmd_stop() {
    if [[ -d "$BASE" ]]; then
        service_lock do_stop
    else
        log "not running"
    fi
}

usage() {
    sed -n '2,/^set -euo/p' "$JVMSVC_SCRIPT" | sed '$d; s/^# \{0,1\}//' >&2
}
