# Sourced by the bench scripts: the memory of a process and everything under it.

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
