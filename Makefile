# Thin wrapper around CMake: installs what is missing, builds, runs.
#   make demo      set up, build, audit the bundled sample site
#   make test      set up, build, run the whole test suite
#   make sanitize  the suite again under AddressSanitizer + UBSan
#   make install   install programs and man pages (PREFIX, default /usr/local)

BUILD    ?= build
ASAN     ?= build-asan
PREFIX   ?= /usr/local
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)

# Debian 12 packages the build and the tests need.
DEBIAN_PACKAGES = cmake make gcc pkg-config \
	libcurl4-openssl-dev libxml2-dev libgsl-dev libcmocka-dev \
	libjansson-dev libxxhash-dev libutf8proc-dev libbrotli-dev \
	libssl-dev zlib1g-dev libuchardet-dev libdeflate-dev \
	libcmark-dev libinih-dev nginx openssl

.PHONY: all deps build demo test sanitize install clean

all: build

deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
			|| missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
		else \
			echo "cqa needs these Debian packages:$$missing"; \
			echo "Install them as root with:"; \
			echo "  apt-get install -y$$missing"; \
			exit 1; \
		fi; \
		echo "Installing:$$missing"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing \
			|| exit 1; \
	fi; \
	if ! command -v node >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
		else sudo="none"; fi; \
		if [ "$$sudo" = none ]; then \
			echo "warning: no node; the WARC test against warcio.js will be skipped."; \
			echo "Install it as root with:"; \
			echo "  apt-get install -y nodejs npm"; \
		else \
			echo "Installing: nodejs npm"; \
			$$sudo apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends nodejs npm; \
		fi; \
	fi; \
	if command -v npm >/dev/null 2>&1 && [ ! -d tools/warc-check/node_modules ]; then \
		npm ci --prefix tools/warc-check --no-audit --no-fund \
			|| echo "warning: npm ci in tools/warc-check failed; the WARC test against warcio.js will be skipped."; \
	fi; \
	if command -v npm >/dev/null 2>&1 && [ ! -d tools/commonmark-spec/node_modules ]; then \
		npm ci --prefix tools/commonmark-spec --no-audit --no-fund \
			|| echo "warning: npm ci in tools/commonmark-spec failed; the CommonMark spec tests will be skipped."; \
	fi

build: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/cqa demo

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

sanitize: deps
	@test -f $(ASAN)/CMakeCache.txt || cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCQA_SANITIZE=ON
	cmake --build $(ASAN) -j $(JOBS)
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)
