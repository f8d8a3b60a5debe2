// SPDX-License-Identifier: GPL-2.0-only
/*
 * iofd: run a sequence of iommufd ioctls on one or more contexts and print
 * one line per step, so a bats test can assert the exact errno and every
 * field the kernel wrote back.
 *
 *   iofd STEP...
 *
 *   iofd list            the ioctl steps (CMD) and their numbers
 *   iofd help            the other steps and their arguments
 *
 * Steps (arguments are comma-separated KEY=VALUE after the step name):
 *   fd=N                 switch to context slot N (0-7); opened on first use
 *   open                 open the current slot now          -> "open: ok"
 *   close                close the current slot
 *   CMD[,FIELD=V...]     one ioctl by name (see 'iofd list'): fields are set
 *                        by name, "size" defaults to the struct's size;
 *                        a value is a number or, for the fields of
 *                        value_names[], the uAPI's name in lower case
 *                        without its prefix (model=tegra241,
 *                        type=tegra241_cmdqv, data_type=arm_smmuv3,
 *                        flags=nest_parent, flags=fixed_iova:writeable:readable);
 *                        prints "CMD: ok out_x=.. " or "CMD: ERRNO"
 *   raw,cmd=V[,size=S][,len=L][,u8@O=V][,u32@O=V][,u64@O=V]
 *       [,ptr=null|ro|bad][,dump][,v=K]
 *                        an arbitrary ioctl on an L-byte buffer (default S,
 *                        at least 8) whose leading u32 is S; ptr= passes an
 *                        unusable pointer or a read-only copy; dump prints
 *                        the buffer afterwards as hex; v=K sends it to
 *                        VFIO device fd K instead of the context
 *   CMD,...,data=W:W:... (commands with data_uptr) point data_uptr at
 *                        these u32 words (zeros follow, up to 4 KiB) and,
 *                        unless data_len= is given, set data_len to their
 *                        size; after success the words are printed back as
 *                        " data=0x..:0x.."
 *   sleep,s=N            sleep N seconds
 *   touch,path=P         create file P (tells a test we got this far)
 *   cat,path=P           print the first line of file P ("cat: LINE")
 *   sched,comm=C         context switches of the task named C (e.g. the
 *                        engine thread) since the previous sched step:
 *                        "sched: base" the first time, then "sched: +N"
 *   write,path=P,val=S   write S to the existing file P, e.g. a module
 *                        parameter: "write: ok" or "write: ERRNO"
 *
 * mmap of the context (README.md, "The mmap contract"); the mapping becomes memory buffer N:
 *   mmap,name=N,off=O,len=L[,prot=rw|r|rwx][,private]
 *                        -> "mmap: ok" or "mmap: ERRNO"
 *   munmap,name=N[,off=O,len=L]   unmap all of N, or a part of it
 *   peek,name=N[,off=O]  print the u32 at N + O: "peek: 0x..."
 *   bits,name=N[,off=O],n=B   the set bits of the B-bit bitmap at N + O,
 *                        as runs: "bits: 0-511 1024" or "bits: none"
 *   poke,name=N,val=V[,off=O]    store the u32 V at N + O
 *   mprotect,name=N,prot=r|rw|rwx   -> "mprotect: ok|ERRNO"
 *
 * vEVENTQ fds, numbered in the order veventq_alloc returned them (q=K,
 * default the latest):
 *   evread,len=L[,q=K][,pos=P]   read(2) (pread(2) at P) into L bytes and
 *                        print "evread: n=BYTES" then per record
 *                        " [flags=F seq=S data=HEX]" ("data=" left out
 *                        for a record without payload)
 *   evpoll[,q=K][,ms=T]  poll(2) for every event with timeout T ms
 *                        (default 0): "evpoll: 0x<revents>"
 *   evwrite[,q=K]        write(2) 8 bytes: "evwrite: ok|ERRNO"
 *   evclose[,q=K]        close the vEVENTQ fd
 *   evtrigger,dev_id=D,n=N   IOMMU_TEST_OP_TRIGGER_VEVENT N times:
 *                        "evtrigger: ok n=N" or "evtrigger: ERRNO after K"
 * Fault queue fds (fault_queue_alloc) join the same numbering (q=K), so
 * evpoll, evwrite and evclose work on them too:
 *   pfread,len=L[,q=K][,pos=P]   read(2): "pfread: n=BYTES" then per
 *                        record " [flags=.. dev_id=.. pasid=.. grpid=..
 *                        perm=.. addr=0x.. length=.. cookie=..]"
 *   pfwrite,cookie=C[,code=V][,n=N][,len=L][,q=K][,pos=P]   write(2) N
 *                        copies of one page response (code default
 *                        SUCCESS), L bytes of them: "pfwrite: n=BYTES"
 * Access fds (IOMMU_TEST_OP_CREATE_ACCESS), numbered in the order
 * test_create_access returned them: the value accK of any field is the
 * K-th one's fd (id=acc0); test_create_access prints the fd as
 * " fd=<what it links to> flags=..." instead of its number:
 *   accclose[,a=K]       close access fd K (default the latest)
 * dma-buf fds, numbered in the order dmabuf and udmabuf made them: the
 * value dbK of any field is the K-th one's fd (fd=db0, dmabuf_fd=db0):
 *   dmabuf,len=L[,flags=F][,name=N]   IOMMU_TEST_OP_DMABUF_GET of L bytes
 *                        with open_flags F (default O_RDWR | O_CLOEXEC):
 *                        "dmabuf: ok db=K fd=.. flags=.." or "dmabuf:
 *                        ERRNO"; name=N also mmaps it shared as memory
 *                        buffer N (the "mmap=ERRNO" of a failure is
 *                        printed and N is not made)
 *   udmabuf,len=L        a memfd of L bytes turned into a dma-buf by
 *                        /dev/udmabuf: "udmabuf: ok db=K" or "udmabuf:
 *                        ERRNO" (ENOENT without /dev/udmabuf)
 *   dbclose[,d=K]        close dma-buf fd K (default the latest)
 * (test_dmabuf_revoke,dmabuf_fd=dbK,revoked=1 is a command.)
 * A record's payload size follows the type the queue was allocated with:
 * 16 bytes for TEGRA241_CMDQV (2), 32 for ARM_SMMUV3 (1), else 4 (the
 * selftest type); "data=" is the payload's bytes in memory order.
 *
 * The simulated Tegra241 CMDQV (guest RAM is a "mem" buffer, the VINTF
 * page an "mmap" one):
 *   ent,name=N[,off=O],i=I,w0=V,w1=V[,n=K]   store one 16-byte command,
 *                        w0 then w1 little-endian, at N + O + I * 16 (and
 *                        in the K - 1 slots after it, K default 1)
 *   pa,name=N[,off=O]    the physical address of N + O from
 *                        /proc/self/pagemap (root only): "pa: 0x..." or
 *                        "pa: none" when the page is not present
 *   poll,name=N,off=O,val=V[,mask=M][,ms=T]   re-read the u32 at N + O
 *                        (sleeping 1 ms in between) until (u32 & M) == V,
 *                        M default 0xffffffff, for at most T ms (default
 *                        5000): "poll: ok" or "poll: timeout 0x<last u32>"
 *   cmdqv_trace,id=V[,n=N]   IOMMUFD_SIM_OP_CMDQV_TRACE of vIOMMU V into an
 *                        array of N entries (default 64): "cmdqv_trace: ok
 *                        n=K total=T", then per entry returned, oldest
 *                        first, "  seq=S q=L cerror=C cmd=0xW0:0xW1
 *                        exec=0xW0:0xW1"; or "cmdqv_trace: ERRNO".  The
 *                        sim_cmdqv_trace command sets the fields by hand.
 *
 * VFIO type1 compatibility on the context (vfio_ioas, vfio_map_dma and
 * vfio_unmap_dma are commands, their argsz the "size" default):
 *   vfio,cmd=api_version|check_extension|set_iommu[,arg=V]
 *                        -> "vfio: ret=N" or "vfio: ERRNO"
 *   vfio_info[,argsz=N]  VFIO_IOMMU_GET_INFO: "vfio_info: ok argsz=..
 *                        flags=.. pgsizes=.. cap_offset=.." (no
 *                        cap_offset for an argsz without one), then per
 *                        capability " cap@OFF:id=..,ver=..,next=.." with
 *                        ",avail=N" or ",ranges=S-E:..", and " overrun"
 *                        when a byte past argsz was written
 *
 * Simulated VFIO devices (README.md, "Simulated VFIO devices"): their
 * nodes are opened as VFIO device fds, numbered in order (v=K picks one
 * for a step or a vfio_dev_* command, default the latest; vfdK is the
 * K-th one's fd, ctxN the fd of context slot N, efdK the K-th eventfd):
 *   vopen,path=P         open P: "vopen: ok v=K" or "vopen: ERRNO"
 *   vclose[,v=K]         close VFIO device fd K
 *   vfio_dev_*           the VFIO device ioctls (see 'iofd list'), on fd v=K
 *   cfgrd,off=O,len=L[,region=I][,v=K]   pread L bytes at region I
 *                        (default 7, the config space) offset O: "cfgrd: ok
 *                        n=N val=0x.." (val for L <= 8, little-endian) or
 *                        "cfgrd: ERRNO"
 *   cfgwr,off=O,len=L,val=V[,region=I][,v=K]   pwrite the L (<= 8) low
 *                        bytes of V: "cfgwr: ok n=N" or "cfgwr: ERRNO"
 *   vmmap[,v=K]          mmap 4 KiB of the config region: "vmmap: ERRNO"
 *   efd                  a non-blocking eventfd: "efd: ok e=K"
 *   efdread[,e=K]        read it: "efdread: N" or "efdread: EAGAIN"
 *
 * KVM's VFIO pseudo device (README.md, "KVM: the companion module"):
 *   kvm_vm               open /dev/kvm, KVM_CREATE_VM and KVM_CREATE_DEVICE
 *                        of KVM_DEV_TYPE_VFIO: "kvm_vm: ok k=K", or
 *                        "kvm_vm: open|create_vm|create_device ERRNO"
 *   kvm_file,op=add|del,fd=F[,k=K]   KVM_SET_DEVICE_ATTR KVM_DEV_VFIO_FILE
 *                        ADD or DEL of fd F (vfdK, ctxN, efdK or a number)
 *                        on VM K (default the latest): "kvm_file: ok" or
 *                        "kvm_file: ERRNO"
 *   kvm_close[,k=K]      close VM K's device and VM fds
 *
 * Processes and accounting:
 *   fork ... join        the steps between run in a child process (the
 *                        fds are shared), which exits at "join"; the
 *                        parent waits for it ("fork: child status 0x.."
 *                        unless it exited 0) and goes on after "join"
 *   vm[,who=origin]      "vm: pin=KB lck=KB", VmPin and VmLck of this
 *                        process, or of the one that ran the last fork
 *   rlimit,memlock=B     set this process's RLIMIT_MEMLOCK (soft and hard)
 *
 * Exit status: 0 when every step ran (whatever errno it got), 2 on a usage
 * error, 1 when the device cannot be used at all.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>
#include <linux/iommufd_sim_vfio.h>
#include <linux/kvm.h>
#include <linux/udmabuf.h>
#include <linux/vfio.h>

/* 6.6 renamed KVM_DEV_VFIO_GROUP (and its ADD/DEL) to KVM_DEV_VFIO_FILE */
#ifndef KVM_DEV_VFIO_FILE
#define KVM_DEV_VFIO_FILE KVM_DEV_VFIO_GROUP
#define KVM_DEV_VFIO_FILE_ADD KVM_DEV_VFIO_GROUP_ADD
#define KVM_DEV_VFIO_FILE_DEL KVM_DEV_VFIO_GROUP_DEL
#endif

#include "iommufd_util.h"
#include "testlib.h"

#define MAX_FDS 8
#define MAX_BUF 4096

/*
 * F_OUT fields are printed after a success, F_INOUT ones too (the caller
 * may set them, the kernel writes them back); F_HEX prints in hex; F_ERR
 * ones are printed after a failure too (the kernel always writes them).
 */
enum { F_IN = 0, F_OUT = 1, F_INOUT = 2, F_HEX = 4, F_ERR = 8 };

struct field {
	const char *name;
	unsigned int off;
	unsigned int width;
	int dir;
};

struct cmd_desc {
	const char *name;
	unsigned long ioctl_num;
	unsigned int size;
	const struct field *fields;
	/* IOMMU_TEST_CMD / IOMMUFD_SIM_CMD: the op, preset at offset 4 */
	unsigned int op;
	/* an ioctl of a VFIO device fd (v=K), not of the context */
	bool vfdev;
};

#define FLD(s, f, d) { #f, offsetof(s, f), sizeof(((s *)0)->f), d }
/* a union member under its own name: FLDN("pt_id", s, u.pt_id, d) */
#define FLDN(n, s, f, d) { n, offsetof(s, f), sizeof(((s *)0)->f), d }
#define END_FIELDS { NULL, 0, 0, 0 }

static const struct field destroy_fields[] = {
	FLD(struct iommu_destroy, size, F_IN),
	FLD(struct iommu_destroy, id, F_IN),
	END_FIELDS
};

static const struct field ioas_alloc_fields[] = {
	FLD(struct iommu_ioas_alloc, size, F_IN),
	FLD(struct iommu_ioas_alloc, flags, F_IN),
	FLD(struct iommu_ioas_alloc, out_ioas_id, F_OUT),
	END_FIELDS
};

static const struct field hwpt_alloc_fields[] = {
	FLD(struct iommu_hwpt_alloc, size, F_IN),
	FLD(struct iommu_hwpt_alloc, flags, F_IN),
	FLD(struct iommu_hwpt_alloc, dev_id, F_IN),
	FLD(struct iommu_hwpt_alloc, pt_id, F_IN),
	FLD(struct iommu_hwpt_alloc, out_hwpt_id, F_OUT),
	FLD(struct iommu_hwpt_alloc, __reserved, F_IN),
	FLD(struct iommu_hwpt_alloc, data_type, F_IN),
	FLD(struct iommu_hwpt_alloc, data_len, F_IN),
	FLD(struct iommu_hwpt_alloc, data_uptr, F_IN),
	FLD(struct iommu_hwpt_alloc, fault_id, F_IN),
	FLD(struct iommu_hwpt_alloc, __reserved2, F_IN),
	END_FIELDS
};

/* buf=N points data_uptr at N bytes of 0xa5, printed back as hex */
static const struct field hw_info_fields[] = {
	FLD(struct iommu_hw_info, size, F_IN),
	FLD(struct iommu_hw_info, flags, F_IN),
	FLD(struct iommu_hw_info, dev_id, F_IN),
	FLD(struct iommu_hw_info, data_len, F_OUT),
	FLD(struct iommu_hw_info, data_uptr, F_IN),
	FLD(struct iommu_hw_info, in_data_type, F_IN),
	FLD(struct iommu_hw_info, out_data_type, F_OUT | F_HEX),
	FLD(struct iommu_hw_info, out_max_pasid_log2, F_OUT),
	FLDN("__reserved0", struct iommu_hw_info, __reserved[0], F_IN),
	FLDN("__reserved1", struct iommu_hw_info, __reserved[1], F_IN),
	FLDN("__reserved2", struct iommu_hw_info, __reserved[2], F_IN),
	FLD(struct iommu_hw_info, out_capabilities, F_OUT),
	END_FIELDS
};

#define TCMD_HDR \
	FLD(struct iommu_test_cmd, size, F_IN), \
	FLD(struct iommu_test_cmd, id, F_IN), \
	FLD(struct iommu_test_cmd, __reserved, F_IN)
