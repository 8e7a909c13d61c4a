# MetaLab — the two commands a user needs are `make run` and `make test`.
# Both first make sure the system packages the project links are present.

SWIFT    ?= swift
# Debian packages the build links against (readline for the shell, cmark for lessons,
# zlib for the PNG images of raster plots).
SYSTEM_PACKAGES := libreadline-dev libcmark-dev zlib1g-dev
# Packages only the tests need (tmux drives the real binary in the end-to-end test).
TEST_PACKAGES := tmux
RELEASE  := .build/release
# A second build for x86-64-v3 (AVX2 + FMA, 16 vector registers: what a CPU without AVX-512 runs);
# the compiler does not take x86-64-v3 as -target-cpu, haswell is the same feature set.
V3_BUILD := .build-x86-64-v3
# The suites that exercise the product kernels, re-run once per kernel path (Tensors/KernelPath.swift).
KERNEL_SUITES := TensorsTests|AutodiffTests|MetaLearningTests

.PHONY: run test test-kernels bench bench-x86-64-v3 lint deps test-deps install-packages build clean

## deps: install missing system packages (apt-get as root, otherwise print the command)
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(SYSTEM_PACKAGES)"

## test-deps: the system packages plus those only the tests use
test-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "MetaLab needs these Debian/Ubuntu packages (or your system's equivalent):$$missing" >&2; exit 1; \
	  elif [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing ..."; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "MetaLab needs system packages that are not installed:$$missing" >&2; \
	    echo "Run this, then try again:" >&2; \
	    echo "    sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release --product metalab

## run: build (release) and open the course
run: build
	@$(RELEASE)/metalab

## test: the formatting lint, every unit test, then every lesson (checked by the release binary)
test: test-deps
	@$(MAKE) --no-print-directory lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory test-kernels
	$(SWIFT) build -c release --product metalab
	$(RELEASE)/metalab check Lessons/

## test-kernels: the numeric suites again with each product-kernel path forced (debug build reused);
## avx512 only where the CPU has it, neon only on arm64
test-kernels:
	@case "$$(uname -m)" in arm64|aarch64) paths="generic neon";; *) paths="generic avx2";; esac; \
	if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then paths="$$paths avx512"; fi; \
	for path in $$paths; do \
	  echo "== METALAB_KERNELS=$$path"; \
	  METALAB_KERNELS=$$path $(SWIFT) test --skip-build --filter '$(KERNEL_SUITES)' || exit 1; \
	done

## bench: the speed workloads of docs/BENCHMARKS.md (release build)
bench: deps
	$(SWIFT) build -c release --product metalab-bench
	$(RELEASE)/metalab-bench all

## bench-x86-64-v3: the same workloads built for x86-64-v3 (AVX2 + FMA), in its own build path
bench-x86-64-v3: deps
	METALAB_TARGET_CPU=haswell $(SWIFT) build -c release --product metalab-bench --scratch-path $(V3_BUILD)
	$(V3_BUILD)/release/metalab-bench all

## lint: formatting check with the toolchain's swift-format
lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Package.swift

clean:
	rm -rf .build $(V3_BUILD)
