#!/usr/bin/env bash
# Builds the container image of the daemon: our supervisord as PID 1 on a minimal Debian.
#
#   scripts/image.sh --base        supervisord-base:bookworm only: a debootstrap minbase root
#                                  filesystem from the apt mirror this machine already uses (no
#                                  Python, no Java: what a minimal container has), `docker import`ed
#   scripts/image.sh DIST.tar.gz   supervisord:latest from dist/src/docker/Dockerfile: the base (built
#                                  first when missing) plus the distribution (dist/target/*.tar.gz)
#
# The base is reused when it exists (FORCE=1 rebuilds it); the image is built again each time,
# which takes seconds. Uses DOCKER_HOST as docker does.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
base=supervisord-base:bookworm
tag=${SUPERVISORD_IMAGE:-supervisord:latest}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

. "$here/apt-mirror.sh"

build_base() {
  if image_exists "$base" && [ -z "${FORCE:-}" ]; then echo "$base exists, reused"; return; fi
  command -v debootstrap >/dev/null || { echo "debootstrap not found (apt-get install debootstrap)" >&2; exit 1; }
  local mirror
  mirror=$(apt_mirror bookworm | head -1)
  [ -n "$mirror" ] || { echo "no apt source for bookworm found in /etc/apt" >&2; exit 1; }
  # Global, not local: the EXIT trap runs after this function has returned.
  root=$(mktemp -d "${TMPDIR:-/tmp}/supervisord-base-rootfs.XXXXXX")
  trap 'rm -rf "$root" "$root.log"' EXIT
  echo "debootstrap bookworm (minbase) ..."
  debootstrap --variant=minbase bookworm "$root" "$mirror" \
    >"$root.log" 2>&1 || { tail -30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
  rm -f "$root.log"
  # Nothing in the image may point at this machine's mirror; apt's caches are dead weight.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
    "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
  echo "docker import ..."
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/sh"]' \
    - "$base" >/dev/null
  echo "$base built"
}

build_image() {
  local dist=$1
  [ -f "$dist" ] || { echo "no distribution at $dist (mvn package -pl dist -am makes it)" >&2; exit 1; }
  build_base
  # The build context: the Dockerfile, the sample config and the distribution unpacked as
  # supervisord/ (COPY keeps the files' times, which the AOT cache checks the jars by).
  ctx=$(mktemp -d "${TMPDIR:-/tmp}/supervisord-image.XXXXXX")
  trap 'rm -rf "$ctx"' EXIT
  cp "$repo"/dist/src/docker/Dockerfile "$repo"/dist/src/docker/supervisord.conf "$ctx"/
  mkdir "$ctx/supervisord"
  tar -xzf "$dist" -C "$ctx/supervisord" --strip-components=1
  # The classic builder: it needs no buildx plugin and no network, and the Dockerfile has no RUN.
  # Quiet when it works (it warns that it is deprecated); everything when it does not.
  local out
  if ! out=$(DOCKER_BUILDKIT=0 docker build --build-arg BASE="$base" -t "$tag" "$ctx" 2>&1); then
    printf '%s\n' "$out" >&2
    exit 1
  fi
  echo "$tag built"
}

case "${1:-}" in
  --base) build_base ;;
  -*|"") echo "usage: $0 --base | $0 DIST.tar.gz" >&2; exit 2 ;;
  *) build_image "$1" ;;
esac
