#!/usr/bin/env bash
# Build the kernelpilot image on a machine without an image registry, then run `kernelpilot eval` in it on the CPU.
#
#   bash scripts/build_local_image.sh [--keep-engine]
#
# 1. A Docker engine: the one DOCKER_HOST names (or /var/run/docker.sock) if it answers; else a private dockerd
#    (state in $CACHE/engine, socket $CACHE/docker.sock, no bridge, no iptables), stopped again at the end
#    unless --keep-engine is given.
# 2. pip in the build uses the host's package indexes: remote ones as they are (the build shares the host's
#    network), local folders (file:// indexes, --find-links folders) served to it on loopback for the build.
# 3. A base image, kernelpilot-base:bookworm: a minimal Debian bookworm root with python3 and python3-venv made
#    by debootstrap from the Debian package mirror (DEBIAN_MIRROR), cached as a tarball and `docker import`ed,
#    plus the certificate authorities the host's pip trusts (its `cert` setting), for a proxy of the index.
# 4. The image ($KERNELPILOT_DOCKER_IMAGE, default kernelpilot:latest): this repository's Dockerfile on that base.
# 5. `kernelpilot eval softmax <its reference solution> --device cpu --json` in the image, with the limits of
#    `--sandbox docker` (no network, read-only root, uid 65534, memory and pids limits, tmpfs /tmp).
#
# Needs root (dockerd, debootstrap). Environment: KERNELPILOT_DOCKER_CACHE (default ~/.cache/kernelpilot/docker),
# KERNELPILOT_DOCKER_IMAGE, TORCH_VERSION (default 2.13.0: on a CPU index that is the CPU build), DEBIAN_MIRROR.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${KERNELPILOT_DOCKER_CACHE:-$HOME/.cache/kernelpilot/docker}
IMAGE=${KERNELPILOT_DOCKER_IMAGE:-kernelpilot:latest}
BASE_IMAGE=kernelpilot-base:bookworm
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
KEEP_ENGINE=0
[ "${1:-}" = "--keep-engine" ] && KEEP_ENGINE=1
PY=python3
[ -x "$ROOT/.venv/bin/python" ] && PY="$ROOT/.venv/bin/python"
export DOCKER_BUILDKIT=0  # the classic builder: no buildx plugin needed, and --network host for pip
mkdir -p "$CACHE"
say() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }
die() { say "error: $*"; exit 1; }
t_start=$(date +%s)

# -- 1. engine ---------------------------------------------------------------------------------------------------
STARTED_PID=""
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    if [ -n "$STARTED_PID" ] && [ "$KEEP_ENGINE" = 0 ]; then
        kill "$STARTED_PID" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$STARTED_PID" 2>/dev/null || break; sleep 0.5; done
    fi
}
trap cleanup EXIT

if [ -n "${DOCKER_HOST:-}" ] && docker version >/dev/null 2>&1; then
    say "engine: $DOCKER_HOST"
elif [ -S /var/run/docker.sock ] && docker -H unix:///var/run/docker.sock version >/dev/null 2>&1; then
    export DOCKER_HOST=unix:///var/run/docker.sock
    say "engine: $DOCKER_HOST"
elif docker -H "unix://$CACHE/docker.sock" version >/dev/null 2>&1; then
    export DOCKER_HOST="unix://$CACHE/docker.sock"
    say "engine: $DOCKER_HOST (already running)"
else
    command -v dockerd >/dev/null || die "no Docker engine answers and dockerd is not installed (apt-get install docker.io)"
    EXEC_ROOT=/tmp/kernelpilot-dockerd-$(id -u)  # short: the engine puts sockets under it
    mkdir -p "$CACHE/engine" "$EXEC_ROOT"
    dockerd --data-root "$CACHE/engine" --exec-root "$EXEC_ROOT" --pidfile "$CACHE/dockerd.pid" \
        -H "unix://$CACHE/docker.sock" --bridge=none --iptables=false --ip6tables=false \
        >"$CACHE/dockerd.log" 2>&1 &
    STARTED_PID=$!
    export DOCKER_HOST="unix://$CACHE/docker.sock"
    for _ in $(seq 120); do docker version >/dev/null 2>&1 && break; sleep 0.5; done
    docker version >/dev/null 2>&1 || die "dockerd did not answer within 60 s (see $CACHE/dockerd.log)"
    say "engine: a private dockerd on $DOCKER_HOST, up after $(( $(date +%s) - t_start )) s"
fi

# -- 2. pip in the build --------------------------------------------------------------------------------------------------
# pip's configuration on the host, as options for pip in the build; local folders are served on loopback
# while the build runs
PIP_CFG=$(mktemp -d)
"$PY" - "$PIP_CFG" <<'PYEOF' &
import functools, http.server, os, shlex, subprocess, sys, urllib.parse

out = sys.argv[1]
listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
conf = {}
for line in listed.splitlines():  # e.g. global.find-links='/opt/wheels'
    key, _, value = line.partition("=")
    conf[key.split(".", 1)[-1]] = value.strip("'\"")
for name in ("index-url", "extra-index-url", "find-links", "cert"):  # the environment wins, as for pip itself
    env = os.environ.get("PIP_" + name.upper().replace("-", "_"))
    if env:
        conf[name] = env
roots, args = set(), []
try:  # one port from build to build: the pip options are part of the build cache's key
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("KERNELPILOT_PIP_PORT", "38471"))), None)
except OSError:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
for name in ("index-url", "extra-index-url", "find-links"):
    for value in conf.get(name, "").split():
        path = urllib.parse.urlparse(value).path if value.startswith("file:") else value if value.startswith("/") else None
        if path is not None:
            if not os.path.isdir(path):
                continue
            roots.add(os.path.dirname(path.rstrip("/")))  # an index links to ../../files: its parent is served
            value = f"http://127.0.0.1:{server.server_address[1]}{path.rstrip('/')}/"
        args += [f"--{name}", value]
