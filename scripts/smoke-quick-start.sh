#!/usr/bin/env bash
# The README's quick start, checked from a fresh clone of this checkout's HEAD: `npm install && npm start`
# with nothing but ORQUESTA_ADMIN_TOKEN and PORT set, then a greeting to each demo tenant through the test
# endpoint (answered 200 with intent "saludo"), the web chat demo pages and the agent inbox, then a clean
# stop and the SQLite file in ./data.
#
#   scripts/smoke-quick-start.sh          # KEEP_SMOKE_DIR=1 keeps the clone for inspection
#
# SMOKE_NODE_MODULES_FROM=<dir>/node_modules starts the clone with those installed dependencies (hard
# links, or a copy), so `npm install` only checks them against the lockfile instead of building the
# native ones again: CI sets it to its own fresh `npm ci`, which already proved the install.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tenants=(clinica autos isp)
token="smoke-$RANDOM$RANDOM"
ready_seconds="${SMOKE_READY_SECONDS:-600}"

log() { printf '[smoke] %s\n' "$*"; }
die() {
  printf '[smoke] error: %s\n' "$*" >&2
  if [ -n "${server_log:-}" ] && [ -f "$server_log" ]; then
    printf '[smoke] --- last lines of the server output ---\n' >&2
    tail -n 40 "$server_log" >&2
  fi
  exit 1
}

for tool in git node npm curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/orquesta-smoke.XXXXXX")"
clone="$work/orquesta"
server_log="$work/server.log"
server_pid=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  # npm start runs in a session of its own (setsid): signal the whole group, npm and node alike.
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 -- "-$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 -- "-$server_pid" 2>/dev/null; then
    log "the server did not stop within 10 s of SIGTERM; killing it"
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    server_pid=""
    return 1
  fi
  server_pid=""
}

cleanup() {
  stop_server || true
  if [ "${KEEP_SMOKE_DIR:-}" = 1 ]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

head_commit="$(git -C "$repo_root" rev-parse HEAD)"
log "cloning $repo_root at $head_commit into $clone"
git clone --quiet --no-checkout "$repo_root" "$clone"
git -C "$clone" -c advice.detachedHead=false checkout --quiet --detach "$head_commit"
cd "$clone"
if [ -n "${SMOKE_NODE_MODULES_FROM:-}" ]; then
  [ -d "$SMOKE_NODE_MODULES_FROM" ] || die "SMOKE_NODE_MODULES_FROM=$SMOKE_NODE_MODULES_FROM is not a folder"
  cp -al "$SMOKE_NODE_MODULES_FROM" node_modules 2>/dev/null || cp -a "$SMOKE_NODE_MODULES_FROM" node_modules
  log "dependencies taken from $SMOKE_NODE_MODULES_FROM"
fi

port="$(node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });")"

# Exactly the README's commands, in an environment that holds nothing Orquesta reads but the two we set.
log "npm install && npm start   (PORT=$port)"
install_started=$SECONDS
env -u DATABASE_URL -u ORQUESTA_CONFIG -u ORQUESTA_DEBOUNCE_MS -u ORQUESTA_LEASE_MS -u ORQUESTA_POLL_MS \
  -u ORQUESTA_FAULT_DELAY_BEFORE_COMMIT_MS -u LOG_LEVEL -u HOST \
  ORQUESTA_ADMIN_TOKEN="$token" PORT="$port" \
  setsid bash -c 'npm install && exec npm start' >"$server_log" 2>&1 </dev/null &
server_pid=$!

deadline=$((SECONDS + ready_seconds))
until curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || die "npm install && npm start exited before the server was ready"
  [ "$SECONDS" -lt "$deadline" ] || die "/ready did not answer 200 within ${ready_seconds} s (npm install included)"
  sleep 0.5
done
log "ready after $((SECONDS - install_started)) s (npm install included)"

for tenant in "${tenants[@]}"; do
  started_ms="$(date +%s%3N)"
  response="$(curl -sS -w '\n%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/tenants/$tenant/test/messages" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"from":"573001234567","text":"hola"}')"
  elapsed_ms=$(($(date +%s%3N) - started_ms))
  status="${response##*$'\n'}"
  body="${response%$'\n'*}"
  [ "$status" = 200 ] || die "$tenant answered HTTP $status: $body"
  reply="$(
    BODY="$body" node -e '
      const body = JSON.parse(process.env.BODY);
      const text = body.replies?.[0]?.text;
      if (body.turn?.intent !== "saludo" || typeof text !== "string" || text === "") {
        console.error(`expected a greeting (intent saludo) with a reply, got ${JSON.stringify(body)}`);
        process.exit(1);
      }
      console.log(text);
    '
  )" || die "$tenant did not answer the greeting: $body"
  log "$tenant answered in ${elapsed_ms} ms: $reply"
done

for tenant in "${tenants[@]}"; do
  page="$(curl -fsS "http://127.0.0.1:$port/demo/$tenant")" || die "/demo/$tenant did not answer 200"
  case "$page" in
    *'widget.js'*"data-tenant=\"$tenant\""* | *"data-tenant=\"$tenant\""*'widget.js'*) ;;
    *) die "/demo/$tenant does not embed the widget for $tenant" ;;
  esac
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/widget.js" || die "/widget.js did not answer 200"
curl -fsS -o /dev/null "http://127.0.0.1:$port/dashboard/" || die "/dashboard/ did not answer 200"
log "demo pages with the widget, /widget.js and /dashboard/ are served"

log "stopping the server (SIGTERM)"
stop_server || die "the server did not stop on SIGTERM"
[ -s "$clone/data/orquesta.db" ] || die "./data/orquesta.db was not created in the clone"
log "./data/orquesta.db created ($(wc -c <"$clone/data/orquesta.db") bytes)"
if grep -q '"level":[56]0' "$server_log"; then
  die "the server logged errors"
fi
log "quick start OK"
