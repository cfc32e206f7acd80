# Sourced by the scripts in bin/ once they have set $home, the distribution's root: how they start
# a Java program of the distribution. POSIX sh: a minimal container may have only dash.
# Never a system Java: the distribution's own runtime (runtime/, made by jlink for these jars).

java=$home/runtime/bin/java

# Every jar in lib/, in byte order. The AOT cache was recorded with exactly this class path
# (scripts/aot-train sources this file too), and a cache is only used with the class path it was
# made with; the subshell keeps LC_ALL to the sorting of the glob (bash as sh sorts by locale).
dist_classpath() {
    (
        LC_ALL=C
        cp=
        for jar in "$home"/lib/*.jar; do
            cp=${cp:+$cp:}$jar
        done
        printf '%s' "$cp"
    )
}

# The daemon's JVM flags: the argument file shared with scripts/supervisord (scripts/daemon-jvm.args).
daemon_jvm_args=$home/lib/daemon-jvm.args

# The JVM suspends threads with SIGUSR2 unless told otherwise, and SIGUSR2 is supervisord's "reopen
# the logs": a real-time signal instead, a variable the daemon is told is ours so that its programs
# do not inherit it (as scripts/daemon-jvm.sh does).
launcher_env_flag=
if [ -z "${_JAVA_SR_SIGNUM:-}" ]; then
    _JAVA_SR_SIGNUM=45
    export _JAVA_SR_SIGNUM
    launcher_env_flag=-Dsupervisord.launcherEnv=_JAVA_SR_SIGNUM
fi
