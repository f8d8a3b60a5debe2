# SPDX-License-Identifier: GPL-2.0-only
# iommufd-sim top-level Makefile.
#
#   make              module and user-space test programs
#   make module       iommufd_sim.ko and iommufd_sim_kvm.ko (what DKMS runs)
#   make progs        user-space test programs only
#   make check        every test (host checks, then the VM suite)
#   make demo         the main job in a VM
#   make lint         W=1, sparse (C=2) and checkpatch --strict
#   make install      install with DKMS for KERNELRELEASE; uninstall removes it
#   make deb          the Debian packages, in build/deb/ (scripts/build-deb)
#   make clean
#
# KERNELRELEASE and KDIR select the kernel to build for (DKMS passes both);
# the default is the running kernel.
#
# Cross-building for arm64 (README, "Supported kernels"):
#   make module ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
#        KDIR=/usr/src/linux-headers-<version>-arm64
#   make progs CROSS_COMPILE=aarch64-linux-gnu- STATIC=1
# STATIC=1 links every program statically except kmodctl (Debian ships no
# static libkmod).

VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(CURDIR)/dkms.conf)
KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
# Kbuild must not see our KERNELRELEASE on its command line.
MAKEOVERRIDES := $(filter-out KERNELRELEASE=%,$(MAKEOVERRIDES))

ifneq ($(CROSS_COMPILE),)
CC := $(CROSS_COMPILE)gcc
endif
PROG_LDFLAGS := $(if $(STATIC),-static)
BUILD := $(CURDIR)/build
BIN := $(BUILD)/bin
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-I$(CURDIR)/uapi -I$(CURDIR)/userspace-tests/lib
TEST_LIB := $(wildcard userspace-tests/lib/*.c)
TOOLS := $(patsubst userspace-tests/tools/%.c,$(BIN)/%,$(wildcard userspace-tests/tools/*.c))
# The CLI (README.md, "Watching the simulated hardware"): the module's own
# SMMUv3 decoder, with the text of cli/smmu_cmd_fmt.c
CLI_SRCS := cli/iommufd-sim-show.c cli/smmu_cmd_fmt.c module/smmuv3_cmd.c
HOST_TESTS := $(patsubst userspace-tests/host/%.c,$(BIN)/host-%,$(wildcard userspace-tests/host/*.c))

.PHONY: all module progs check demo lint install uninstall clean headers-check deb

all: module progs

headers-check:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "error: no kernel headers at $(KDIR)." >&2; \
		echo "  On Debian/Ubuntu: apt-get install linux-headers-$(KERNELRELEASE)" >&2; \
		echo "  Or point KDIR=/path/to/kernel/build (and KERNELRELEASE=) at other headers." >&2; \
		exit 1; \
	fi

module: headers-check
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module modules

progs: $(TOOLS) $(HOST_TESTS) $(BIN)/iommufd-sim-show

$(BIN)/kmodctl: userspace-tests/tools/kmodctl.c $(TEST_LIB) $(wildcard userspace-tests/lib/*.h)
	@mkdir -p $(BIN)
	$(CC) $(USER_CFLAGS) -o $@ $< $(TEST_LIB) -lkmod

$(BIN)/%: userspace-tests/tools/%.c $(TEST_LIB) $(wildcard userspace-tests/lib/*.h) $(wildcard uapi/linux/*.h)
	@mkdir -p $(BIN)
	$(CC) $(USER_CFLAGS) $(PROG_LDFLAGS) -o $@ $< $(TEST_LIB) -lpthread

$(BIN)/iommufd-sim-show: $(CLI_SRCS) $(wildcard cli/*.h module/smmuv3_cmd.h module/pure_types.h uapi/linux/*.h)
	@mkdir -p $(BIN)
	$(CC) $(USER_CFLAGS) $(PROG_LDFLAGS) -I$(CURDIR)/module -I$(CURDIR)/cli -o $@ $(CLI_SRCS)

# The pure module sources (module/pure_types.h) a host test links with
HOST_SRCS_smmuv3_cmd_test := module/smmuv3_cmd.c
HOST_SRCS_cmdqv_queue_test := module/cmdqv_queue.c module/smmuv3_cmd.c
HOST_SRCS_pci_config_test := module/pci_config.c
HOST_SRCS_smmu_cmd_fmt_test := cli/smmu_cmd_fmt.c module/smmuv3_cmd.c

$(BIN)/host-%: userspace-tests/host/%.c $(wildcard userspace-tests/lib/*.h) $(wildcard uapi/linux/*.h) $(wildcard module/*.c module/*.h cli/*.c cli/*.h)
	@mkdir -p $(BIN)
	$(CC) $(USER_CFLAGS) $(PROG_LDFLAGS) -I$(CURDIR)/module -I$(CURDIR)/cli -o $@ $< $(HOST_SRCS_$*)

check:
	bash scripts/check

demo:
	bash scripts/demo

lint:
	bash scripts/lint

# iommufd-sim-dkms and iommufd-sim-dev, built by debhelper in a temporary
# copy of the tree (debian/); the packages land in build/deb/.
deb:
	bash scripts/build-deb

# DKMS install of this tree for KERNELRELEASE.  Only the sources DKMS needs
# are copied to /usr/src, never build products.
install:
	@command -v dkms >/dev/null || { echo "error: dkms is not installed (apt-get install dkms)" >&2; exit 1; }
	-dkms remove -m iommufd-sim -v $(VERSION) --all >/dev/null 2>&1
	rm -rf /usr/src/iommufd-sim-$(VERSION)
	mkdir -p /usr/src/iommufd-sim-$(VERSION)
	cp -r Makefile dkms.conf module uapi /usr/src/iommufd-sim-$(VERSION)/
	find /usr/src/iommufd-sim-$(VERSION) \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' -o -name Module.symvers -o -name modules.order \) -delete
	dkms add -m iommufd-sim -v $(VERSION)
	dkms install -m iommufd-sim -v $(VERSION) -k $(KERNELRELEASE)
	install -p -D -m 0644 packaging/iommufd-sim-kvm.conf /etc/modprobe.d/iommufd-sim-kvm.conf
	@echo "Installed. Load it with: modprobe iommufd_sim  (Secure Boot: see README, 'Secure Boot')"

uninstall:
	-dkms remove -m iommufd-sim -v $(VERSION) --all
	rm -rf /usr/src/iommufd-sim-$(VERSION)
	rm -f /etc/modprobe.d/iommufd-sim-kvm.conf

clean:
	if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR)/module clean; fi
	rm -rf $(BUILD)
