# Sourced by scripts/supervisord and scripts/aot-train: how the daemon's JVM is started, in one
# place, because an AOT cache is only used by a JVM with the class path and flags it was made with.

# The class path: the server jar, then its dependencies in a fixed (byte) order.
daemon_classpath() {  # daemon_classpath TARGET_DIR
    local target=$1 jar cp lib
    jar=$(LC_ALL=C ls "$target"/server-*.jar 2>/dev/null | grep -v -- '-sources' | head -n 1)
    cp=$jar
    while IFS= read -r lib; do cp="$cp:$lib"; done < <(LC_ALL=C ls "$target"/lib/*.jar)
    printf '%s' "$cp"
}

# The flags themselves are in daemon-jvm.args beside this file, shared with the distribution.
DAEMON_JVM_FLAGS=("@$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/daemon-jvm.args")

# The JVM suspends threads (for JFR's sampling, for one) with SIGUSR2 unless told otherwise, and
# SIGUSR2 is supervisord's "reopen the logs": give the JVM a real-time signal instead. The daemon
# is told the variable is ours, so that its programs do not inherit it. (The distribution's
# lib/launch.sh does the same in sh.)
if [ -z "${_JAVA_SR_SIGNUM:-}" ]; then
    export _JAVA_SR_SIGNUM=45
    DAEMON_JVM_FLAGS+=(-Dsupervisord.launcherEnv=_JAVA_SR_SIGNUM)
fi
