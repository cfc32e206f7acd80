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

# A small JVM: serial GC, small stacks, a heap capped low because the JVM keeps what it has
# grown to (1000 programs need about 20 MB of live heap). Both JIT compilers, the optimising one
# for the hot paths (an XML-RPC call, an event) once they are hot. -AOTReplayTraining: the AOT
# cache would otherwise have C2 compile at start-up everything the training run made hot, which
# keeps about 20 MB more resident for good and buys nothing a few seconds of use does not.
DAEMON_JVM_FLAGS=(
    -XX:+UseSerialGC -XX:CICompilerCount=2 -Xss256k -Xms8m -Xmx96m -XX:ReservedCodeCacheSize=32m
    -XX:TrimNativeHeapInterval=5000
    -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining
    --enable-native-access=ALL-UNNAMED
)

# The JVM suspends threads (for JFR's sampling, for one) with SIGUSR2 unless told otherwise, and
# SIGUSR2 is supervisord's "reopen the logs": give the JVM a real-time signal instead. The daemon
# is told the variable is ours, so that its programs do not inherit it.
if [ -z "${_JAVA_SR_SIGNUM:-}" ]; then
    export _JAVA_SR_SIGNUM=45
    DAEMON_JVM_FLAGS+=(-Dsupervisord.launcherEnv=_JAVA_SR_SIGNUM)
fi
