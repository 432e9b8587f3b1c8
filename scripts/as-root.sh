# Sourced by the ensure-* scripts: runs a command as root (itself when root, else `sudo -n`), or stops
# with the caller's `die` when neither is possible.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}
