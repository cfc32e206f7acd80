# Sourced by the image scripts (client-image.sh, image.sh), with bash: where this machine's apt
# gets Debian from.
# The first enabled Debian source for the suite, from deb822 .sources files or one-line lists.
# Read at run time so that no mirror host is ever written into the repository.
apt_mirror() {
  local suite=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$suite" '
      function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && enabled != "no" && uri != "") { print uri; found = 1; exit } }
      /^[[:space:]]*$/ { flush(); types = suites = uri = enabled = ""; next }
      /^Types:/   { sub(/^Types:[[:space:]]*/, "");   types = $0 }
      /^Suites:/  { sub(/^Suites:[[:space:]]*/, "");  suites = $0 }
      /^URIs:/    { sub(/^URIs:[[:space:]]*/, "");    split($0, u, /[[:space:]]+/); uri = u[1] }
      /^Enabled:/ { sub(/^Enabled:[[:space:]]*/, ""); enabled = tolower($0) }
      END { if (!found) flush() }
    ' "$f" | head -1
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI suite components...
    sed -E 's/\[[^]]*\]//' "$f" | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }'
  done
}