#define TFLD(n, f, d) FLDN(n, struct iommu_test_cmd, f, d)

/* any op by number, e.g. test_cmd,op=3 */
static const struct field test_cmd_fields[] = {
	TCMD_HDR,
	FLD(struct iommu_test_cmd, op, F_IN),
	END_FIELDS
};

static const struct field test_add_reserved_fields[] = {
	TCMD_HDR,
	TFLD("start", add_reserved.start, F_IN),
	TFLD("length", add_reserved.length, F_IN),
	END_FIELDS
};

static const struct field test_mock_domain_fields[] = {
	TCMD_HDR,
	TFLD("out_stdev_id", mock_domain.out_stdev_id, F_OUT),
	TFLD("out_hwpt_id", mock_domain.out_hwpt_id, F_OUT),
	TFLD("out_idev_id", mock_domain.out_idev_id, F_OUT),
	END_FIELDS
};

static const struct field test_mock_domain_flags_fields[] = {
	TCMD_HDR,
	TFLD("out_stdev_id", mock_domain_flags.out_stdev_id, F_OUT),
	TFLD("out_hwpt_id", mock_domain_flags.out_hwpt_id, F_OUT),
	TFLD("out_idev_id", mock_domain_flags.out_idev_id, F_OUT),
	TFLD("dev_flags", mock_domain_flags.dev_flags, F_IN),
	END_FIELDS
};

static const struct field test_mock_domain_replace_fields[] = {
	TCMD_HDR,
	TFLD("pt_id", mock_domain_replace.pt_id, F_OUT),
	END_FIELDS
};

static const struct field test_md_check_map_fields[] = {
	TCMD_HDR,
	TFLD("iova", check_map.iova, F_IN),
	TFLD("length", check_map.length, F_IN),
	TFLD("uptr", check_map.uptr, F_IN),
	END_FIELDS
};

static const struct field test_md_check_refs_fields[] = {
	TCMD_HDR,
	TFLD("length", check_refs.length, F_IN),
	TFLD("uptr", check_refs.uptr, F_IN),
	TFLD("refs", check_refs.refs, F_IN),
	END_FIELDS
};

static const struct field test_memory_limit_fields[] = {
	TCMD_HDR,
	TFLD("limit", memory_limit.limit, F_IN),
	END_FIELDS
};

#define SCMD_HDR \
	FLD(struct iommufd_sim_cmd, size, F_IN), \
	FLD(struct iommufd_sim_cmd, id, F_IN), \
	FLD(struct iommufd_sim_cmd, __reserved, F_IN)
#define SFLD(n, f, d) FLDN(n, struct iommufd_sim_cmd, f, d)

/* any op by number, e.g. sim_cmd,op=99 */
static const struct field sim_cmd_fields[] = {
	SCMD_HDR,
	FLD(struct iommufd_sim_cmd, op, F_IN),
	END_FIELDS
};

static const struct field sim_device_alloc_fields[] = {
	SCMD_HDR,
	SFLD("model", device_alloc.model, F_IN),
	SFLD("stream_id", device_alloc.stream_id, F_IN),
	SFLD("flags", device_alloc.flags, F_IN),
	SFLD("out_stdev_id", device_alloc.out_stdev_id, F_OUT),
	SFLD("out_hwpt_id", device_alloc.out_hwpt_id, F_OUT),
	SFLD("out_idev_id", device_alloc.out_idev_id, F_OUT),
	END_FIELDS
};

static const struct field sim_viommu_counters_fields[] = {
	SCMD_HDR,
	SFLD("asid", viommu_counters.asid, F_IN),
	SFLD("sid", viommu_counters.sid, F_IN),
	SFLD("__reserved_c", viommu_counters.__reserved, F_IN),
	SFLD("out_vmid", viommu_counters.out_vmid, F_OUT),
	SFLD("out_tlbi_nh_all", viommu_counters.out_tlbi_nh_all, F_OUT),
	SFLD("out_tlbi_nh_vaa", viommu_counters.out_tlbi_nh_vaa, F_OUT),
	SFLD("out_tlbi_nh_asid", viommu_counters.out_tlbi_nh_asid, F_OUT),
	SFLD("out_tlbi_nh_va", viommu_counters.out_tlbi_nh_va, F_OUT),
	SFLD("out_atc_inv", viommu_counters.out_atc_inv, F_OUT),
	SFLD("out_cfgi_cd", viommu_counters.out_cfgi_cd, F_OUT),
	SFLD("out_cfgi_cd_all", viommu_counters.out_cfgi_cd_all, F_OUT),
	SFLD("out_cmd_sync", viommu_counters.out_cmd_sync, F_OUT),
	END_FIELDS
};

static const struct field ioas_map_fields[] = {
	FLD(struct iommu_ioas_map, size, F_IN),
	FLD(struct iommu_ioas_map, flags, F_IN),
	FLD(struct iommu_ioas_map, ioas_id, F_IN),
	FLD(struct iommu_ioas_map, __reserved, F_IN),
	FLD(struct iommu_ioas_map, user_va, F_IN),
	FLD(struct iommu_ioas_map, length, F_IN),
	FLD(struct iommu_ioas_map, iova, F_INOUT | F_HEX),
	END_FIELDS
};

static const struct field ioas_map_file_fields[] = {
	FLD(struct iommu_ioas_map_file, size, F_IN),
	FLD(struct iommu_ioas_map_file, flags, F_IN),
	FLD(struct iommu_ioas_map_file, ioas_id, F_IN),
	FLD(struct iommu_ioas_map_file, fd, F_IN),
	FLD(struct iommu_ioas_map_file, start, F_IN),
	FLD(struct iommu_ioas_map_file, length, F_IN),
	FLD(struct iommu_ioas_map_file, iova, F_INOUT | F_HEX),
	END_FIELDS
};

static const struct field ioas_copy_fields[] = {
	FLD(struct iommu_ioas_copy, size, F_IN),
	FLD(struct iommu_ioas_copy, flags, F_IN),
	FLD(struct iommu_ioas_copy, dst_ioas_id, F_IN),
	FLD(struct iommu_ioas_copy, src_ioas_id, F_IN),
	FLD(struct iommu_ioas_copy, length, F_IN),
	FLD(struct iommu_ioas_copy, dst_iova, F_INOUT | F_HEX),
	FLD(struct iommu_ioas_copy, src_iova, F_IN),
	END_FIELDS
};

static const struct field ioas_change_process_fields[] = {
	FLD(struct iommu_ioas_change_process, size, F_IN),
	FLD(struct iommu_ioas_change_process, __reserved, F_IN),
	END_FIELDS
};

static const struct field vfio_ioas_fields[] = {
	FLD(struct iommu_vfio_ioas, size, F_IN),
	FLD(struct iommu_vfio_ioas, ioas_id, F_INOUT),
	FLD(struct iommu_vfio_ioas, op, F_IN),
	FLD(struct iommu_vfio_ioas, __reserved, F_IN),
	END_FIELDS
};

/* VFIO type1 on the iommufd fd: argsz is the leading u32 ("size") */
static const struct field vfio_map_dma_fields[] = {
	FLD(struct vfio_iommu_type1_dma_map, argsz, F_IN),
	FLD(struct vfio_iommu_type1_dma_map, flags, F_IN),
	FLD(struct vfio_iommu_type1_dma_map, vaddr, F_IN),
	FLD(struct vfio_iommu_type1_dma_map, iova, F_IN),
	FLD(struct vfio_iommu_type1_dma_map, size, F_IN),
	END_FIELDS
};

static const struct field vfio_unmap_dma_fields[] = {
	FLD(struct vfio_iommu_type1_dma_unmap, argsz, F_IN),
	FLD(struct vfio_iommu_type1_dma_unmap, flags, F_IN),
	FLD(struct vfio_iommu_type1_dma_unmap, iova, F_IN),
	FLD(struct vfio_iommu_type1_dma_unmap, size,
	    F_INOUT | F_HEX | F_ERR),
	END_FIELDS
};

static const struct field ioas_unmap_fields[] = {
	FLD(struct iommu_ioas_unmap, size, F_IN),
	FLD(struct iommu_ioas_unmap, ioas_id, F_IN),
	FLD(struct iommu_ioas_unmap, iova, F_IN),
	FLD(struct iommu_ioas_unmap, length, F_INOUT | F_HEX),
	END_FIELDS
};

/* allowed_iovas defaults to iofd's own array; see run_cmd() */
static const struct field ioas_iova_ranges_fields[] = {
	FLD(struct iommu_ioas_iova_ranges, size, F_IN),
	FLD(struct iommu_ioas_iova_ranges, ioas_id, F_IN),
	FLD(struct iommu_ioas_iova_ranges, num_iovas, F_INOUT),
	FLD(struct iommu_ioas_iova_ranges, __reserved, F_IN),
	FLD(struct iommu_ioas_iova_ranges, allowed_iovas, F_IN),
	FLD(struct iommu_ioas_iova_ranges, out_iova_alignment, F_OUT | F_HEX),
	END_FIELDS
};

static const struct field ioas_allow_iovas_fields[] = {
	FLD(struct iommu_ioas_allow_iovas, size, F_IN),
	FLD(struct iommu_ioas_allow_iovas, ioas_id, F_IN),
	FLD(struct iommu_ioas_allow_iovas, num_iovas, F_IN),
	FLD(struct iommu_ioas_allow_iovas, __reserved, F_IN),
	FLD(struct iommu_ioas_allow_iovas, allowed_iovas, F_IN),
	END_FIELDS
};

static const struct field option_fields[] = {
	FLD(struct iommu_option, size, F_IN),
	FLD(struct iommu_option, option_id, F_IN),
	FLD(struct iommu_option, op, F_IN),
	FLD(struct iommu_option, __reserved, F_IN),
	FLD(struct iommu_option, object_id, F_IN),
	FLD(struct iommu_option, val64, F_INOUT),
	END_FIELDS
};

static const struct field hw_queue_alloc_fields[] = {
	FLD(struct iommu_hw_queue_alloc, size, F_IN),
	FLD(struct iommu_hw_queue_alloc, flags, F_IN),
	FLD(struct iommu_hw_queue_alloc, viommu_id, F_IN),
	FLD(struct iommu_hw_queue_alloc, type, F_IN),
	FLD(struct iommu_hw_queue_alloc, index, F_IN),
	FLD(struct iommu_hw_queue_alloc, out_hw_queue_id, F_OUT),
	FLD(struct iommu_hw_queue_alloc, nesting_parent_iova, F_IN),
	FLD(struct iommu_hw_queue_alloc, length, F_IN),
	END_FIELDS
};

/* out_fault_fd is not printed: run_cmd() describes the fd instead */
static const struct field fault_queue_alloc_fields[] = {
	FLD(struct iommu_fault_alloc, size, F_IN),
	FLD(struct iommu_fault_alloc, flags, F_IN),
	FLD(struct iommu_fault_alloc, out_fault_id, F_OUT),
	END_FIELDS
};

/* out_veventq_fd is not printed: run_cmd() describes the fd instead */
static const struct field veventq_alloc_fields[] = {
	FLD(struct iommu_veventq_alloc, size, F_IN),
	FLD(struct iommu_veventq_alloc, flags, F_IN),
	FLD(struct iommu_veventq_alloc, viommu_id, F_IN),
	FLD(struct iommu_veventq_alloc, type, F_IN),
	FLD(struct iommu_veventq_alloc, veventq_depth, F_IN),
	FLD(struct iommu_veventq_alloc, out_veventq_id, F_OUT),
	FLD(struct iommu_veventq_alloc, __reserved, F_IN),
	END_FIELDS
};

static const struct field viommu_alloc_fields[] = {
	FLD(struct iommu_viommu_alloc, size, F_IN),
	FLD(struct iommu_viommu_alloc, flags, F_IN),
	FLD(struct iommu_viommu_alloc, type, F_IN),
	FLD(struct iommu_viommu_alloc, dev_id, F_IN),
	FLD(struct iommu_viommu_alloc, hwpt_id, F_IN),
	FLD(struct iommu_viommu_alloc, out_viommu_id, F_OUT),
	FLD(struct iommu_viommu_alloc, data_len, F_IN),
	FLD(struct iommu_viommu_alloc, __reserved, F_IN),
	FLD(struct iommu_viommu_alloc, data_uptr, F_IN),
	END_FIELDS
};

static const struct field vdevice_alloc_fields[] = {
	FLD(struct iommu_vdevice_alloc, size, F_IN),
	FLD(struct iommu_vdevice_alloc, viommu_id, F_IN),
	FLD(struct iommu_vdevice_alloc, dev_id, F_IN),
	FLD(struct iommu_vdevice_alloc, out_vdevice_id, F_OUT),
	FLD(struct iommu_vdevice_alloc, virt_id, F_IN),
	END_FIELDS
};

/* entry_num is written back on failure too */
static const struct field hwpt_invalidate_fields[] = {
	FLD(struct iommu_hwpt_invalidate, size, F_IN),
	FLD(struct iommu_hwpt_invalidate, hwpt_id, F_IN),
	FLD(struct iommu_hwpt_invalidate, data_uptr, F_IN),
	FLD(struct iommu_hwpt_invalidate, data_type, F_IN),
	FLD(struct iommu_hwpt_invalidate, entry_len, F_IN),
	FLD(struct iommu_hwpt_invalidate, entry_num, F_INOUT | F_ERR),
	FLD(struct iommu_hwpt_invalidate, __reserved, F_IN),
	END_FIELDS
};

static const struct field test_md_check_iotlb_fields[] = {
	TCMD_HDR,
	TFLD("iotlb_id", check_iotlb.id, F_IN),
	TFLD("iotlb", check_iotlb.iotlb, F_IN),
	END_FIELDS
};

static const struct field test_dev_check_cache_fields[] = {
	TCMD_HDR,
	TFLD("cache_id", check_dev_cache.id, F_IN),
	TFLD("cache", check_dev_cache.cache, F_IN),
	END_FIELDS
};

/* out_access_fd is not printed: run_cmd() describes the fd instead */
static const struct field test_create_access_fields[] = {
	TCMD_HDR,
	TFLD("flags", create_access.flags, F_IN),
	END_FIELDS
};

static const struct field test_access_pages_fields[] = {
	TCMD_HDR,
	TFLD("flags", access_pages.flags, F_IN),
	TFLD("out_access_pages_id", access_pages.out_access_pages_id, F_OUT),
	TFLD("iova", access_pages.iova, F_IN),
	TFLD("length", access_pages.length, F_IN),
	TFLD("uptr", access_pages.uptr, F_IN),
	END_FIELDS
};

static const struct field test_destroy_access_pages_fields[] = {
	TCMD_HDR,
	TFLD("access_pages_id", destroy_access_pages.access_pages_id, F_IN),
	END_FIELDS
};

static const struct field test_access_rw_fields[] = {
	TCMD_HDR,
	TFLD("iova", access_rw.iova, F_IN),
	TFLD("length", access_rw.length, F_IN),
	TFLD("uptr", access_rw.uptr, F_IN),
	TFLD("flags", access_rw.flags, F_IN),
	END_FIELDS
};

static const struct field test_access_replace_ioas_fields[] = {
	TCMD_HDR,
	TFLD("ioas_id", access_replace_ioas.ioas_id, F_IN),
	END_FIELDS
};

static const struct field test_dmabuf_revoke_fields[] = {
	TCMD_HDR,
	TFLD("dmabuf_fd", dmabuf_revoke.dmabuf_fd, F_IN),
	TFLD("revoked", dmabuf_revoke.revoked, F_IN),
	END_FIELDS
};

