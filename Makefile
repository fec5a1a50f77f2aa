# SPDX-License-Identifier: GPL-2.0
#
# zgc: build the module, the tools and the selftests; run the selftests in
# QEMU guests booting Debian's kernels.
#
#   make                      tools + module for the running kernel (the
#                             tools alone, saying what to install, when
#                             it has no build tree)
#   make KDIR=/path/to/build  ... or for the kernel built in that tree
#   make KVER=6.1|6.12|debug  ... or for a Debian kernel (fetched as needed)
#   make ZGC_DEBUG=1          ... with pr_debug and the in-module self tests
#   make install              install module, zgcctl, man pages, bash
#                             completion, ip plugin [PREFIX=/usr/local]
#   make uninstall            remove what make install installed
#   make deb                  Debian packages zgc-dkms and zgc-tools in
#                             build/deb/ (lintian-checked)
#   make check [KVER=...]     selftests in QEMU: 6.1 and 6.12 by default
#   make vm KVER=6.12 CMD='ip link add zgc0 type zgc && zgcctl show'
#   make demo                 boot a guest: a cluster at work, two nodes killed
#   make checkpatch           kernel coding style of kmod/ and uapi/
#   make fuzz [FUZZ_SECONDS=60]  libFuzzer on the wire parsers of kmod/,
#                             in user space (tools/fuzz/)

ZGC_CACHE ?= $(HOME)/.cache/zgc
export ZGC_CACHE

KVER ?=
KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DEPMOD ?= depmod

# Sources of zgc.ko, copied into a per-kernel tree for KVER builds so
# builds for several kernels never share object files.
KMOD_SRCS := Kbuild kmod/Kbuild $(wildcard kmod/zgc/*.[ch] kmod/dft/*.[ch]) \
	     uapi/linux/zgc.h
# Kbuild prints a notice, not a warning, when it cannot make BTF.
KBUILD_OPTS := CONFIG_DEBUG_INFO_BTF_MODULES=
# ZGC_DEBUG=1: pr_debug() on and the in-module self tests run at load
# (make check builds this way).
ZGC_DEBUG ?=
ifneq ($(ZGC_DEBUG),)
KBUILD_OPTS += CONFIG_ZGC_DEBUG=y
endif

.PHONY: all module tools selftests install uninstall deb check vm demo \
	checkpatch sparse deps clean fuzz

# Without a kernel build tree, the tools are still built.
all: tools
ifeq ($(KVER),)
	@if [ -d $(KDIR) ]; then \
		$(MAKE) --no-print-directory module; \
	else \
		echo "zgc: built the tools; not the module: no kernel build tree at $(KDIR)." >&2; \
		echo "zgc: for the module, apt-get install linux-headers-$$(uname -r)" \
			"(or give KDIR=<a kernel build tree>, or KVER=6.1|6.12|debug)." >&2; \
	fi
else
	@$(MAKE) --no-print-directory module
endif

# Sets ZGC_KREL, ZGC_KDIR, ZGC_KIMAGE and ZGC_KMODS for $(KVER).
kernel_env = eval "$$(scripts/kernel.sh env $(KVER))"

module:
ifeq ($(KVER),)
	@test -d $(KDIR) || { echo "No kernel build tree at $(KDIR)." \
		"Install linux-headers-$$(uname -r), or pass KDIR=<tree> or" \
		"KVER=6.1|6.12|debug." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_OPTS) modules
else
	@$(kernel_env) && out=build/$$ZGC_KREL && \
	mkdir -p $$out/src && cp --parents -p $(KMOD_SRCS) $$out/src/ && \
	$(MAKE) -C $$ZGC_KDIR M=$(CURDIR)/$$out/src $(KBUILD_OPTS) modules && \
	cp -p $$out/src/kmod/zgc.ko $$out/zgc.ko && echo "  MODULE  $$out/zgc.ko"
endif

tools:
	$(MAKE) -C tools/zgcctl
	$(MAKE) -C tools/iproute2

selftests: tools
	@scripts/kernel.sh source >/dev/null
	$(MAKE) -C tools/zgcctl zgcctl-genl-next
	$(MAKE) -C selftests

install: module tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	$(DEPMOD) -a $$($(MAKE) -s -C $(KDIR) kernelrelease)
	$(MAKE) -C tools/zgcctl install PREFIX=$(PREFIX)
	$(MAKE) -C tools/iproute2 install PREFIX=$(PREFIX)

# The module of the running kernel (or of KDIR's), wherever
# modules_install put it (updates/ or extra/), and the tools.
uninstall:
	@krel=$$($(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null || uname -r); \
	for d in updates extra; do \
		rm -fv /lib/modules/$$krel/$$d/zgc.ko /lib/modules/$$krel/$$d/zgc.ko.*; \
	done; \
	[ ! -d /lib/modules/$$krel ] || $(DEPMOD) -a $$krel
	$(MAKE) -C tools/zgcctl uninstall PREFIX=$(PREFIX)
	$(MAKE) -C tools/iproute2 uninstall PREFIX=$(PREFIX)

# Built from a copy of the tree's files (tracked and new, not ignored),
# so that the build leaves this tree as it is.
deb:
	@scripts/deps.sh deb
	rm -rf build/deb && mkdir -p build/deb/src
	git ls-files -co --exclude-standard -z | \
		xargs -0 tar -cf - | tar -xf - -C build/deb/src
	cd build/deb/src && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning build/deb/*.changes
	@ls build/deb/*.deb

# The test command: README.md and .ci/run call exactly this.
# (zgc_packages.sh installs the packages of make deb in the guests.)
check: deps selftests deb
	scripts/check.sh $(or $(KVER),6.1 6.12)

# Boot a guest with zgc loaded and run CMD in it (from the environment, so
# that any quoting survives); zgcctl is on the guest's PATH.
vm: deps tools
	@test -n "$$CMD" || { echo "usage: make vm [KVER=6.12] CMD='...'" >&2; exit 2; }
	@$(MAKE) --no-print-directory module KVER=$(or $(KVER),6.12)
	@k=$(or $(KVER),6.12); eval "$$(scripts/kernel.sh env $$k)" && \
	PATH=$(CURDIR)/tools/zgcctl:$$PATH \
	scripts/vm.sh --kernel $$k --module build/$$ZGC_KREL/zgc.ko \
		$(if $(VMOUT),--out $(VMOUT)) -- "$$CMD"

# The demo writes its picture, build/demo/zgc-demo.svg, and its log there.
demo:
	@rm -rf build/demo
	@$(MAKE) --no-print-directory vm KVER=$(or $(KVER),6.12) \
		CMD=scripts/demo.sh VMOUT=$(CURDIR)/build/demo

checkpatch:
	@cp=$$(scripts/kernel.sh source)/scripts/checkpatch.pl && \
	perl $$cp --no-tree --terse --show-types -f \
		$(filter %.c %.h,$(KMOD_SRCS))

# sparse and W=1 for each supported kernel, release and debug builds.
sparse:
	@for k in 6.1 6.12; do for d in "" 1; do \
		$(MAKE) --no-print-directory module KVER=$$k ZGC_DEBUG=$$d \
			C=2 W=1 || exit 1; \
	done; done

deps:
	@scripts/deps.sh

fuzz:
	@scripts/deps.sh fuzz
	$(MAKE) -C tools/fuzz run

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C tools/zgcctl clean
	$(MAKE) -C tools/iproute2 clean
	-$(MAKE) -C selftests clean 2>/dev/null
	$(MAKE) -C tools/fuzz clean
	rm -rf build
