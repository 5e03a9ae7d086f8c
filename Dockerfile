# kernelpilot in a container: the optional, stronger sandbox around evaluations on a GPU machine.
#
#   docker build -t kernelpilot .
#   docker run --rm --gpus all --network none --read-only --tmpfs /tmp:size=2g --pids-limit 512 \
#       -v "$PWD/my_softmax.py:/work/candidate.py:ro" kernelpilot eval softmax /work/candidate.py --json
#
# Inside, kernelpilot's own per-candidate isolation still applies where the container allows it
# (`kernelpilot doctor` lists what is available); the container adds no network, a read-only
# file system and a process limit around the whole judge.
ARG BASE=nvidia/cuda:12.6.3-devel-ubuntu24.04
FROM ${BASE}

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv python3-dev gcc \
    && rm -rf /var/lib/apt/lists/*

# the venv lives outside /tmp: the candidate's private tmpfs must not hide the Python installation
RUN python3 -m venv /opt/kernelpilot
ENV PATH=/opt/kernelpilot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    TRITON_CACHE_DIR=/tmp/triton-cache

WORKDIR /src
COPY pyproject.toml README.md ./
COPY kernelpilot ./kernelpilot
COPY agent ./agent
COPY sandbox ./sandbox
COPY tasks ./tasks
COPY prompts ./prompts
RUN pip install --no-cache-dir . cupy-cuda12x

WORKDIR /work
ENTRYPOINT ["kernelpilot"]
CMD ["doctor"]
