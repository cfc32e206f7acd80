#!/usr/bin/env bash
# Builds the Docker image holding the real Python clients (supervisorctl, xmlrpc.client,
# supervisor's childutils) that the container test suites run.
#
#   scripts/client-image.sh          supervisor-clients:bookworm, offline: a Debian bookworm root
#                                    filesystem from the apt mirror this machine already uses
#                                    (debootstrap), turned into an image with `docker import`
#   scripts/client-image.sh --rich   supervisor-clients:pip, where a registry and a Python index are
#                                    reachable: python:3.11-slim-bookworm + pip install supervisor==4.2.5 superlance
#
# An image that already exists is reused; FORCE=1 rebuilds it. Uses DOCKER_HOST as docker does.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

. "$here/apt-mirror.sh"

build_bookworm() {
  local tag=supervisor-clients:bookworm
  if image_exists "$tag" && [ -z "${FORCE:-}" ]; then echo "$tag exists, reused"; return; fi
  command -v debootstrap >/dev/null || { echo "debootstrap not found (apt-get install debootstrap)" >&2; exit 1; }
  local mirror
  mirror=$(apt_mirror bookworm | head -1)
  [ -n "$mirror" ] || { echo "no apt source for bookworm found in /etc/apt" >&2; exit 1; }
  # Global, not local: the EXIT trap runs after this function has returned.
  root=$(mktemp -d "${TMPDIR:-/tmp}/supervisor-clients-rootfs.XXXXXX")
  trap 'rm -rf "$root" "$root.log"' EXIT
  echo "debootstrap bookworm (minbase + python3, supervisor) ..."
  debootstrap --variant=minbase --include=python3,supervisor bookworm "$root" "$mirror" \
    >"$root.log" 2>&1 || { tail -30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
  rm -f "$root.log"
  # Nothing in the image may point at this machine's mirror.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
  echo "docker import ..."
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["sleep", "infinity"]' \
    - "$tag" >/dev/null
  echo "$tag built"
}

build_rich() {
  local tag=supervisor-clients:pip
  if image_exists "$tag" && [ -z "${FORCE:-}" ]; then echo "$tag exists, reused"; return; fi
  docker build -t "$tag" "$repo/compat-tests/src/test/docker/rich"
  echo "$tag built"
}

case "${1:-}" in
  "") build_bookworm ;;
  --rich) build_rich ;;
  *) echo "usage: $0 [--rich]" >&2; exit 2 ;;
esac
