# Sourced by the bench scripts: the memory of a process and everything under it, and the
# desktop's stand-ins.

# The pids under $1, all the way down.
descendants() { for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }

# "RSS PSS PROCESSES": RSS and PSS (shared pages counted once) in MiB, summed over $1 and every
# process under it, and how many processes that is.
memory() {
  local rss=0 pss=0 n=0 p r s
  for p in $1 $(descendants "$1"); do
    read -r r s < <(awk '/^Rss:/ {r=$2} /^Pss:/ {s=$2} END {print r+0, s+0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo "0 0")
    rss=$((rss + r)); pss=$((pss + s)); n=$((n + 1))
  done
  echo "$((rss / 1024)) $((pss / 1024)) $n"
}

# The desktop's side, when the test helpers are installed: a notification server that shows
# nothing (a popup window would repaint over the app and cost CPU the app did not use) and a
# tray host. Each reads commands from a pipe in folder $1 that the caller holds open as fd 4;
# their pids are added to the caller's array `helpers`.
desktop_stand_ins() {
  local python=target/oracle-venv/bin/python role
  [ -x "$python" ] || return 0
  mkfifo "$1/helpers"
  for role in notifications tray; do
    "$python" tests/oracle/desktop_bus.py "$role" <"$1/helpers" >/dev/null & helpers+=($!)
  done
  exec 4>"$1/helpers"
  sleep 1
}