static const struct field test_trigger_iopf_fields[] = {
	TCMD_HDR,
	TFLD("dev_id", trigger_iopf.dev_id, F_IN),
	TFLD("pasid", trigger_iopf.pasid, F_IN),
	TFLD("grpid", trigger_iopf.grpid, F_IN),
	TFLD("perm", trigger_iopf.perm, F_IN),
	TFLD("addr", trigger_iopf.addr, F_IN),
	END_FIELDS
};

static const struct field test_dirty_fields[] = {
	TCMD_HDR,
	TFLD("flags", dirty.flags, F_IN),
	TFLD("iova", dirty.iova, F_IN),
	TFLD("length", dirty.length, F_IN),
	TFLD("page_size", dirty.page_size, F_IN),
	TFLD("uptr", dirty.uptr, F_IN),
	TFLD("out_nr_dirty", dirty.out_nr_dirty, F_OUT),
	END_FIELDS
};

static const struct field set_dirty_tracking_fields[] = {
	FLD(struct iommu_hwpt_set_dirty_tracking, size, F_IN),
	FLD(struct iommu_hwpt_set_dirty_tracking, flags, F_IN),
	FLD(struct iommu_hwpt_set_dirty_tracking, hwpt_id, F_IN),
	FLD(struct iommu_hwpt_set_dirty_tracking, __reserved, F_IN),
	END_FIELDS
};

static const struct field get_dirty_bitmap_fields[] = {
	FLD(struct iommu_hwpt_get_dirty_bitmap, size, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, hwpt_id, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, flags, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, __reserved, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, iova, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, length, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, page_size, F_IN),
	FLD(struct iommu_hwpt_get_dirty_bitmap, data, F_IN),
	END_FIELDS
};

/* PASID_ATTACH and PASID_REPLACE share the layout, as upstream's */
static const struct field test_pasid_attach_fields[] = {
	TCMD_HDR,
	TFLD("pasid", pasid_attach.pasid, F_IN),
	TFLD("pt_id", pasid_attach.pt_id, F_INOUT),
	END_FIELDS
};

static const struct field test_pasid_detach_fields[] = {
	TCMD_HDR,
	TFLD("pasid", pasid_detach.pasid, F_IN),
	END_FIELDS
};

static const struct field test_pasid_check_hwpt_fields[] = {
	TCMD_HDR,
	TFLD("pasid", pasid_check.pasid, F_IN),
	TFLD("hwpt_id", pasid_check.hwpt_id, F_IN),
	END_FIELDS
};

static const struct field test_trigger_vevent_fields[] = {
	TCMD_HDR,
	TFLD("dev_id", trigger_vevent.dev_id, F_IN),
	END_FIELDS
};

static const struct field sim_cmdqv_step_fields[] = {
	SCMD_HDR,
	SFLD("flags", cmdqv_step.flags, F_IN),
	SFLD("out_consumed", cmdqv_step.out_consumed, F_OUT),
	SFLD("out_errors", cmdqv_step.out_errors, F_OUT),
	SFLD("out_events", cmdqv_step.out_events, F_OUT),
	SFLD("out_more", cmdqv_step.out_more, F_OUT),
	END_FIELDS
};

static const struct field sim_cmdqv_queue_state_fields[] = {
	SCMD_HDR,
	SFLD("out_base", cmdqv_queue_state.out_base, F_OUT | F_HEX),
	SFLD("out_index", cmdqv_queue_state.out_index, F_OUT),
	SFLD("out_log2size", cmdqv_queue_state.out_log2size, F_OUT),
	SFLD("out_cons", cmdqv_queue_state.out_cons, F_OUT | F_HEX),
	SFLD("out_gerror", cmdqv_queue_state.out_gerror, F_OUT | F_HEX),
	SFLD("out_flags", cmdqv_queue_state.out_flags, F_OUT),
	SFLD("out_nr_tlbi_nh_asid", cmdqv_queue_state.out_nr_tlbi_nh_asid,
	     F_OUT),
	SFLD("out_nr_tlbi_nh_va", cmdqv_queue_state.out_nr_tlbi_nh_va, F_OUT),
	SFLD("out_nr_atc_inv", cmdqv_queue_state.out_nr_atc_inv, F_OUT),
	SFLD("out_nr_cmd_sync", cmdqv_queue_state.out_nr_cmd_sync, F_OUT),
	SFLD("out_nr_errors", cmdqv_queue_state.out_nr_errors, F_OUT),
	END_FIELDS
};

/* every field by hand; the cmdqv_trace step also prints the entries */
static const struct field sim_cmdqv_trace_fields[] = {
	SCMD_HDR,
	SFLD("uptr", cmdqv_trace.uptr, F_IN),
	SFLD("entry_len", cmdqv_trace.entry_len, F_IN),
	SFLD("entry_num", cmdqv_trace.entry_num, F_INOUT),
	SFLD("out_total", cmdqv_trace.out_total, F_OUT),
	END_FIELDS
};

/* VFIO_DEVICE_SET_IRQS with one element of data after the header */
struct vfdev_set_irqs {
	struct vfio_irq_set hdr;
	__s32 data;
};

#define VFLD(s, f, d) FLD(struct s, f, d)
static const struct field vfdev_bind_fields[] = {
	VFLD(iommufd_sim_vfio_bind_iommufd, argsz, F_IN),
	VFLD(iommufd_sim_vfio_bind_iommufd, flags, F_IN),
	VFLD(iommufd_sim_vfio_bind_iommufd, iommufd, F_IN),
	VFLD(iommufd_sim_vfio_bind_iommufd, out_devid, F_OUT),
	VFLD(iommufd_sim_vfio_bind_iommufd, token_uuid_ptr, F_IN),
	END_FIELDS
};

static const struct field vfdev_attach_fields[] = {
	VFLD(iommufd_sim_vfio_attach_pt, argsz, F_IN),
	VFLD(iommufd_sim_vfio_attach_pt, flags, F_IN),
	VFLD(iommufd_sim_vfio_attach_pt, pt_id, F_INOUT),
	VFLD(iommufd_sim_vfio_attach_pt, pasid, F_IN),
	END_FIELDS
};

static const struct field vfdev_detach_fields[] = {
	VFLD(iommufd_sim_vfio_detach_pt, argsz, F_IN),
	VFLD(iommufd_sim_vfio_detach_pt, flags, F_IN),
	VFLD(iommufd_sim_vfio_detach_pt, pasid, F_IN),
	END_FIELDS
};

static const struct field vfdev_info_fields[] = {
	VFLD(vfio_device_info, argsz, F_INOUT),
	VFLD(vfio_device_info, flags, F_OUT | F_HEX),
	VFLD(vfio_device_info, num_regions, F_OUT),
	VFLD(vfio_device_info, num_irqs, F_OUT),
	VFLD(vfio_device_info, cap_offset, F_INOUT),
	END_FIELDS
};

static const struct field vfdev_region_fields[] = {
	VFLD(vfio_region_info, argsz, F_INOUT),
	VFLD(vfio_region_info, flags, F_OUT | F_HEX),
	VFLD(vfio_region_info, index, F_IN),
	VFLD(vfio_region_info, cap_offset, F_INOUT),
	VFLD(vfio_region_info, size, F_OUT),
	VFLD(vfio_region_info, offset, F_OUT | F_HEX),
	END_FIELDS
};

static const struct field vfdev_irq_fields[] = {
	VFLD(vfio_irq_info, argsz, F_INOUT),
	VFLD(vfio_irq_info, flags, F_OUT | F_HEX),
	VFLD(vfio_irq_info, index, F_IN),
	VFLD(vfio_irq_info, count, F_OUT),
	END_FIELDS
};

static const struct field vfdev_set_irqs_fields[] = {
	FLDN("argsz", struct vfdev_set_irqs, hdr.argsz, F_IN),
	FLDN("flags", struct vfdev_set_irqs, hdr.flags, F_IN),
	FLDN("index", struct vfdev_set_irqs, hdr.index, F_IN),
	FLDN("start", struct vfdev_set_irqs, hdr.start, F_IN),
	FLDN("count", struct vfdev_set_irqs, hdr.count, F_IN),
	FLD(struct vfdev_set_irqs, data, F_IN),
	END_FIELDS
};

static const struct field vfdev_hot_reset_info_fields[] = {
	VFLD(vfio_pci_hot_reset_info, argsz, F_IN),
	VFLD(vfio_pci_hot_reset_info, flags, F_IN),
	VFLD(vfio_pci_hot_reset_info, count, F_IN),
	END_FIELDS
};

static const struct field vfdev_hot_reset_fields[] = {
	VFLD(vfio_pci_hot_reset, argsz, F_IN),
	VFLD(vfio_pci_hot_reset, flags, F_IN),
	VFLD(vfio_pci_hot_reset, count, F_IN),
	END_FIELDS
};

static const struct field vfdev_feature_fields[] = {
	VFLD(vfio_device_feature, argsz, F_IN),
	VFLD(vfio_device_feature, flags, F_IN),
	END_FIELDS
};

static const struct field vfdev_reset_fields[] = {
	END_FIELDS
};

#define CMD(n, num, s, f) { n, num, sizeof(s), f, 0, false }
#define VCMD(n, num, s, f) { n, num, sizeof(s), f, 0, true }
#define TEST_OP(n, opnum, f) \
	{ n, IOMMU_TEST_CMD, sizeof(struct iommu_test_cmd), f, opnum, false }
#define SIM_OP(n, opnum, f) \
	{ n, IOMMUFD_SIM_CMD, sizeof(struct iommufd_sim_cmd), f, opnum, false }

static const struct cmd_desc cmds[] = {
	CMD("destroy", IOMMU_DESTROY, struct iommu_destroy, destroy_fields),
	CMD("ioas_alloc", IOMMU_IOAS_ALLOC, struct iommu_ioas_alloc,
	    ioas_alloc_fields),
	CMD("ioas_map", IOMMU_IOAS_MAP, struct iommu_ioas_map,
	    ioas_map_fields),
	CMD("ioas_map_file", IOMMU_IOAS_MAP_FILE, struct iommu_ioas_map_file,
	    ioas_map_file_fields),
	CMD("ioas_copy", IOMMU_IOAS_COPY, struct iommu_ioas_copy,
	    ioas_copy_fields),
	CMD("ioas_unmap", IOMMU_IOAS_UNMAP, struct iommu_ioas_unmap,
	    ioas_unmap_fields),
	CMD("ioas_change_process", IOMMU_IOAS_CHANGE_PROCESS,
	    struct iommu_ioas_change_process, ioas_change_process_fields),
	CMD("vfio_ioas", IOMMU_VFIO_IOAS, struct iommu_vfio_ioas,
	    vfio_ioas_fields),
	CMD("vfio_map_dma", VFIO_IOMMU_MAP_DMA,
	    struct vfio_iommu_type1_dma_map, vfio_map_dma_fields),
	CMD("vfio_unmap_dma", VFIO_IOMMU_UNMAP_DMA,
	    struct vfio_iommu_type1_dma_unmap, vfio_unmap_dma_fields),
	CMD("ioas_iova_ranges", IOMMU_IOAS_IOVA_RANGES,
	    struct iommu_ioas_iova_ranges, ioas_iova_ranges_fields),
	CMD("ioas_allow_iovas", IOMMU_IOAS_ALLOW_IOVAS,
	    struct iommu_ioas_allow_iovas, ioas_allow_iovas_fields),
	CMD("option", IOMMU_OPTION, struct iommu_option, option_fields),
	CMD("hwpt_alloc", IOMMU_HWPT_ALLOC, struct iommu_hwpt_alloc,
	    hwpt_alloc_fields),
	CMD("get_hw_info", IOMMU_GET_HW_INFO, struct iommu_hw_info,
	    hw_info_fields),
	CMD("viommu_alloc", IOMMU_VIOMMU_ALLOC, struct iommu_viommu_alloc,
	    viommu_alloc_fields),
	CMD("vdevice_alloc", IOMMU_VDEVICE_ALLOC, struct iommu_vdevice_alloc,
	    vdevice_alloc_fields),
	CMD("hwpt_invalidate", IOMMU_HWPT_INVALIDATE,
	    struct iommu_hwpt_invalidate, hwpt_invalidate_fields),
	TEST_OP("test_md_check_iotlb", IOMMU_TEST_OP_MD_CHECK_IOTLB,
		test_md_check_iotlb_fields),
	TEST_OP("test_dev_check_cache", IOMMU_TEST_OP_DEV_CHECK_CACHE,
		test_dev_check_cache_fields),
	TEST_OP("test_trigger_vevent", IOMMU_TEST_OP_TRIGGER_VEVENT,
		test_trigger_vevent_fields),
	TEST_OP("test_trigger_iopf", IOMMU_TEST_OP_TRIGGER_IOPF,
		test_trigger_iopf_fields),
	TEST_OP("test_dirty", IOMMU_TEST_OP_DIRTY, test_dirty_fields),
	CMD("set_dirty_tracking", IOMMU_HWPT_SET_DIRTY_TRACKING,
	    struct iommu_hwpt_set_dirty_tracking, set_dirty_tracking_fields),
	CMD("get_dirty_bitmap", IOMMU_HWPT_GET_DIRTY_BITMAP,
	    struct iommu_hwpt_get_dirty_bitmap, get_dirty_bitmap_fields),
	TEST_OP("test_pasid_attach", IOMMU_TEST_OP_PASID_ATTACH,
		test_pasid_attach_fields),
	TEST_OP("test_pasid_replace", IOMMU_TEST_OP_PASID_REPLACE,
		test_pasid_attach_fields),
	TEST_OP("test_pasid_detach", IOMMU_TEST_OP_PASID_DETACH,
		test_pasid_detach_fields),
	TEST_OP("test_pasid_check_hwpt", IOMMU_TEST_OP_PASID_CHECK_HWPT,
		test_pasid_check_hwpt_fields),
	TEST_OP("test_dmabuf_revoke", IOMMU_TEST_OP_DMABUF_REVOKE,
		test_dmabuf_revoke_fields),
	CMD("fault_queue_alloc", IOMMU_FAULT_QUEUE_ALLOC,
	    struct iommu_fault_alloc, fault_queue_alloc_fields),
	CMD("veventq_alloc", IOMMU_VEVENTQ_ALLOC, struct iommu_veventq_alloc,
	    veventq_alloc_fields),
	CMD("hw_queue_alloc", IOMMU_HW_QUEUE_ALLOC,
	    struct iommu_hw_queue_alloc, hw_queue_alloc_fields),
	TEST_OP("test_cmd", 0, test_cmd_fields),
	TEST_OP("test_add_reserved", IOMMU_TEST_OP_ADD_RESERVED,
		test_add_reserved_fields),
	TEST_OP("test_mock_domain", IOMMU_TEST_OP_MOCK_DOMAIN,
		test_mock_domain_fields),
	TEST_OP("test_mock_domain_flags", IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS,
		test_mock_domain_flags_fields),
	TEST_OP("test_mock_domain_replace", IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE,
		test_mock_domain_replace_fields),
	TEST_OP("test_md_check_map", IOMMU_TEST_OP_MD_CHECK_MAP,
		test_md_check_map_fields),
	TEST_OP("test_md_check_refs", IOMMU_TEST_OP_MD_CHECK_REFS,
		test_md_check_refs_fields),
	TEST_OP("test_set_temp_memory_limit",
		IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT, test_memory_limit_fields),
	TEST_OP("test_create_access", IOMMU_TEST_OP_CREATE_ACCESS,
		test_create_access_fields),
	TEST_OP("test_access_pages", IOMMU_TEST_OP_ACCESS_PAGES,
		test_access_pages_fields),
	TEST_OP("test_destroy_access_pages", IOMMU_TEST_OP_DESTROY_ACCESS_PAGES,
		test_destroy_access_pages_fields),
	TEST_OP("test_access_rw", IOMMU_TEST_OP_ACCESS_RW,
		test_access_rw_fields),
	TEST_OP("test_access_replace_ioas", IOMMU_TEST_OP_ACCESS_REPLACE_IOAS,
		test_access_replace_ioas_fields),
	SIM_OP("sim_cmd", 0, sim_cmd_fields),
	SIM_OP("sim_device_alloc", IOMMUFD_SIM_OP_DEVICE_ALLOC,
	       sim_device_alloc_fields),
	SIM_OP("sim_viommu_counters", IOMMUFD_SIM_OP_VIOMMU_COUNTERS,
	       sim_viommu_counters_fields),
	SIM_OP("sim_cmdqv_step", IOMMUFD_SIM_OP_CMDQV_STEP,
	       sim_cmdqv_step_fields),
	SIM_OP("sim_cmdqv_queue_state", IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE,
	       sim_cmdqv_queue_state_fields),
	SIM_OP("sim_cmdqv_trace", IOMMUFD_SIM_OP_CMDQV_TRACE,
	       sim_cmdqv_trace_fields),
	VCMD("vfio_dev_bind", IOMMUFD_SIM_VFIO_BIND_IOMMUFD,
	     struct iommufd_sim_vfio_bind_iommufd, vfdev_bind_fields),
	VCMD("vfio_dev_attach", IOMMUFD_SIM_VFIO_ATTACH_IOMMUFD_PT,
	     struct iommufd_sim_vfio_attach_pt, vfdev_attach_fields),
	VCMD("vfio_dev_detach", IOMMUFD_SIM_VFIO_DETACH_IOMMUFD_PT,
	     struct iommufd_sim_vfio_detach_pt, vfdev_detach_fields),
	VCMD("vfio_dev_info", VFIO_DEVICE_GET_INFO, struct vfio_device_info,
	     vfdev_info_fields),
	VCMD("vfio_dev_region_info", VFIO_DEVICE_GET_REGION_INFO,
	     struct vfio_region_info, vfdev_region_fields),
	VCMD("vfio_dev_irq_info", VFIO_DEVICE_GET_IRQ_INFO,
	     struct vfio_irq_info, vfdev_irq_fields),
	VCMD("vfio_dev_set_irqs", VFIO_DEVICE_SET_IRQS, struct vfdev_set_irqs,
	     vfdev_set_irqs_fields),
	VCMD("vfio_dev_reset", VFIO_DEVICE_RESET, struct vfio_device_feature,
	     vfdev_reset_fields),
	VCMD("vfio_dev_hot_reset_info", VFIO_DEVICE_GET_PCI_HOT_RESET_INFO,
	     struct vfio_pci_hot_reset_info, vfdev_hot_reset_info_fields),
	VCMD("vfio_dev_hot_reset", VFIO_DEVICE_PCI_HOT_RESET,
	     struct vfio_pci_hot_reset, vfdev_hot_reset_fields),
	VCMD("vfio_dev_feature", VFIO_DEVICE_FEATURE,
	     struct vfio_device_feature, vfdev_feature_fields),
	VCMD("vfio_dev_ioeventfd", VFIO_DEVICE_IOEVENTFD,
	     struct vfio_device_ioeventfd, vfdev_feature_fields),
};

