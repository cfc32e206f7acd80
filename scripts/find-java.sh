# Sourced by the scripts in this folder: sets JAVA_HOME to a JDK 25 or newer.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders.

_java_major() {  # prints the feature version of the JDK at $1, or nothing
    local v=""
    if [ -r "$1/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
    elif [ -x "$1/bin/java" ]; then
        v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    printf '%s' "$v"
}

_java_ok() { [ -x "$1/bin/java" ] && [ "$(_java_major "$1")" -ge 25 ] 2>/dev/null; }

find_java() {
    local candidate
    if [ -n "${JAVA_HOME:-}" ] && _java_ok "$JAVA_HOME"; then
        return 0
    fi
    if command -v java >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        if _java_ok "$candidate"; then
            JAVA_HOME=$candidate; export JAVA_HOME; return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/*; do
        if [ -d "$candidate" ] && _java_ok "$candidate"; then
            JAVA_HOME=$candidate; export JAVA_HOME; return 0
        fi
    done
    echo "Error: supervisord needs a JDK 25 or newer; set JAVA_HOME to one" >&2
    return 1
}
