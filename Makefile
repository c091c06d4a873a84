# litetts developer tasks. `make install` then `make demo`; `make test` does both installs itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
LITETTS := $(VENV)/bin/litetts
STAMP  := $(VENV)/.installed

.PHONY: install models test demo bench clean help

help:
	@echo "make install  - create .venv, install litetts with dev extras, the default model and the 54 voices"
	@echo "make demo     - speak samples/demo.txt into demo.wav"
	@echo "make test     - install what is missing, then run the test suite"
	@echo "make bench    - run the default benchmark recipe into benchmarks/"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Idempotent: `models fetch` keeps what is installed and verified; the int8-gemm variant
# (2x faster, same arithmetic; docs/throughput.md) is converted once.
models: $(STAMP)
	$(LITETTS) models fetch
	@$(LITETTS) models path kokoro-v1.0-int8-int8-gemm >/dev/null 2>&1 || $(LITETTS) models convert int8-gemm

install: $(STAMP) models

test: install
	$(PY) -m pytest

demo: install
	$(LITETTS) synth samples/demo.txt -o demo.wav
	@echo "wrote demo.wav"

# A few minutes on a 2-core machine: our layouts vs kokoro-onnx, with Whisper WER.
bench: install
	$(LITETTS) benchmark recipes/default.toml --out benchmarks/ --peer kokoro-onnx --quality

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info demo.wav