/* VFIO device fds (vopen) and eventfds (efd), in the order made */
#define MAX_VFDEVS 16
static int vfdevs[MAX_VFDEVS];
static int nvfdevs;
#define MAX_EFDS 16
static int efds[MAX_EFDS];
static int nefds;

static int fds[MAX_FDS];
static int cur;

/* KVM VMs (kvm_vm): the VM fd and its VFIO pseudo device fd */
#define MAX_KVMS 4
static struct {
	int vm, dev;
} kvms[MAX_KVMS];
static int nkvms;

/* vEVENTQ fds in the order veventq_alloc returned them, and their types */
#define MAX_EVFDS 16
/* evtypes[] of a fault queue's fd (no vEVENTQ type is this large) */
#define EVFD_FAULT_QUEUE UINT32_MAX
static int evfds[MAX_EVFDS];
static uint32_t evtypes[MAX_EVFDS];
static int nevfds;

/* access fds in the order test_create_access returned them */
#define MAX_ACCFDS 16
static int accfds[MAX_ACCFDS];
static int naccfds;

/* dma-buf fds in the order dmabuf and udmabuf made them */
#define MAX_DBFDS 16
static int dbfds[MAX_DBFDS];
static int ndbfds;

/* Memory buffers made by "mem" steps, named for @NAME field values. */
#define MAX_MEMS 16
struct mem {
	char name[32];
	void *addr;
	size_t len;
	int fd;			/* memfd or device file, else -1 */
};
static struct mem mems[MAX_MEMS];
static int nmems;

/* iova ranges passed to ALLOW_IOVAS or returned by IOVA_RANGES */
#define MAX_RANGES 256
static struct iommu_iova_range ranges_buf[MAX_RANGES];

static struct mem *find_mem(const char *name, size_t n)
{
	int i;

	for (i = 0; i < nmems; i++)
		if (strlen(mems[i].name) == n && !strncmp(mems[i].name, name, n))
			return &mems[i];
	tl_usage_error("no memory buffer '%.*s'", (int)n, name);
}

/* A number with an optional K, M or G suffix (binary units). */
static uint64_t parse_size(const char *what, const char *s)
{
	char buf[64];
	size_t n = strlen(s);
	unsigned int shift = 0;

	if (!n || n >= sizeof(buf))
		tl_usage_error("%s: bad size '%s'", what, s);
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	}
	if (shift)
		buf[n - 1] = '\0';
	return tl_parse_u64(what, buf) << shift;
}

/*
 * Names a field value may be given by instead of a number: the uAPI's
 * constants in lower case without their prefix.  @cmd NULL: every command.
 * A flags field takes several, joined by ':' (flags=fixed_iova:writeable:readable).
 */
static const struct value_name {
	const char *cmd;
	const char *field;
	const char *name;
	uint64_t val;
} value_names[] = {
	{ "sim_device_alloc", "model", "selftest", IOMMUFD_SIM_MODEL_SELFTEST },
	{ "sim_device_alloc", "model", "tegra241", IOMMUFD_SIM_MODEL_TEGRA241 },
	{ "viommu_alloc", "type", "default", IOMMU_VIOMMU_TYPE_DEFAULT },
	{ "viommu_alloc", "type", "arm_smmuv3", IOMMU_VIOMMU_TYPE_ARM_SMMUV3 },
	{ "viommu_alloc", "type", "tegra241_cmdqv",
	  IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV },
	{ "viommu_alloc", "type", "selftest", IOMMU_VIOMMU_TYPE_SELFTEST },
	{ "veventq_alloc", "type", "default", IOMMU_VEVENTQ_TYPE_DEFAULT },
	{ "veventq_alloc", "type", "arm_smmuv3", IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 },
	{ "veventq_alloc", "type", "tegra241_cmdqv",
	  IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV },
	{ "veventq_alloc", "type", "selftest", IOMMU_VEVENTQ_TYPE_SELFTEST },
	{ "hw_queue_alloc", "type", "default", IOMMU_HW_QUEUE_TYPE_DEFAULT },
	{ "hw_queue_alloc", "type", "tegra241_cmdqv",
	  IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV },
	{ "hw_queue_alloc", "type", "selftest", IOMMU_HW_QUEUE_TYPE_SELFTEST },
	{ "hwpt_alloc", "data_type", "none", IOMMU_HWPT_DATA_NONE },
	{ "hwpt_alloc", "data_type", "vtd_s1", IOMMU_HWPT_DATA_VTD_S1 },
	{ "hwpt_alloc", "data_type", "arm_smmuv3", IOMMU_HWPT_DATA_ARM_SMMUV3 },
	{ "hwpt_alloc", "data_type", "selftest", IOMMU_HWPT_DATA_SELFTEST },
	{ "hwpt_alloc", "flags", "nest_parent", IOMMU_HWPT_ALLOC_NEST_PARENT },
	{ "hwpt_alloc", "flags", "dirty_tracking",
	  IOMMU_HWPT_ALLOC_DIRTY_TRACKING },
	{ "hwpt_alloc", "flags", "pasid", IOMMU_HWPT_ALLOC_PASID },
	{ "hwpt_alloc", "flags", "fault_id_valid", IOMMU_HWPT_FAULT_ID_VALID },
	{ "hwpt_invalidate", "data_type", "vtd_s1",
	  IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 },
	{ "hwpt_invalidate", "data_type", "arm_smmuv3",
	  IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3 },
	{ "hwpt_invalidate", "data_type", "selftest",
	  IOMMU_HWPT_INVALIDATE_DATA_SELFTEST },
	{ "get_hw_info", "in_data_type", "default", IOMMU_HW_INFO_TYPE_DEFAULT },
	{ "get_hw_info", "in_data_type", "intel_vtd",
	  IOMMU_HW_INFO_TYPE_INTEL_VTD },
	{ "get_hw_info", "in_data_type", "arm_smmuv3",
	  IOMMU_HW_INFO_TYPE_ARM_SMMUV3 },
	{ "get_hw_info", "in_data_type", "tegra241_cmdqv",
	  IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV },
	{ "get_hw_info", "in_data_type", "selftest", IOMMU_HW_INFO_TYPE_SELFTEST },
	{ "get_hw_info", "flags", "input_type", IOMMU_HW_INFO_FLAG_INPUT_TYPE },
	{ "ioas_map", "flags", "fixed_iova", IOMMU_IOAS_MAP_FIXED_IOVA },
	{ "ioas_map", "flags", "writeable", IOMMU_IOAS_MAP_WRITEABLE },
	{ "ioas_map", "flags", "readable", IOMMU_IOAS_MAP_READABLE },
	{ "ioas_map_file", "flags", "fixed_iova", IOMMU_IOAS_MAP_FIXED_IOVA },
	{ "ioas_map_file", "flags", "writeable", IOMMU_IOAS_MAP_WRITEABLE },
	{ "ioas_map_file", "flags", "readable", IOMMU_IOAS_MAP_READABLE },
	{ "ioas_copy", "flags", "fixed_iova", IOMMU_IOAS_MAP_FIXED_IOVA },
	{ "ioas_copy", "flags", "writeable", IOMMU_IOAS_MAP_WRITEABLE },
	{ "ioas_copy", "flags", "readable", IOMMU_IOAS_MAP_READABLE },
	{ "test_create_access", "flags", "needs_pin_pages",
	  MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES },
	{ "test_access_pages", "flags", "write", MOCK_FLAGS_ACCESS_WRITE },
	{ "test_access_pages", "flags", "syz", MOCK_FLAGS_ACCESS_SYZ },
	{ "test_access_rw", "flags", "write", MOCK_ACCESS_RW_WRITE },
	{ "test_access_rw", "flags", "slow_path", MOCK_ACCESS_RW_SLOW_PATH },
	{ "test_access_rw", "flags", "syz", MOCK_FLAGS_ACCESS_SYZ },
	{ "set_dirty_tracking", "flags", "enable",
	  IOMMU_HWPT_DIRTY_TRACKING_ENABLE },
	{ "get_dirty_bitmap", "flags", "no_clear",
	  IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR },
};

/* One name of @cmd's field @key, @len bytes of @s; exits when unknown */
static uint64_t value_by_name(const char *cmd, const char *key, const char *s,
			      size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(value_names) / sizeof(value_names[0]); i++) {
		const struct value_name *v = &value_names[i];

		if ((!v->cmd || (cmd && !strcmp(v->cmd, cmd))) &&
		    !strcmp(v->field, key) && strlen(v->name) == len &&
		    !strncmp(v->name, s, len))
			return v->val;
	}
	tl_usage_error("%s: %s: unknown name '%.*s'", cmd ? cmd : "?", key,
		       (int)len, s);
}

/* A name, or names joined by ':' (or'ed together) */
static uint64_t parse_names(const char *cmd, const char *key, const char *s)
{
	uint64_t v = 0;
	const char *colon;

	for (;;) {
		colon = strchr(s, ':');
		v |= value_by_name(cmd, key, s, colon ? (size_t)(colon - s) :
				   strlen(s));
		if (!colon)
			return v;
		s = colon + 1;
	}
}

static int ctx_fd(void);

/*
 * A field value of command @cmd: a number (K, M, G suffixes allowed), a
 * name of value_names[], accK (the K-th access fd), dbK (the K-th dma-buf
 * fd), or @NAME, @NAME+N,
 * @NAME-N: the address of memory buffer NAME plus or minus N (for the
 * field "fd": its file descriptor).
 */
static uint64_t parse_value(const char *cmd, const char *key, const char *s)
{
	const char *op;
	struct mem *m;
	uint64_t base, off = 0;

	if (!strncmp(s, "acc", 3) && s[3] >= '0' && s[3] <= '9') {
		base = tl_parse_u64("acc", s + 3);
		if (base >= (uint64_t)naccfds)
			tl_usage_error("no access fd %s", s);
		return accfds[base];
	}
	if (!strncmp(s, "db", 2) && s[2] >= '0' && s[2] <= '9') {
		base = tl_parse_u64("db", s + 2);
		if (base >= (uint64_t)ndbfds)
			tl_usage_error("no dma-buf fd %s", s);
		return dbfds[base];
	}
	if (!strncmp(s, "vfd", 3) && s[3] >= '0' && s[3] <= '9') {
		base = tl_parse_u64("vfd", s + 3);
		if (base >= (uint64_t)nvfdevs)
			tl_usage_error("no VFIO device fd %s", s);
		return vfdevs[base];
	}
	if (!strncmp(s, "efd", 3) && s[3] >= '0' && s[3] <= '9') {
		base = tl_parse_u64("efd", s + 3);
		if (base >= (uint64_t)nefds)
			tl_usage_error("no eventfd %s", s);
		return efds[base];
	}
	if (!strncmp(s, "ctx", 3) && s[3] >= '0' && s[3] <= '9') {
		int save = cur, fd;

		base = tl_parse_u64("ctx", s + 3);
		if (base >= MAX_FDS)
			tl_usage_error("fd slots are 0-%d", MAX_FDS - 1);
		cur = base;
		fd = ctx_fd();
		cur = save;
		return fd;
	}
	if ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')
		return parse_names(cmd, key, s);
	if (s[0] != '@')
		return parse_size(key, s);
	op = strpbrk(s + 1, "+-");
	m = find_mem(s + 1, op ? (size_t)(op - s - 1) : strlen(s + 1));
	if (op)
		off = parse_size(key, op + 1);
	base = !strcmp(key, "fd") ? (uint64_t)m->fd : (uintptr_t)m->addr;
	return op && *op == '-' ? base - off : base + off;
}

/* "START-LAST:START-LAST..." (may be empty) into ranges_buf */
static unsigned int parse_ranges(const char *s)
{
	char buf[4096], *save, *tok, *dash;
	unsigned int n = 0;

	if (strlen(s) >= sizeof(buf))
		tl_usage_error("ranges: too long");
	strcpy(buf, s);
	for (tok = strtok_r(buf, ":", &save); tok;
	     tok = strtok_r(NULL, ":", &save)) {
		dash = strchr(tok, '-');
		if (!dash || n == MAX_RANGES)
			tl_usage_error("ranges: expected START-LAST, got '%s'",
				       tok);
		*dash = '\0';
		ranges_buf[n].start = tl_parse_u64("start", tok);
		ranges_buf[n].last = tl_parse_u64("last", dash + 1);
		n++;
	}
	return n;
}