args += ["--trusted-host", "127.0.0.1"] if roots else []


class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):  # only under the configured folders' parents
        real = os.path.realpath(urllib.parse.unquote(urllib.parse.urlparse(path).path))
        return real if any(real == r or real.startswith(r + "/") for r in roots) else "/nonexistent"

    def log_message(self, *a):
        pass


server.RequestHandlerClass = functools.partial(Handler, directory="/")
with open(out + "/cert", "w") as f:
    f.write(conf.get("cert", ""))
with open(out + "/args.tmp", "w") as f:
    f.write(shlex.join(args))
os.rename(out + "/args.tmp", out + "/args")
server.serve_forever()
PYEOF
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$PIP_CFG/args" ] && break; sleep 0.1; done
[ -s "$PIP_CFG/args" ] || die "could not read pip's configuration"
PIP_ARGS=$(cat "$PIP_CFG/args")
PIP_CA=$(cat "$PIP_CFG/cert")
rm -rf "$PIP_CFG"

# -- 3. base image -----------------------------------------------------------------------------------------------
RAW_IMAGE=kernelpilot-base:bookworm-debootstrap
if ! docker image inspect "$RAW_IMAGE" >/dev/null 2>&1; then
    TAR="$CACHE/bookworm-python3.tar"
    if [ ! -s "$TAR" ]; then
        ROOTFS="$CACHE/rootfs.tmp"
        if [ ! -e "$ROOTFS/.complete" ]; then
            command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
            rm -rf "$ROOTFS"
            say "base: debootstrap bookworm (minbase, python3, python3-venv) from $DEBIAN_MIRROR"
            debootstrap --variant=minbase --include=python3,python3-venv bookworm "$ROOTFS" "$DEBIAN_MIRROR" \
                >"$CACHE/debootstrap.log" 2>&1 || die "debootstrap failed (see $CACHE/debootstrap.log)"
            touch "$ROOTFS/.complete"
        fi
        rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
        tar -C "$ROOTFS" --exclude=./.complete -cf "$TAR.part" . && mv "$TAR.part" "$TAR"
        rm -rf "$ROOTFS"
    fi
    say "base: docker import $TAR as $RAW_IMAGE"
    docker import --change 'CMD ["/bin/bash"]' "$TAR" "$RAW_IMAGE" >/dev/null
fi
# the certificate authorities pip trusts on the host (a proxy of the package index may need them), in a layer
BASE_CTX=$(mktemp -d)
printf 'FROM %s\n' "$RAW_IMAGE" >"$BASE_CTX/Dockerfile"
if [ -n "$PIP_CA" ] && [ -f "$PIP_CA" ]; then
    cp "$PIP_CA" "$BASE_CTX/host-ca.crt"
    printf 'COPY host-ca.crt /etc/ssl/certs/kernelpilot-host-ca.crt\n' >>"$BASE_CTX/Dockerfile"
    PIP_ARGS="$PIP_ARGS --cert /etc/ssl/certs/kernelpilot-host-ca.crt"
fi
docker build -q -t "$BASE_IMAGE" "$BASE_CTX" >/dev/null || die "could not build $BASE_IMAGE"
rm -rf "$BASE_CTX"

# -- 4. the image --------------------------------------------------------------------------------------------------
say "image: docker build $IMAGE on $BASE_IMAGE (torch==$TORCH_VERSION; pip options: $PIP_ARGS)"
t_build=$(date +%s)
docker build --network host -t "$IMAGE" \
    --build-arg BASE="$BASE_IMAGE" --build-arg APT_PACKAGES= \
    --build-arg TORCH_SPEC="torch==$TORCH_VERSION" --build-arg PIP_ARGS="$PIP_ARGS" \
    "$ROOT" >"$CACHE/build.log" 2>&1 || { tail -30 "$CACHE/build.log" >&2; die "docker build failed (see $CACHE/build.log)"; }
kill "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
say "image: built in $(( $(date +%s) - t_build )) s; $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.2f GB", $1/1e9}')"

# -- 5. one evaluation in it, on the CPU ---------------------------------------------------------------------------
t_eval=$(date +%s)
set +e
docker run --rm --network none --read-only --user 65534:65534 --cap-drop ALL --security-opt no-new-privileges \
    --memory 6g --memory-swap 6g --pids-limit 1280 --tmpfs /tmp:rw,nosuid,nodev,size=1024m,mode=1777 \
    -v "$ROOT/tasks/core/solutions/softmax_triton.py:/kp/in/candidate.py:ro" \
    "$IMAGE" eval softmax /kp/in/candidate.py --device cpu --trials 1 --json >"$CACHE/eval.json"
rc=$?
set -e
"$PY" -c "import json, sys; r = json.load(open(sys.argv[1])); print('eval in the container:', r['verdict'], r['check'] or '-', '|', r['device'], '|', ', '.join(r['isolation']))" "$CACHE/eval.json" >&2 \
    || die "the evaluation in the container printed no result (exit $rc)"
say "eval: exit $rc in $(( $(date +%s) - t_eval )) s; all done in $(( $(date +%s) - t_start )) s"
[ "$KEEP_ENGINE" = 1 ] && [ -n "$STARTED_PID" ] && say "the engine stays up: export DOCKER_HOST=$DOCKER_HOST"
say "now: kernelpilot eval TASK CANDIDATE --sandbox docker --docker-image $IMAGE (pip install 'kernelpilot[docker]')"
[ "$rc" = 0 ]
