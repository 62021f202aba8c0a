# Sourced by scripts/image and scripts/kube-test: podman from Debian's packages, installed when missing, and
# this repository's containers.conf (unless CONTAINERS_CONF already names one).
need=()
for tool in podman runc netavark aardvark-dns iptables; do
  case "$tool" in
    netavark|aardvark-dns) [ -x "/usr/lib/podman/$tool" ] || command -v "$tool" >/dev/null || need+=("$tool") ;;
    *) command -v "$tool" >/dev/null || need+=("$tool") ;;
  esac
done
command -v curl >/dev/null || need+=(curl)
command -v strip >/dev/null || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/containers.conf}"

# A TCP port on 127.0.0.1 that was free a moment ago.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Milliseconds since the epoch.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Polls `curl -sf URL` until it answers 2xx or `timeout` seconds pass; prints the body.
wait_http() {
  local url=$1 timeout=${2:-30} deadline=$(( $(date +%s) + ${2:-30} ))
  until curl -sf -m 2 "$url"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no answer from $url within ${timeout}s" >&2; return 1; }
    sleep 0.02
  done
}

# Seconds (3 decimals) a GET of URL takes, body discarded; fails unless it answers 2xx.
time_get() { curl -sf -m 10 -o /dev/null -w '%{time_total}' "$1"; }

fail() { echo "FAIL: $*" >&2; exit 1; }