static void *map_pfn_device(size_t len, int *fdp)
{
	static const char *const globs[] = {
		"/sys/bus/pci/devices/*/resource[0-5]",
	};
	glob_t g;
	size_t i, j;
	void *p;
	int fd;

	for (i = 0; i < sizeof(globs) / sizeof(globs[0]); i++) {
		if (glob(globs[i], 0, NULL, &g))
			continue;
		for (j = 0; j < g.gl_pathc; j++) {
			fd = open(g.gl_pathv[j], O_RDWR | O_CLOEXEC);
			if (fd < 0)
				continue;
			p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, 0);
			if (p != MAP_FAILED) {
				globfree(&g);
				*fdp = fd;
				return p;
			}
			close(fd);
		}
		globfree(&g);
	}
	tl_fatal("mem: no PFN-mapped device memory found to mmap");
}

/*
 * mem,name=N,len=L[,kind=anon|ro|huge|memfd|hugememfd|file|pfnmap]
 *     [,path=P]: make a buffer for @N values.  anon (default) and ro are
 * private anonymous memory (ro: PROT_READ only), huge is MAP_HUGETLB, memfd
 * and hugememfd are a (hugetlb) memfd of L bytes mapped shared, file is
 * file P, pfnmap is a PCI BAR mapping (VM_IO | VM_PFNMAP).
 */
static void run_mem(int n, char **keys, char **vals)
{
	const char *name = NULL, *kind = "anon", *path = NULL;
	int prot = PROT_READ | PROT_WRITE, fd = -1, i;
	uint64_t len = 0;
	struct mem *m;
	void *p;

	for (i = 0; i < n; i++) {
		if (!vals[i])
			tl_usage_error("mem: '%s' needs a value", keys[i]);
		if (!strcmp(keys[i], "name"))
			name = vals[i];
		else if (!strcmp(keys[i], "len"))
			len = parse_size("len", vals[i]);
		else if (!strcmp(keys[i], "kind"))
			kind = vals[i];
		else if (!strcmp(keys[i], "path"))
			path = vals[i];
		else
			tl_usage_error("mem: unknown argument '%s'", keys[i]);
	}
	if (!name || !len || strlen(name) >= sizeof(m->name) ||
	    nmems == MAX_MEMS)
		tl_usage_error("mem: name= and len= are required");

	if (!strcmp(kind, "anon") || !strcmp(kind, "ro") ||
	    !strcmp(kind, "huge")) {
		if (!strcmp(kind, "ro"))
			prot = PROT_READ;
		p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS |
			 (!strcmp(kind, "huge") ? MAP_HUGETLB : 0), -1, 0);
	} else if (!strcmp(kind, "memfd") || !strcmp(kind, "hugememfd") ||
		   !strcmp(kind, "file")) {
		if (!strcmp(kind, "file"))
			fd = path ? open(path, O_RDWR | O_CREAT, 0600) : -1;
		else
			fd = memfd_create("iofd", !strcmp(kind, "hugememfd") ?
					  MFD_HUGETLB : 0);
		if (fd < 0 || ftruncate(fd, len))
			tl_fatal("mem: %s: %s", kind, tl_errname(errno));
		p = mmap(NULL, len, prot, MAP_SHARED, fd, 0);
	} else if (!strcmp(kind, "pfnmap")) {
		p = map_pfn_device(len, &fd);
	} else {
		tl_usage_error("mem: unknown kind '%s'", kind);
	}
	if (p == MAP_FAILED)
		tl_fatal("mem: mmap %s: %s", kind, tl_errname(errno));
	m = &mems[nmems++];
	strcpy(m->name, name);
	m->addr = p;
	m->len = len;
	m->fd = fd;
}

static int ctx_fd(void)
{
	if (fds[cur] < 0) {
		fds[cur] = open(tl_device_path(), O_RDWR | O_CLOEXEC);
		if (fds[cur] < 0)
			tl_fatal("iofd: open %s: %s", tl_device_path(),
				 tl_errname(errno));
	}
	return fds[cur];
}

static void put_le(unsigned char *buf, unsigned int off, unsigned int width,
		   uint64_t v)
{
	if (off + width > MAX_BUF)
		tl_usage_error("offset %u beyond the buffer", off);
	memcpy(buf + off, &v, width);	/* little-endian hosts only */
}

static uint64_t get_le(const unsigned char *buf, unsigned int off,
		       unsigned int width)
{
	uint64_t v = 0;

	memcpy(&v, buf + off, width);
	return v;
}

/* Split "name,k=v,k=v" in place; returns the number of k=v pairs. */
static int split_args(char *step, char **keys, char **vals, int max)
{
	char *save, *tok;
	int n = 0;

	strtok_r(step, ",", &save);
	while ((tok = strtok_r(NULL, ",", &save))) {
		char *eq = strchr(tok, '=');

		if (n == max)
			tl_usage_error("too many arguments");
		keys[n] = tok;
		vals[n] = eq ? eq + 1 : NULL;
		if (eq)
			*eq = '\0';
		n++;
	}
	return n;
}

static int call(unsigned long num, void *arg)
{
	return tl_ioctl(ctx_fd(), num, arg);
}

/* An F_OUT or F_INOUT field as " name=value" */
static void print_field(const unsigned char *buf, const struct field *f)
{
	unsigned long long v;

	if (!(f->dir & (F_OUT | F_INOUT)))
		return;
	v = get_le(buf, f->off, f->width);
	if (f->dir & F_HEX)
		printf(" %s=0x%llx", f->name, v);
	else
		printf(" %s=%llu", f->name, v);
}

/*
 * ioas_allow_iovas and ioas_iova_ranges: like run_cmd(), plus
 * ranges=START-LAST:... (ALLOW_IOVAS: sets allowed_iovas and, unless
 * given, num_iovas) and, for IOVA_RANGES, an array of num_iovas entries
 * whose returned ranges are printed as " ranges=START-LAST:...".
 * IOVA_RANGES writes the struct back before failing with EMSGSIZE, so the
 * fields are printed after that errno too.
 */
static void run_ranges_cmd(const struct cmd_desc *d, int n, char **keys,
			   char **vals)
{
	bool out = !strcmp(d->name, "ioas_iova_ranges");
	/* allowed_iovas and num_iovas are at the same offsets in both */
	const unsigned int ptr_off = offsetof(struct iommu_ioas_iova_ranges,
					      allowed_iovas);
	const unsigned int num_off = offsetof(struct iommu_ioas_iova_ranges,
					      num_iovas);
	unsigned char buf[MAX_BUF] = { 0 };
	bool has_ptr = false, has_num = false;
	const struct field *f;
	uint64_t cap, got;
	int i, err, nranges = -1;

	put_le(buf, 0, 4, d->size);
	for (i = 0; i < n; i++) {
		if (!vals[i])
			tl_usage_error("%s: '%s' needs a value", d->name,
				       keys[i]);
		if (!out && !strcmp(keys[i], "ranges")) {
			nranges = parse_ranges(vals[i]);
			continue;
		}
		for (f = d->fields; f->name; f++)
			if (!strcmp(f->name, keys[i]))
				break;
		if (!f->name)
			tl_usage_error("%s: unknown field '%s'", d->name,
				       keys[i]);
		has_ptr |= f->off == ptr_off;
		has_num |= f->off == num_off;
		put_le(buf, f->off, f->width,
		       parse_value(d->name, keys[i], vals[i]));
	}
	if (!has_ptr) {
		/* a pattern, so that entries the kernel did not write show */
		if (out)
			memset(ranges_buf, 0xa5, sizeof(ranges_buf));
		put_le(buf, ptr_off, 8, (uintptr_t)ranges_buf);
	}
	if (nranges >= 0 && !has_num)
		put_le(buf, num_off, 4, nranges);
	cap = get_le(buf, num_off, 4);

	err = call(d->ioctl_num, buf);
	if (err && !(out && err == EMSGSIZE)) {
		printf("%s: %s\n", d->name, tl_errname(err));
		return;
	}
	printf("%s: %s", d->name, err ? tl_errname(err) : "ok");
	for (f = d->fields; f->name; f++)
		print_field(buf, f);
	if (out && !has_ptr) {
		got = get_le(buf, num_off, 4);
		if (got > cap)
			got = cap;
		if (got > MAX_RANGES)
			got = MAX_RANGES;
		printf(" ranges=");
		for (i = 0; i < (int)got; i++)
			printf("%s0x%llx-0x%llx", i ? ":" : "",
			       (unsigned long long)ranges_buf[i].start,
			       (unsigned long long)ranges_buf[i].last);
	}
	printf("\n");
}

/*
 * An fd the kernel returned, printed as " fd=<what it links to>
 * flags=<access mode>,cloexec" since its number depends on the caller.
 */
static void describe_fd(int fd)
{
	char path[64], target[256];
	int fl, fdfl;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	fl = fcntl(fd, F_GETFL);
	fdfl = fcntl(fd, F_GETFD);
	if (n < 0 || fl < 0 || fdfl < 0) {
		printf(" fd=%s", tl_errname(errno));
		return;
	}
	target[n] = '\0';
	printf(" fd=%s flags=%s%s", target,
	       (fl & O_ACCMODE) == O_RDWR ? "rdwr" :
	       (fl & O_ACCMODE) == O_RDONLY ? "rdonly" : "wronly",
	       fdfl & FD_CLOEXEC ? ",cloexec" : "");
}

/* describe_fd() of a VEVENTQ_ALLOC's fd, which becomes the latest q= */
static void describe_evfd(int fd, uint32_t type)
{
	describe_fd(fd);
	if (nevfds == MAX_EVFDS)
		tl_usage_error("too many vEVENTQ fds");
	evtypes[nevfds] = type;
	evfds[nevfds++] = fd;
}

/* The field called @name of @d, or NULL */
static const struct field *find_field(const struct cmd_desc *d,
				      const char *name)
{
	const struct field *f;

	for (f = d->fields; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/*
 * data=W:W:...: fill @words (MAX_BUF bytes, zeroed) and point data_uptr at
 * them; returns the number of words.
 */
static int parse_data_words(const struct cmd_desc *d, unsigned char *buf,
			    uint32_t *words, const char *s)
{
	const struct field *f = find_field(d, "data_uptr");
	char tmp[4096], *save, *tok;
	int nwords = 0;

	if (!f || strlen(s) >= sizeof(tmp))
		tl_usage_error("%s: data= needs a data_uptr field", d->name);
	strcpy(tmp, s);
	memset(words, 0, MAX_BUF);
	for (tok = strtok_r(tmp, ":", &save); tok;
	     tok = strtok_r(NULL, ":", &save)) {
		if (nwords == MAX_BUF / 4)
			tl_usage_error("data: too many words");
		words[nwords++] = tl_parse_u64("data", tok);
	}
	put_le(buf, f->off, f->width, (uintptr_t)words);
	return nwords;
}

/* The value of key @key among the step's arguments, or NULL. */
static const char *arg(int n, char **keys, char **vals, const char *key)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(keys[i], key))
			continue;
		if (!vals[i])
			tl_usage_error("'%s' needs a value", key);
		return vals[i];
	}
	return NULL;
}

/* The VFIO device fd a step names with v=K, or the latest one */
static int vfdev_fd(int n, char **keys, char **vals)
{
	uint64_t k = nvfdevs ? nvfdevs - 1 : 0;
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], "v") && vals[i])
			k = tl_parse_u64("v", vals[i]);
	if (k >= (uint64_t)nvfdevs || vfdevs[k] < 0)
		tl_usage_error("no open VFIO device fd %llu",
			       (unsigned long long)k);
	return vfdevs[k];
}

static void run_vopen(int n, char **keys, char **vals)
{
	const char *path = arg(n, keys, vals, "path");
	int fd;

	if (!path)
		tl_usage_error("vopen: path= is required");
	if (nvfdevs == MAX_VFDEVS)
		tl_usage_error("too many VFIO device fds");
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("vopen: %s\n", tl_errname(errno));
		return;
	}
	vfdevs[nvfdevs] = fd;
	printf("vopen: ok v=%d\n", nvfdevs++);
}

static void run_vclose(int n, char **keys, char **vals)
{
	int fd = vfdev_fd(n, keys, vals), i;

	close(fd);
	for (i = 0; i < nvfdevs; i++)
		if (vfdevs[i] == fd)
			vfdevs[i] = -1;
}

/* pread/pwrite of a VFIO device region (cfgrd, cfgwr) */
static void run_cfgrw(const char *name, bool write, int n, char **keys,
		      char **vals)
{
	const char *off = arg(n, keys, vals, "off");
	const char *len = arg(n, keys, vals, "len");
	const char *region = arg(n, keys, vals, "region");
	const char *val = arg(n, keys, vals, "val");
	static unsigned char buf[1 << 16];
	uint64_t l, v = 0, pos;
	ssize_t got;
	int fd = vfdev_fd(n, keys, vals);

	if (!off || !len || (write && !val))
		tl_usage_error("%s: off= and len= are required%s", name,
			       write ? ", and val=" : "");
	l = tl_parse_u64("len", len);
	if (l > sizeof(buf) || (write && l > 8))
		tl_usage_error("%s: len too large", name);
	pos = (region ? tl_parse_u64("region", region) : 7) << 40;
	pos += tl_parse_u64("off", off);
	if (write) {
		v = tl_parse_u64("val", val);
		memcpy(buf, &v, 8);	/* little-endian hosts only */
		got = pwrite(fd, buf, l, pos);
	} else {
		memset(buf, 0xa5, l);
		got = pread(fd, buf, l, pos);
	}
	if (got < 0) {
		printf("%s: %s\n", name, tl_errname(errno));
		return;
	}
	printf("%s: ok n=%zd", name, got);
	if (!write && got > 0 && got <= 8) {
		memcpy(&v, buf, got);
		printf(" val=0x%llx", (unsigned long long)v);
	}
	printf("\n");
}

static void run_cfgrd(int n, char **keys, char **vals)
{
	run_cfgrw("cfgrd", false, n, keys, vals);
}

static void run_cfgwr(int n, char **keys, char **vals)
{
	run_cfgrw("cfgwr", true, n, keys, vals);
}

static void run_vmmap(int n, char **keys, char **vals)
{
	void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED,
		       vfdev_fd(n, keys, vals), 7ULL << 40);

	if (p == MAP_FAILED) {
		printf("vmmap: %s\n", tl_errname(errno));
		return;
	}
	munmap(p, 4096);
	printf("vmmap: ok\n");
}

static void run_efd(int n, char **keys, char **vals)
{
	int fd;

	(void)n, (void)keys, (void)vals;
	if (nefds == MAX_EFDS)
		tl_usage_error("too many eventfds");
	fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (fd < 0)
		tl_fatal("eventfd: %s", tl_errname(errno));
	efds[nefds] = fd;
	printf("efd: ok e=%d\n", nefds++);
}

static void run_kvm_vm(int n, char **keys, char **vals)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_VFIO };
	int kvm, vm;

	(void)n, (void)keys, (void)vals;
	if (nkvms == MAX_KVMS)
		tl_usage_error("too many KVM VMs");
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		printf("kvm_vm: open %s\n", tl_errname(errno));
		return;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	close(kvm);
	if (vm < 0) {
		printf("kvm_vm: create_vm %s\n", tl_errname(errno));
		return;
	}
	if (ioctl(vm, KVM_CREATE_DEVICE, &cd)) {
		printf("kvm_vm: create_device %s\n", tl_errname(errno));
		close(vm);
		return;
	}
	kvms[nkvms].vm = vm;
	kvms[nkvms].dev = cd.fd;
	printf("kvm_vm: ok k=%d\n", nkvms++);
}

static int kvm_index(const char *name, int n, char **keys, char **vals)
{
	const char *k = arg(n, keys, vals, "k");
	uint64_t i = k ? tl_parse_u64("k", k) : (uint64_t)nkvms - 1;

	if (!nkvms || i >= (uint64_t)nkvms || kvms[i].vm < 0)
		tl_usage_error("%s: no open KVM VM", name);
	return i;
}

