# kernelpilot in a container: the optional, stronger sandbox around evaluations (`kernelpilot eval --sandbox
# docker`), and a way to run kernelpilot on a GPU machine.
#
#   docker build -t kernelpilot .                   # a CUDA base image from a registry
#   docker run --rm --gpus all kernelpilot          # `kernelpilot doctor`: what the container can do
#   docker run --rm --gpus all --network none --read-only --tmpfs /tmp:size=2g --pids-limit 1280 \
#       -v "$PWD/my_softmax.py:/work/candidate.py:ro" kernelpilot eval softmax /work/candidate.py --json
#
# Without an image registry (a machine that reaches only a package index): scripts/build_local_image.sh builds a
# Debian base from the package mirror and this file on it (BASE=kernelpilot-base:bookworm, APT_PACKAGES="").
#
# Build arguments:
#   BASE          the base image (default a CUDA 12 devel image: nvcc for load_inline candidates)
#   APT_PACKAGES  system packages to install with apt; empty when the base brings Python 3 with venv already
#   TORCH_SPEC    the torch requirement, installed first (e.g. torch==2.13.0)
#   TORCH_INDEX   the index torch comes from (e.g. https://download.pytorch.org/whl/cu126); empty: pip's own
#   EXTRAS        kernelpilot's extras (cuda: CuPy for CUDA 12; cuda13: for CUDA 13)
#   PIP_ARGS      extra pip options for every install (a local build passes the host's indexes)
#
# Inside, kernelpilot's own per-candidate isolation still applies where the container allows it
# (`kernelpilot doctor` lists what is available); the container adds no network, a read-only file system, a
# non-root user and memory and process limits around the whole judge.
ARG BASE=nvidia/cuda:12.6.3-devel-ubuntu24.04
FROM ${BASE}

ARG APT_PACKAGES="python3 python3-venv python3-dev gcc"
RUN if [ -n "$APT_PACKAGES" ]; then \
        apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $APT_PACKAGES \
        && rm -rf /var/lib/apt/lists/*; \
    fi

# the venv lives outside /tmp: the private tmpfs there must not hide the Python installation
RUN python3 -m venv /opt/kernelpilot
ENV PATH=/opt/kernelpilot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp \
    TRITON_CACHE_DIR=/tmp/triton-cache

ARG PIP_ARGS=""
ARG TORCH_SPEC=torch
ARG TORCH_INDEX=""
RUN pip install --no-cache-dir $PIP_ARGS ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} "$TORCH_SPEC" \
    && python -c "import torch; print('torch', torch.__version__, 'CUDA', torch.version.cuda)"

# the dependencies in a layer of their own (from pyproject.toml), so that a change of the sources reinstalls
# only kernelpilot itself
ARG EXTRAS=cuda
WORKDIR /src
COPY pyproject.toml ./
RUN python -c "import sys, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
extras = [e for e in sys.argv[1].split(',') if e]; \
print('\n'.join(p['dependencies'] + [d for e in extras for d in p['optional-dependencies'][e]]))" "$EXTRAS" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir $PIP_ARGS -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY README.md ./
COPY package ./package
COPY agent ./agent
COPY sandbox ./sandbox
COPY tasks ./tasks
COPY prompts ./prompts
RUN pip install --no-cache-dir $PIP_ARGS ".[${EXTRAS}]" \
    && rm -rf /src/build /src/*.egg-info

# not root: nobody (uid 65534); it reads the installation and writes only to /tmp
USER 65534:65534
WORKDIR /tmp
ENTRYPOINT ["kernelpilot"]
CMD ["doctor"]
