# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# torch's CPU build goes in before anything that pulls torch (else pip picks a ~5 GB CUDA
# build). Where the CPU wheel is not on a local index: TORCH_INDEX="--index-url
# https://download.pytorch.org/whl/cpu".
TORCH  ?= torch==2.13.0
TORCH_INDEX ?=
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH) $(TORCH_INDEX)
	$(BIN)/python -m pip install -q -e '.[dev,learn]'
	$(BIN)/python -m tacitus.learn.encoder   # the encoders' ONNX files, once per machine
	touch $(STAMP)

demo: install
	$(BIN)/tacitus demo examples --db sqlite:///tacitus.db

# Starts the services the tests need (PostgreSQL, headless Chromium), runs the whole
# suite, stops them. pytest's exit code 5 (no tests collected) fails like any other.
test: install
	scripts/services.sh start
	set -a; . ./.services.env; set +a; $(BIN)/python -m pytest; rc=$$?; \
	  scripts/services.sh stop; exit $$rc

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python bench/bench_coder.py

clean:
	rm -rf $(VENV) tacitus.db build *.egg-info src/*.egg-info