static void run_kvm_file(int n, char **keys, char **vals)
{
	const char *op = arg(n, keys, vals, "op");
	const char *f = arg(n, keys, vals, "fd");
	struct kvm_device_attr attr = { .group = KVM_DEV_VFIO_FILE };
	int32_t fd;
	int k;

	if (!op || !f || (strcmp(op, "add") && strcmp(op, "del")))
		tl_usage_error("kvm_file takes op=add|del,fd=F[,k=K]");
	k = kvm_index("kvm_file", n, keys, vals);
	fd = parse_value("kvm_file", "fd", f);
	attr.attr = !strcmp(op, "add") ? KVM_DEV_VFIO_FILE_ADD :
					 KVM_DEV_VFIO_FILE_DEL;
	attr.addr = (uintptr_t)&fd;
	if (ioctl(kvms[k].dev, KVM_SET_DEVICE_ATTR, &attr)) {
		printf("kvm_file: %s\n", tl_errname(errno));
		return;
	}
	printf("kvm_file: ok\n");
}

static void run_kvm_close(int n, char **keys, char **vals)
{
	int k = kvm_index("kvm_close", n, keys, vals);

	close(kvms[k].dev);
	close(kvms[k].vm);
	kvms[k].vm = kvms[k].dev = -1;
}

static void run_efdread(int n, char **keys, char **vals)
{
	const char *e = arg(n, keys, vals, "e");
	uint64_t k = e ? tl_parse_u64("e", e) : (uint64_t)nefds - 1, cnt;

	if (!nefds || k >= (uint64_t)nefds)
		tl_usage_error("efdread: no eventfd");
	if (read(efds[k], &cnt, sizeof(cnt)) != sizeof(cnt)) {
		printf("efdread: %s\n", tl_errname(errno));
		return;
	}
	printf("efdread: %llu\n", (unsigned long long)cnt);
}

static void run_cmd(const struct cmd_desc *d, int n, char **keys, char **vals)
{
	static uint32_t words[MAX_BUF / 4];
	unsigned char buf[MAX_BUF] = { 0 };
	unsigned char *data = NULL;
	uint64_t data_len = 0;
	const struct field *f;
	bool have_len = false;
	int i, err, nwords = -1;

	int vfd = -1;

	put_le(buf, 0, 4, d->size);
	if (d->op)
		put_le(buf, 4, 4, d->op);
	if (d->vfdev)
		vfd = vfdev_fd(n, keys, vals);
	for (i = 0; i < n; i++) {
		if (d->vfdev && !strcmp(keys[i], "v"))
			continue;
		if (!strcmp(keys[i], "buf") && vals[i]) {
			data_len = tl_parse_u64("buf", vals[i]);
			if (data_len > MAX_BUF)
				tl_usage_error("buf: at most %d bytes", MAX_BUF);
			data = malloc(data_len ? data_len : 1);
			if (!data)
				tl_fatal("out of memory");
			memset(data, 0xa5, data_len);
			for (f = d->fields; f->name; f++)
				if (!strcmp(f->name, "data_uptr"))
					put_le(buf, f->off, f->width,
					       (uintptr_t)data);
			continue;
		}
		/* get_dirty_bitmap's own "data" field is a plain pointer */
		if (!strcmp(keys[i], "data") && vals[i] &&
		    find_field(d, "data_uptr")) {
			nwords = parse_data_words(d, buf, words, vals[i]);
			continue;
		}
		for (f = d->fields; f->name; f++)
			if (!strcmp(f->name, keys[i]))
				break;
		if (!f->name || !vals[i])
			tl_usage_error("%s: unknown field '%s'", d->name,
				       keys[i]);
		have_len |= !strcmp(f->name, "data_len");
		put_le(buf, f->off, f->width,
		       parse_value(d->name, keys[i], vals[i]));
	}
	f = find_field(d, "data_len");
	if (nwords >= 0 && !have_len && f)
		put_le(buf, f->off, f->width, nwords * 4);
	err = d->vfdev ? tl_ioctl(vfd, d->ioctl_num, buf) :
			 call(d->ioctl_num, buf);
	if (err) {
		printf("%s: %s", d->name, tl_errname(err));
		for (f = d->fields; f->name; f++)
			if (f->dir & F_ERR)
				print_field(buf, f);
		printf("\n");
		free(data);
		return;
	}
	printf("%s: ok", d->name);
	for (f = d->fields; f->name; f++)
		print_field(buf, f);
	if (d->ioctl_num == IOMMU_FAULT_QUEUE_ALLOC)
		describe_evfd(get_le(buf, offsetof(struct iommu_fault_alloc,
						   out_fault_fd), 4),
			      EVFD_FAULT_QUEUE);
	if (d->ioctl_num == IOMMU_VEVENTQ_ALLOC)
		describe_evfd(get_le(buf, offsetof(struct iommu_veventq_alloc,
						   out_veventq_fd), 4),
			      get_le(buf, offsetof(struct iommu_veventq_alloc,
						   type), 4));
	if (d->op == IOMMU_TEST_OP_CREATE_ACCESS &&
	    d->ioctl_num == IOMMU_TEST_CMD) {
		if (naccfds == MAX_ACCFDS)
			tl_usage_error("too many access fds");
		accfds[naccfds] = get_le(buf, offsetof(struct iommu_test_cmd,
						       create_access.out_access_fd),
					 4);
		describe_fd(accfds[naccfds++]);
	}
	if (data) {
		printf(" buf=");
		for (i = 0; i < (int)data_len; i++)
			printf("%02x", data[i]);
	}
	for (i = 0; i < nwords; i++)
		printf("%s0x%x", i ? ":" : " data=", words[i]);
	printf("\n");
	free(data);
}

static void run_raw(int n, char **keys, char **vals)
{
	static unsigned char buf[MAX_BUF];
	unsigned long num = 0;
	uint64_t size = 8, len = 0;
	const char *ptr = NULL;
	bool dump = false, have_cmd = false;
	void *arg = buf;
	int i, err, vfd = -1;

	memset(buf, 0, sizeof(buf));
	for (i = 0; i < n; i++) {
		if (!strcmp(keys[i], "dump")) {
			dump = true;
			continue;
		}
		if (!vals[i])
			tl_usage_error("raw: '%s' needs a value", keys[i]);
		if (!strcmp(keys[i], "v")) {
			vfd = vfdev_fd(n, keys, vals);
		} else if (!strcmp(keys[i], "cmd")) {
			num = tl_parse_u64("cmd", vals[i]);
			have_cmd = true;
		} else if (!strcmp(keys[i], "size")) {
			size = tl_parse_u64("size", vals[i]);
		} else if (!strcmp(keys[i], "len")) {
			len = tl_parse_u64("len", vals[i]);
		} else if (!strcmp(keys[i], "ptr")) {
			ptr = vals[i];
		} else if (!strncmp(keys[i], "u8@", 3)) {
			put_le(buf, tl_parse_u64("off", keys[i] + 3), 1,
			       parse_value("raw", keys[i], vals[i]));
		} else if (!strncmp(keys[i], "u32@", 4)) {
			put_le(buf, tl_parse_u64("off", keys[i] + 4), 4,
			       parse_value("raw", keys[i], vals[i]));
		} else if (!strncmp(keys[i], "u64@", 4)) {
			put_le(buf, tl_parse_u64("off", keys[i] + 4), 8,
			       parse_value("raw", keys[i], vals[i]));
		} else {
			tl_usage_error("raw: unknown argument '%s'", keys[i]);
		}
	}
	if (!have_cmd)
		tl_usage_error("raw: cmd= is required");
	if (!len)
		len = size < 8 ? 8 : size;
	if (len > MAX_BUF)
		tl_usage_error("raw: len too large");
	put_le(buf, 0, 4, size);

	if (ptr && !strcmp(ptr, "null")) {
		arg = NULL;
	} else if (ptr && !strcmp(ptr, "bad")) {
		/* A page that is mapped nowhere: reserve it, then drop it. */
		arg = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
		if (arg == MAP_FAILED)
			tl_fatal("mmap: %s", tl_errname(errno));
		munmap(arg, 4096);
	} else if (ptr && !strcmp(ptr, "ro")) {
		arg = mmap(NULL, MAX_BUF, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (arg == MAP_FAILED)
			tl_fatal("mmap: %s", tl_errname(errno));
		memcpy(arg, buf, len);
		if (mprotect(arg, MAX_BUF, PROT_READ))
			tl_fatal("mprotect: %s", tl_errname(errno));
	} else if (ptr) {
		tl_usage_error("raw: ptr=null|bad|ro");
	}

	err = vfd >= 0 ? tl_ioctl(vfd, num, arg) : call(num, arg);
	printf("raw: %s", err ? tl_errname(err) : "ok");
	if (dump && arg == buf) {
		printf(" out=");
		for (i = 0; i < (int)len; i++)
			printf("%02x", buf[i]);
	}
	printf("\n");
	if (ptr && !strcmp(ptr, "ro"))
		munmap(arg, MAX_BUF);
}

static bool has_flag(int n, char **keys, char **vals, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], key) && !vals[i])
			return true;
	return false;
}

/* mmap,name=N,off=O,len=L[,prot=rw|r|rwx][,private] on the context */
static void run_mmap(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	const char *len = arg(n, keys, vals, "len");
	const char *prot_s = arg(n, keys, vals, "prot");
	int prot = PROT_READ | PROT_WRITE;
	struct mem *m;
	void *p;

	if (!name || !off || !len || strlen(name) >= sizeof(m->name) ||
	    nmems == MAX_MEMS)
		tl_usage_error("mmap: name=, off= and len= are required");
	if (prot_s && !strcmp(prot_s, "r"))
		prot = PROT_READ;
	else if (prot_s && !strcmp(prot_s, "rwx"))
		prot |= PROT_EXEC;
	else if (prot_s && strcmp(prot_s, "rw"))
		tl_usage_error("mmap: prot=rw|r|rwx");
	p = mmap(NULL, parse_size("len", len), prot,
		 has_flag(n, keys, vals, "private") ? MAP_PRIVATE : MAP_SHARED,
		 ctx_fd(), parse_size("off", off));
	if (p == MAP_FAILED) {
		printf("mmap: %s\n", tl_errname(errno));
		return;
	}
	m = &mems[nmems++];
	strcpy(m->name, name);
	m->addr = p;
	m->len = parse_size("len", len);
	m->fd = -1;
	printf("mmap: ok\n");
}

/* munmap,name=N[,off=O,len=L]: silent, as munmap of a whole buffer */
static void run_munmap(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	const char *len = arg(n, keys, vals, "len");
	struct mem *m;
	uint64_t o = 0, l;

	if (!name)
		tl_usage_error("munmap: name= is required");
	m = find_mem(name, strlen(name));
	if (off)
		o = parse_size("off", off);
	l = len ? parse_size("len", len) : m->len;
	if (munmap((char *)m->addr + o, l))
		tl_fatal("munmap: %s", tl_errname(errno));
}

static void run_peek(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	uint64_t o = off ? parse_size("off", off) : 0;
	uint32_t v;
	struct mem *m;

	if (!name)
		tl_usage_error("peek: name= is required");
	m = find_mem(name, strlen(name));
	if (o + sizeof(v) > m->len)
		tl_usage_error("peek: offset beyond '%s'", name);
	memcpy(&v, (char *)m->addr + o, sizeof(v));
	printf("peek: 0x%x\n", v);
}

/*
 * bits,name=N[,off=O],n=B: the set bits among the B bits at N + O (bit k
 * is bit k % 8 of byte k / 8, as a dirty bitmap on a little-endian CPU),
 * as runs: "bits: 0-1023 2048 4096-4097", or "bits: none".
 */
static void run_bits(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	const char *nb = arg(n, keys, vals, "n");
	uint64_t o = off ? parse_size("off", off) : 0, nbits, i, first = 0;
	const unsigned char *p;
	bool in_run = false, any = false;
	struct mem *m;

	if (!name || !nb)
		tl_usage_error("bits: name= and n= are required");
	m = find_mem(name, strlen(name));
	nbits = parse_size("n", nb);
	if (o > m->len || (nbits + 7) / 8 > m->len - o)
		tl_usage_error("bits: range beyond '%s'", name);
	p = (const unsigned char *)m->addr + o;
	printf("bits:");
	for (i = 0; i <= nbits; i++) {
		bool set = i < nbits && (p[i / 8] >> (i % 8)) & 1;

		if (set && !in_run) {
			first = i;
			in_run = true;
		} else if (!set && in_run) {
			if (first == i - 1)
				printf(" %llu", (unsigned long long)first);
			else
				printf(" %llu-%llu", (unsigned long long)first,
				       (unsigned long long)(i - 1));
			in_run = false;
			any = true;
		}
	}
	printf("%s\n", any ? "" : " none");
}

static void run_poke(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	const char *val = arg(n, keys, vals, "val");
	uint64_t o = off ? parse_size("off", off) : 0;
	uint32_t v;
	struct mem *m;

	if (!name || !val)
		tl_usage_error("poke: name= and val= are required");
	m = find_mem(name, strlen(name));
	if (o + sizeof(v) > m->len)
		tl_usage_error("poke: offset beyond '%s'", name);
	v = tl_parse_u64("val", val);
	memcpy((char *)m->addr + o, &v, sizeof(v));
}

static void run_mprotect(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *prot_s = arg(n, keys, vals, "prot");
	int prot = PROT_READ;
	struct mem *m;

	if (!name || !prot_s)
		tl_usage_error("mprotect: name= and prot= are required");
	if (!strcmp(prot_s, "rw"))
		prot |= PROT_WRITE;
	else if (!strcmp(prot_s, "rwx"))
		prot |= PROT_WRITE | PROT_EXEC;
	else if (strcmp(prot_s, "r"))
		tl_usage_error("mprotect: prot=r|rw|rwx");
	m = find_mem(name, strlen(name));
	if (mprotect(m->addr, m->len, prot))
		printf("mprotect: %s\n", tl_errname(errno));
	else
		printf("mprotect: ok\n");
}

/* The slot in evfds[] of the q=K argument, default the latest */
static int evfd_slot(int n, char **keys, char **vals)
{
	const char *q = arg(n, keys, vals, "q");
	uint64_t k = q ? tl_parse_u64("q", q) : (uint64_t)nevfds - 1;

	if (!nevfds || k >= (uint64_t)nevfds)
		tl_usage_error("no vEVENTQ fd %s", q ? q : "yet");
	return k;
}

static int evfd_arg(int n, char **keys, char **vals)
{
	return evfds[evfd_slot(n, keys, vals)];
}

/* Payload bytes of one record of a vEVENTQ of @type */
static size_t vevent_payload_len(uint32_t type)
{
	switch (type) {
	case IOMMU_VEVENTQ_TYPE_ARM_SMMUV3:
		return sizeof(struct iommu_vevent_arm_smmuv3);
	case IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV:
		return sizeof(struct iommu_vevent_tegra241_cmdqv);
	default:
		/* IOMMU_VEVENTQ_TYPE_SELFTEST */
		return sizeof(struct iommu_viommu_event_selftest);
	}
}

