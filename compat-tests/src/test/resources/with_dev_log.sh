#!/bin/sh
# Runs a command in a mount namespace of its own whose /dev/log is the socket SOCKET, so that a
# daemon's syslog messages reach a test's receiver, whatever the machine's /dev/log is (or is not).
#   with_dev_log.sh SOCKET COMMAND [ARG...]      (needs root)
sock=$1
shift
exec unshare --mount --propagation private /bin/sh -ec '
  sock=$1; shift
  old=$(mktemp -d)
  mount --rbind /dev "$old"
  mount -t tmpfs -o mode=755 dev /dev
  for n in null zero full random urandom tty; do
    touch "/dev/$n"
    mount --bind "$old/$n" "/dev/$n"
  done
  mkdir /dev/pts /dev/shm
  mount --rbind "$old/pts" /dev/pts
  mount --rbind "$old/shm" /dev/shm
  ln -s /proc/self/fd /dev/fd
  ln -s /proc/self/fd/0 /dev/stdin
  ln -s /proc/self/fd/1 /dev/stdout
  ln -s /proc/self/fd/2 /dev/stderr
  ln -s "$sock" /dev/log
  umount -l "$old"
  rmdir "$old"
  exec "$@"' sh "$sock" "$@"