/* evread,len=L[,q=K][,pos=P]: one read(2), then the records it returned */
static void run_evread(int n, char **keys, char **vals)
{
	const char *len_s = arg(n, keys, vals, "len");
	const char *pos = arg(n, keys, vals, "pos");
	struct iommufd_vevent_header hdr;
	int slot = evfd_slot(n, keys, vals);
	int fd = evfds[slot];
	unsigned char *buf;
	size_t off = 0, len, rec;
	ssize_t got;

	if (!len_s)
		tl_usage_error("evread: len= is required");
	len = parse_size("len", len_s);
	buf = malloc(len ? len : 1);
	if (!buf)
		tl_fatal("out of memory");
	got = pos ? pread(fd, buf, len, parse_size("pos", pos)) :
		    read(fd, buf, len);
	if (got < 0) {
		printf("evread: %s\n", tl_errname(errno));
		free(buf);
		return;
	}
	printf("evread: n=%zd", got);
	while (off + sizeof(hdr) <= (size_t)got) {
		memcpy(&hdr, buf + off, sizeof(hdr));
		off += sizeof(hdr);
		printf(" [flags=%u seq=%u", hdr.flags, hdr.sequence);
		rec = hdr.flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS ? 0 :
		      vevent_payload_len(evtypes[slot]);
		if (rec && off + rec <= (size_t)got) {
			printf(" data=");
			for (; rec; rec--)
				printf("%02x", buf[off++]);
		}
		printf("]");
	}
	if (off != (size_t)got)
		printf(" trailing=%zu", (size_t)got - off);
	printf("\n");
	free(buf);
}

static void run_evpoll(int n, char **keys, char **vals)
{
	const char *ms = arg(n, keys, vals, "ms");
	/* asking for everything, so that revents shows all the fd reports */
	struct pollfd p = {
		.fd = evfd_arg(n, keys, vals),
		.events = POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND |
			  POLLWRNORM | POLLWRBAND,
	};
	int rc = poll(&p, 1, ms ? (int)tl_parse_u64("ms", ms) : 0);

	if (rc < 0)
		printf("evpoll: %s\n", tl_errname(errno));
	else
		printf("evpoll: 0x%x\n", p.revents);
}

static void run_evwrite(int n, char **keys, char **vals)
{
	uint64_t zero = 0;

	if (write(evfd_arg(n, keys, vals), &zero, sizeof(zero)) < 0)
		printf("evwrite: %s\n", tl_errname(errno));
	else
		printf("evwrite: ok\n");
}

/* pfread,len=L[,q=K][,pos=P]: one read(2) of a fault queue fd */
static void run_pfread(int n, char **keys, char **vals)
{
	const char *len_s = arg(n, keys, vals, "len");
	const char *pos = arg(n, keys, vals, "pos");
	int fd = evfd_arg(n, keys, vals);
	struct iommu_hwpt_pgfault rec;
	unsigned char *buf;
	size_t off, len;
	ssize_t got;

	if (!len_s)
		tl_usage_error("pfread: len= is required");
	len = parse_size("len", len_s);
	buf = malloc(len ? len : 1);
	if (!buf)
		tl_fatal("out of memory");
	got = pos ? pread(fd, buf, len, parse_size("pos", pos)) :
		    read(fd, buf, len);
	if (got < 0) {
		printf("pfread: %s\n", tl_errname(errno));
		free(buf);
		return;
	}
	printf("pfread: n=%zd", got);
	for (off = 0; off + sizeof(rec) <= (size_t)got; off += sizeof(rec)) {
		memcpy(&rec, buf + off, sizeof(rec));
		printf(" [flags=%u dev_id=%u pasid=%u grpid=%u perm=%u addr=0x%llx length=%u cookie=%u]",
		       rec.flags, rec.dev_id, rec.pasid, rec.grpid, rec.perm,
		       (unsigned long long)rec.addr, rec.length, rec.cookie);
	}
	if (off != (size_t)got)
		printf(" trailing=%zu", (size_t)got - off);
	printf("\n");
	free(buf);
}

/*
 * pfwrite,cookie=C[,code=V][,n=N][,len=L][,q=K][,pos=P]: write(2) N
 * copies of one page response (len= bytes of them, default all)
 */
static void run_pfwrite(int n, char **keys, char **vals)
{
	const char *cookie = arg(n, keys, vals, "cookie");
	const char *code = arg(n, keys, vals, "code");
	const char *cnt = arg(n, keys, vals, "n");
	const char *len_s = arg(n, keys, vals, "len");
	const char *pos = arg(n, keys, vals, "pos");
	int fd = evfd_arg(n, keys, vals);
	struct iommu_hwpt_page_response resp[8];
	size_t i, k = cnt ? tl_parse_u64("n", cnt) : 1, len;
	ssize_t got;

	if (!cookie)
		tl_usage_error("pfwrite: cookie= is required");
	if (!k || k > 8)
		tl_usage_error("pfwrite: n= is 1 to 8");
	for (i = 0; i < k; i++) {
		resp[i].cookie = tl_parse_u64("cookie", cookie);
		resp[i].code = code ? tl_parse_u64("code", code) :
				      IOMMUFD_PAGE_RESP_SUCCESS;
	}
	len = len_s ? parse_size("len", len_s) : k * sizeof(resp[0]);
	if (len > sizeof(resp))
		tl_usage_error("pfwrite: len= is at most %zu", sizeof(resp));
	got = pos ? pwrite(fd, resp, len, parse_size("pos", pos)) :
		    write(fd, resp, len);
	if (got < 0)
		printf("pfwrite: %s\n", tl_errname(errno));
	else
		printf("pfwrite: n=%zd\n", got);
}

static void run_evtrigger(int n, char **keys, char **vals)
{
	const char *dev = arg(n, keys, vals, "dev_id");
	const char *cnt = arg(n, keys, vals, "n");
	struct iommu_test_cmd cmd = {
		.size = sizeof(cmd),
		.op = IOMMU_TEST_OP_TRIGGER_VEVENT,
	};
	uint64_t i, count;
	int err;

	if (!dev || !cnt)
		tl_usage_error("evtrigger: dev_id= and n= are required");
	cmd.trigger_vevent.dev_id = tl_parse_u64("dev_id", dev);
	count = tl_parse_u64("n", cnt);
	for (i = 0; i < count; i++) {
		err = call(IOMMU_TEST_CMD, &cmd);
		if (err) {
			printf("evtrigger: %s after %llu\n", tl_errname(err),
			       (unsigned long long)i);
			return;
		}
	}
	printf("evtrigger: ok n=%llu\n", (unsigned long long)count);
}

/* ent,name=N[,off=O],i=I,w0=V,w1=V: one command into guest memory */
static void run_ent(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	const char *idx = arg(n, keys, vals, "i");
	const char *w0 = arg(n, keys, vals, "w0");
	const char *w1 = arg(n, keys, vals, "w1");
	const char *cnt = arg(n, keys, vals, "n");
	uint64_t o, k, w[2];
	struct mem *m;

	if (!name || !idx || !w0 || !w1)
		tl_usage_error("ent: name=, i=, w0= and w1= are required");
	m = find_mem(name, strlen(name));
	o = (off ? parse_size("off", off) : 0) +
	    tl_parse_u64("i", idx) * IOMMUFD_SIM_CMDQ_ENT_SIZE;
	k = cnt ? tl_parse_u64("n", cnt) : 1;
	if (o > m->len || k > (m->len - o) / sizeof(w))
		tl_usage_error("ent: entries beyond '%s'", name);
	w[0] = tl_parse_u64("w0", w0);	/* little-endian hosts only */
	w[1] = tl_parse_u64("w1", w1);
	for (; k; k--, o += sizeof(w))
		memcpy((char *)m->addr + o, w, sizeof(w));
}

/* pa,name=N[,off=O]: where N + O is in physical memory */
static void run_pa(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	uint64_t o = off ? parse_size("off", off) : 0, ent, pfn;
	uint64_t psz = sysconf(_SC_PAGESIZE);
	uintptr_t va;
	struct mem *m;
	int fd;

	if (!name)
		tl_usage_error("pa: name= is required");
	m = find_mem(name, strlen(name));
	if (o >= m->len)
		tl_usage_error("pa: offset beyond '%s'", name);
	va = (uintptr_t)m->addr + o;
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, &ent, sizeof(ent),
			    va / psz * sizeof(ent)) != sizeof(ent))
		tl_fatal("pa: /proc/self/pagemap: %s", tl_errname(errno));
	close(fd);
	/* bit 63 present, bits 54:0 the PFN (0 without CAP_SYS_ADMIN) */
	pfn = ent & ((1ULL << 55) - 1);
	if (!(ent >> 63) || !pfn)
		printf("pa: none\n");
	else
		printf("pa: 0x%llx\n",
		       (unsigned long long)(pfn * psz + va % psz));
}

/* poll,name=N,off=O,val=V[,mask=M][,ms=T]: wait for a register value */
static void run_poll(int n, char **keys, char **vals)
{
	const char *name = arg(n, keys, vals, "name");
	const char *off = arg(n, keys, vals, "off");
	const char *val = arg(n, keys, vals, "val");
	const char *mask_s = arg(n, keys, vals, "mask");
	const char *ms_s = arg(n, keys, vals, "ms");
	uint32_t v, want, mask = 0xffffffff;
	struct timespec start, now;
	uint64_t o, ms = 5000, elapsed;
	struct mem *m;

	if (!name || !off || !val)
		tl_usage_error("poll: name=, off= and val= are required");
	m = find_mem(name, strlen(name));
	o = parse_size("off", off);
	if (o + sizeof(v) > m->len)
		tl_usage_error("poll: offset beyond '%s'", name);
	want = tl_parse_u64("val", val);
	if (mask_s)
		mask = tl_parse_u64("mask", mask_s);
	if (ms_s)
		ms = tl_parse_u64("ms", ms_s);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		v = __atomic_load_n((uint32_t *)((char *)m->addr + o),
				    __ATOMIC_ACQUIRE);
		if ((v & mask) == want) {
			printf("poll: ok\n");
			return;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = (now.tv_sec - start.tv_sec) * 1000ULL +
			  (now.tv_nsec - start.tv_nsec) / 1000000;
		if (elapsed >= ms)
			break;
		usleep(1000);
	}
	printf("poll: timeout 0x%x\n", v);
}

/* cmdqv_trace,id=V[,n=N]: IOMMUFD_SIM_OP_CMDQV_TRACE and its entries */
static void run_cmdqv_trace(int n, char **keys, char **vals)
{
	struct iommufd_sim_cmdqv_trace_entry *ents;
	const char *id = arg(n, keys, vals, "id");
	const char *num = arg(n, keys, vals, "n");
	struct iommufd_sim_cmd cmd = {
		.size = sizeof(cmd),
		.op = IOMMUFD_SIM_OP_CMDQV_TRACE,
	};
	uint64_t cap = IOMMUFD_SIM_CMDQV_TRACE_DEPTH, i, got;
	int err;

	if (!id)
		tl_usage_error("cmdqv_trace: id= is required");
	if (num)
		cap = tl_parse_u64("n", num);
	if (cap > 4096)
		tl_usage_error("cmdqv_trace: n= at most 4096");
	ents = calloc(cap ? cap : 1, sizeof(*ents));
	if (!ents)
		tl_fatal("out of memory");
	cmd.id = tl_parse_u64("id", id);
	cmd.cmdqv_trace.uptr = (uintptr_t)ents;
	cmd.cmdqv_trace.entry_len = sizeof(*ents);
	cmd.cmdqv_trace.entry_num = cap;
	err = call(IOMMUFD_SIM_CMD, &cmd);
	if (err) {
		printf("cmdqv_trace: %s\n", tl_errname(err));
		free(ents);
		return;
	}
	got = cmd.cmdqv_trace.entry_num;
	printf("cmdqv_trace: ok n=%llu total=%llu\n", (unsigned long long)got,
	       (unsigned long long)cmd.cmdqv_trace.out_total);
	if (got > cap)
		got = cap;
	/* the le64 words: little-endian hosts only */
	for (i = 0; i < got; i++)
		printf("  seq=%llu q=%u cerror=%u cmd=0x%llx:0x%llx exec=0x%llx:0x%llx\n",
		       (unsigned long long)ents[i].seq, ents[i].lvcmdq,
		       ents[i].cerror, (unsigned long long)ents[i].cmd[0],
		       (unsigned long long)ents[i].cmd[1],
		       (unsigned long long)ents[i].exec[0],
		       (unsigned long long)ents[i].exec[1]);
	free(ents);
}

/* voluntary + involuntary context switches of the task named @comm */
static unsigned long long task_switches(const char *comm)
{
	char path[300], line[256];
	unsigned long long v, total = 0;
	struct dirent *d;
	int found = 0;
	DIR *proc;
	FILE *f;

	proc = opendir("/proc");
	if (!proc)
		tl_fatal("sched: /proc: %s", tl_errname(errno));
	while (!found && (d = readdir(proc))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			found = !strcmp(line, comm);
		}
		fclose(f);
		if (!found)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		f = fopen(path, "r");
		if (!f)
			tl_fatal("sched: %s: %s", path, tl_errname(errno));
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "voluntary_ctxt_switches: %llu", &v) == 1 ||
			    sscanf(line, "nonvoluntary_ctxt_switches: %llu", &v) == 1)
				total += v;
		fclose(f);
	}
	closedir(proc);
	if (!found)
		tl_fatal("sched: no task named '%s'", comm);
	return total;
}

static void run_sched(int n, char **keys, char **vals)
{
	static unsigned long long last;
	static int have_last;
	const char *comm = arg(n, keys, vals, "comm");
	unsigned long long now;

	if (!comm)
		tl_usage_error("sched: comm= is required");
	now = task_switches(comm);
	if (have_last)
		printf("sched: +%llu\n", now - last);
	else
		printf("sched: base\n");
	last = now;
	have_last = 1;
}

static void run_cat(int n, char **keys, char **vals)
{
	const char *path = arg(n, keys, vals, "path");
	char line[256];
	FILE *f;

	if (!path)
		tl_usage_error("cat: path= is required");
	f = fopen(path, "r");
	if (!f || !fgets(line, sizeof(line), f))
		tl_fatal("cat %s: %s", path, tl_errname(errno));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	printf("cat: %s\n", line);
}

static void run_write(int n, char **keys, char **vals)
{
	const char *path = arg(n, keys, vals, "path");
	const char *val = arg(n, keys, vals, "val");
	ssize_t len;
	int fd;

	if (!path || !val)
		tl_usage_error("write: path= and val= are required");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	len = fd < 0 ? -1 : write(fd, val, strlen(val));
	if (len < 0)
		printf("write: %s\n", tl_errname(errno));
	else
		printf("write: ok\n");
	if (fd >= 0)
		close(fd);
}

/* "vfio,cmd=NAME[,arg=V]": a VFIO container ioctl that takes a value */
static void run_vfio(int n, char **keys, char **vals)
{
	static const struct {
		const char *name;
		unsigned long num;
	} vcmds[] = {
		{ "api_version", VFIO_GET_API_VERSION },
		{ "check_extension", VFIO_CHECK_EXTENSION },
		{ "set_iommu", VFIO_SET_IOMMU },
	};
	const char *name = arg(n, keys, vals, "cmd");
	const char *val = arg(n, keys, vals, "arg");
	unsigned long num = 0;
	size_t i;
	int ret;

	for (i = 0; name && i < sizeof(vcmds) / sizeof(vcmds[0]); i++)
		if (!strcmp(name, vcmds[i].name))
			num = vcmds[i].num;
	if (!num)
		tl_usage_error("vfio: cmd=api_version|check_extension|set_iommu");
	ret = ioctl(ctx_fd(), num, val ? (unsigned long)tl_parse_u64("arg", val) : 0UL);
	if (ret < 0)
		printf("vfio: %s\n", tl_errname(errno));
	else
		printf("vfio: ret=%d\n", ret);
}

/*
 * "vfio_info,argsz=N": VFIO_IOMMU_GET_INFO on a buffer whose bytes past
 * argsz are 0xaa; prints the reply, the capability chain when cap_offset
 * is set, and " overrun" when a byte past argsz changed.
 */
static void run_vfio_info(int n, char **keys, char **vals)
{
	static unsigned char buf[MAX_BUF];
	const char *sz = arg(n, keys, vals, "argsz");
	struct vfio_iommu_type1_info *info = (void *)buf;
	struct vfio_info_cap_header *cap;
	uint32_t argsz, off, i;
	bool overrun = false;
	int err;

	argsz = sz ? tl_parse_u64("argsz", sz) : sizeof(*info);
	if (argsz > MAX_BUF / 2)
		tl_usage_error("vfio_info: argsz at most %d", MAX_BUF / 2);
	memset(buf, 0, argsz);
	memset(buf + argsz, 0xaa, MAX_BUF - argsz);
	info->argsz = argsz;
	err = call(VFIO_IOMMU_GET_INFO, buf);
	for (i = argsz; i < MAX_BUF; i++)
		overrun |= buf[i] != 0xaa;
	if (err) {
		printf("vfio_info: %s%s\n", tl_errname(err),
		       overrun ? " overrun" : "");
		return;
	}
	printf("vfio_info: ok argsz=%u flags=0x%x pgsizes=0x%llx",
	       info->argsz, info->flags,
	       (unsigned long long)info->iova_pgsizes);
	/* a caller of the pre-capability ABI has no cap_offset */
	if (argsz < offsetof(struct vfio_iommu_type1_info, cap_offset) +
		    sizeof(info->cap_offset)) {
		printf("%s\n", overrun ? " overrun" : "");
		return;
	}
	printf(" cap_offset=%u", info->cap_offset);
	/* each capability must lie inside what was asked for */
	for (off = info->cap_offset; off && off + sizeof(*cap) <= argsz;
	     off = cap->next) {
		cap = (void *)(buf + off);
		printf(" cap@%u:id=%u,ver=%u,next=%u", off, cap->id,
		       cap->version, cap->next);
		if (cap->id == VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL) {
			printf(",avail=%u",
			       ((struct vfio_iommu_type1_info_dma_avail *)cap)
				       ->avail);
		} else if (cap->id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
			struct vfio_iommu_type1_info_cap_iova_range *r =
				(void *)cap;

			for (i = 0; i < r->nr_iovas; i++)
				printf("%s0x%llx-0x%llx", i ? ":" : ",ranges=",
				       (unsigned long long)r->iova_ranges[i].start,
				       (unsigned long long)r->iova_ranges[i].end);
		}
		if (cap->next && cap->next <= off) {
			printf(" loop");
			break;
		}
	}
	printf("%s\n", overrun ? " overrun" : "");
}

/* the process that ran the last "fork" step (the parent), for "vm" */
static pid_t origin_pid;
static bool in_child;

/* One "VmXxx:" value of /proc/PID/status in kB, -1 when missing */
static long proc_status_kb(pid_t pid, const char *tag)
{
	char path[64], line[256];
	long val = -1;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fp = fopen(path, "r");
	if (!fp)
		tl_fatal("%s: %s", path, tl_errname(errno));
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, tag, strlen(tag)))
			val = strtol(line + strlen(tag), NULL, 10);
	fclose(fp);
	return val;
}

static void run_vm(int n, char **keys, char **vals)
{
	const char *who = arg(n, keys, vals, "who");
	pid_t pid = getpid();

	if (who && !strcmp(who, "origin")) {
		if (!origin_pid)
			tl_usage_error("vm: who=origin needs a fork step first");
		pid = origin_pid;
	} else if (who && strcmp(who, "self")) {
		tl_usage_error("vm: who=self|origin");
	}
	printf("vm: pin=%ld lck=%ld\n", proc_status_kb(pid, "VmPin:"),
	       proc_status_kb(pid, "VmLck:"));
}

static void run_rlimit(int n, char **keys, char **vals)
{
	const char *memlock = arg(n, keys, vals, "memlock");
	struct rlimit rl;

	if (!memlock)
		tl_usage_error("rlimit: memlock= is required");
	rl.rlim_cur = rl.rlim_max = tl_parse_u64("memlock", memlock);
	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		printf("rlimit: %s\n", tl_errname(errno));
}

/*
 * "fork" at argv[a]: the child runs the steps up to the next "join" and
 * exits there; the parent waits for it and goes on after that "join".
 * Returns the index of the next step to run.
 */
static int run_fork(int argc, char **argv, int a)
{
	int status, j;
	pid_t pid;

	fflush(stdout);
	origin_pid = getpid();
	pid = fork();
	if (pid < 0)
		tl_fatal("fork: %s", tl_errname(errno));
	if (!pid) {
		in_child = true;
		return a + 1;
	}
	if (waitpid(pid, &status, 0) != pid)
		tl_fatal("waitpid: %s", tl_errname(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("fork: child status 0x%x\n", status);
	for (j = a + 1; j < argc; j++)
		if (!strcmp(argv[j], "join"))
			return j + 1;
	return argc;
}

static void run_open(int n, char **keys, char **vals)
{
	(void)n, (void)keys, (void)vals;
	if (fds[cur] < 0)
		fds[cur] = open(tl_device_path(), O_RDWR | O_CLOEXEC);
	printf("open: %s\n", fds[cur] < 0 ? tl_errname(errno) : "ok");
}

static void run_close(int n, char **keys, char **vals)
{
	(void)n, (void)keys, (void)vals;
	if (fds[cur] >= 0)
		close(fds[cur]);
	fds[cur] = -1;
}

static void run_evclose(int n, char **keys, char **vals)
{
	close(evfd_arg(n, keys, vals));
}

static void run_accclose(int n, char **keys, char **vals)
{
	const char *a = arg(n, keys, vals, "a");
	uint64_t k = a ? tl_parse_u64("a", a) : (uint64_t)naccfds - 1;

	if (!naccfds || k >= (uint64_t)naccfds)
		tl_usage_error("accclose: no access fd %llu",
			       (unsigned long long)k);
	close(accfds[k]);
}

static void add_dbfd(const char *step, int fd)
{
	if (ndbfds == MAX_DBFDS)
		tl_usage_error("%s: too many dma-buf fds", step);
	dbfds[ndbfds] = fd;
	printf("%s: ok db=%d", step, ndbfds++);
}

static void run_dmabuf(int n, char **keys, char **vals)
{
	const char *len_s = arg(n, keys, vals, "len");
	const char *flags_s = arg(n, keys, vals, "flags");
	const char *name = arg(n, keys, vals, "name");
	struct iommu_test_cmd cmd = {
		.size = sizeof(cmd),
		.op = IOMMU_TEST_OP_DMABUF_GET,
	};
	struct mem *m;
	void *p;
	int fd;

	if (!len_s)
		tl_usage_error("dmabuf: len= is required");
	if (name && (strlen(name) >= sizeof(m->name) || nmems == MAX_MEMS))
		tl_usage_error("dmabuf: bad or too many name=");
	cmd.dmabuf_get.length = parse_size("len", len_s);
	cmd.dmabuf_get.open_flags = flags_s ? tl_parse_u64("flags", flags_s) :
				    O_RDWR | O_CLOEXEC;
	fd = ioctl(ctx_fd(), IOMMU_TEST_CMD, &cmd);
	if (fd < 0) {
		printf("dmabuf: %s\n", tl_errname(errno));
		return;
	}
	add_dbfd("dmabuf", fd);
	describe_fd(fd);
	if (name) {
		p = mmap(NULL, cmd.dmabuf_get.length, PROT_READ | PROT_WRITE,
			 MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			printf(" mmap=%s", tl_errname(errno));
		} else {
			m = &mems[nmems++];
			strcpy(m->name, name);
			m->addr = p;
			m->len = cmd.dmabuf_get.length;
			m->fd = fd;
		}
	}
	printf("\n");
}

static void run_udmabuf(int n, char **keys, char **vals)
{
	const char *len_s = arg(n, keys, vals, "len");
	struct udmabuf_create create = { .flags = UDMABUF_FLAGS_CLOEXEC };
	int dev, memfd, fd, err;

	if (!len_s)
		tl_usage_error("udmabuf: len= is required");
	create.size = parse_size("len", len_s);
	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf("udmabuf: %s\n", tl_errname(errno));
		return;
	}
	memfd = memfd_create("iofd-udmabuf", MFD_ALLOW_SEALING);
	if (memfd < 0 || ftruncate(memfd, create.size) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK))
		tl_fatal("udmabuf: memfd: %s", tl_errname(errno));
	create.memfd = memfd;
	fd = ioctl(dev, UDMABUF_CREATE, &create);
	err = errno;
	close(memfd);
	close(dev);
	if (fd < 0) {
		printf("udmabuf: %s\n", tl_errname(err));
		return;
	}
	add_dbfd("udmabuf", fd);
	printf("\n");
}

static void run_dbclose(int n, char **keys, char **vals)
{
	const char *d = arg(n, keys, vals, "d");
	uint64_t k = d ? tl_parse_u64("d", d) : (uint64_t)ndbfds - 1;

	if (!ndbfds || k >= (uint64_t)ndbfds)
		tl_usage_error("dbclose: no dma-buf fd %llu",
			       (unsigned long long)k);
	close(dbfds[k]);
}

static void run_sleep(int n, char **keys, char **vals)
{
	const char *secs = arg(n, keys, vals, "s");

	if (!secs)
		tl_usage_error("sleep: s= is required");
	sleep(tl_parse_u64("s", secs));
}

static void run_touch(int n, char **keys, char **vals)
{
	const char *path = arg(n, keys, vals, "path");
	int fd;

	if (!path)
		tl_usage_error("touch: path= is required");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		tl_fatal("touch %s: %s", path, tl_errname(errno));
	close(fd);
}

/*
 * Steps other than the ioctls of cmds[] (those are run by run_cmd): the
 * name, the fewest KEY=VALUE arguments it takes, its handler and its
 * arguments for "iofd help" (the comment at the top says what each does).
 */
static const struct step_desc {
	const char *name;
	int min_args;
	void (*run)(int n, char **keys, char **vals);
	const char *help;
} step_descs[] = {
	{ "open", 0, run_open, "" },
	{ "close", 0, run_close, "" },
	{ "raw", 1, run_raw, "cmd=V[,size=S][,len=L][,u32@O=V...][,ptr=..][,dump]" },
	{ "mem", 2, run_mem, "name=N,len=L[,kind=K][,path=P]" },
	{ "mmap", 3, run_mmap, "name=N,off=O,len=L[,prot=rw|r|rwx][,private]" },
	{ "munmap", 1, run_munmap, "name=N[,off=O,len=L]" },
	{ "peek", 1, run_peek, "name=N[,off=O]" },
	{ "bits", 2, run_bits, "name=N[,off=O],n=B" },
	{ "poke", 2, run_poke, "name=N,val=V[,off=O]" },
	{ "mprotect", 2, run_mprotect, "name=N,prot=r|rw|rwx" },
	{ "evread", 1, run_evread, "len=L[,q=K][,pos=P]" },
	{ "evpoll", 0, run_evpoll, "[q=K][,ms=T]" },
	{ "evwrite", 0, run_evwrite, "[q=K]" },
	{ "evclose", 0, run_evclose, "[q=K]" },
	{ "evtrigger", 2, run_evtrigger, "dev_id=D,n=N" },
	{ "pfread", 1, run_pfread, "len=L[,q=K][,pos=P]" },
	{ "pfwrite", 1, run_pfwrite, "cookie=C[,code=V][,n=N][,len=L][,q=K][,pos=P]" },
	{ "accclose", 0, run_accclose, "[a=K]" },
	{ "dmabuf", 1, run_dmabuf, "len=L[,flags=F][,name=N]" },
	{ "udmabuf", 1, run_udmabuf, "len=L" },
	{ "dbclose", 0, run_dbclose, "[d=K]" },
	{ "sched", 1, run_sched, "comm=C" },
	{ "cat", 1, run_cat, "path=P" },
	{ "write", 2, run_write, "path=P,val=S" },
	{ "sleep", 1, run_sleep, "s=N" },
	{ "touch", 1, run_touch, "path=P" },
	{ "ent", 4, run_ent, "name=N[,off=O],i=I,w0=V,w1=V[,n=K]" },
	{ "pa", 1, run_pa, "name=N[,off=O]" },
	{ "poll", 3, run_poll, "name=N,off=O,val=V[,mask=M][,ms=T]" },
	{ "cmdqv_trace", 1, run_cmdqv_trace, "id=V[,n=N]" },
	{ "vm", 0, run_vm, "[who=self|origin]" },
	{ "vfio", 1, run_vfio, "cmd=api_version|check_extension|set_iommu[,arg=V]" },
	{ "vfio_info", 0, run_vfio_info, "[argsz=N]" },
	{ "rlimit", 1, run_rlimit, "memlock=BYTES" },
	{ "vopen", 1, run_vopen, "path=P" },
	{ "vclose", 0, run_vclose, "[v=K]" },
	{ "cfgrd", 2, run_cfgrd, "off=O,len=L[,region=I][,v=K]" },
	{ "cfgwr", 3, run_cfgwr, "off=O,len=L,val=V[,region=I][,v=K]" },
	{ "vmmap", 0, run_vmmap, "[v=K]" },
	{ "efd", 0, run_efd, "" },
	{ "efdread", 0, run_efdread, "[e=K]" },
	{ "kvm_vm", 0, run_kvm_vm, "" },
	{ "kvm_file", 2, run_kvm_file, "op=add|del,fd=F[,k=K]" },
	{ "kvm_close", 0, run_kvm_close, "[k=K]" },
};

static void run_step(char *step)
{
	char *keys[64], *vals[64];
	size_t i;
	int n;

	if (!strncmp(step, "fd=", 3)) {
		cur = tl_parse_u64("fd", step + 3);
		if (cur >= MAX_FDS)
			tl_usage_error("fd slots are 0-%d", MAX_FDS - 1);
		return;
	}
	n = split_args(step, keys, vals, 64);
	for (i = 0; i < sizeof(step_descs) / sizeof(step_descs[0]); i++) {
		const struct step_desc *sd = &step_descs[i];

		if (strcmp(step, sd->name))
			continue;
		if (n < sd->min_args)
			tl_usage_error("%s takes %s", sd->name, sd->help);
		sd->run(n, keys, vals);
		return;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(step, cmds[i].name))
			continue;
		if (!strcmp(step, "ioas_iova_ranges") ||
		    !strcmp(step, "ioas_allow_iovas"))
			run_ranges_cmd(&cmds[i], n, keys, vals);
		else
			run_cmd(&cmds[i], n, keys, vals);
		return;
	}
	tl_usage_error("unknown step '%s'", step);
}

int main(int argc, char **argv)
{
	size_t i;
	int a;

	for (a = 0; a < MAX_FDS; a++)
		fds[a] = -1;
	if (argc == 2 && !strcmp(argv[1], "help")) {
		for (i = 0; i < sizeof(step_descs) / sizeof(step_descs[0]); i++)
			printf("%s%s%s\n", step_descs[i].name,
			       *step_descs[i].help ? "," : "",
			       step_descs[i].help);
		printf("CMD[,FIELD=V...] for each CMD of 'iofd list'\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			printf("%s 0x%lx\n", cmds[i].name, cmds[i].ioctl_num);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (a = 1; a < argc;) {
		if (!strcmp(argv[a], "fork")) {
			a = run_fork(argc, argv, a);
			continue;
		}
		if (!strcmp(argv[a], "join")) {
			if (in_child) {
				fflush(stdout);
				_exit(0);
			}
			a++;
			continue;
		}
		run_step(argv[a++]);
	}
	return 0;
}
