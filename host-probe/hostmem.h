/*
 * hostmem.h - the host memory state that decides whether a VM gets 2 MiB
 * backing: the QEMU process's smaps (AnonHugePages vs Anonymous), the
 * host's /proc/buddyinfo (free blocks of order >= 9) and the THP mode.
 * Reads files; never prints.
 */
#ifndef TLBPROBE_HOSTMEM_H
#define TLBPROBE_HOSTMEM_H

#include <stddef.h>
#include <sys/types.h>

#include "buddyinfo.h"
#include "parse_error.h"
#include "smaps.h"
#include "thp.h"

#define HOSTMEM_BUDDYINFO	"/proc/buddyinfo"
#define HOSTMEM_THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"

/* What went wrong, for one line like "PATH:LINE: FIELD: MSG". */
struct hostmem_error {
	char path[128];		/* the file being read */
	int errnum;		/* errno of a failed read; 0 for bad text */
	struct parse_error parse;	/* when errnum is 0 */
};

/*
 * Each reader returns 0, -errno when the file cannot be read (-ENOENT:
 * no such process or file, -EACCES: not permitted: smaps of another
 * user's process needs ptrace access; -EFBIG past 64 MiB), or -EBADMSG
 * when its text does not parse; err (may be NULL) says which file and why.
 */
/* /proc/PID/smaps_rollup, or /proc/PID/smaps when full is set. */
int hostmem_read_smaps(pid_t pid, int full, struct smaps_summary *out,
		       struct hostmem_error *err);
int hostmem_read_buddyinfo(const char *path, struct buddyinfo *out,
			   struct hostmem_error *err);
int hostmem_read_thp(const char *path, struct thp_setting *out,
		     struct hostmem_error *err);

/*
 * hostmem_is_qemu - 1 when /proc/PID/comm starts with "qemu" (QEMU
 * binaries are qemu-system-*, qemu-kvm), 0 when not (comm copied into
 * comm[size] either way), -ENOENT when there is no such process, other
 * -errno on read errors.
 */
int hostmem_is_qemu(pid_t pid, char *comm, size_t size);

/* One snapshot for one VM: what `tlbprobe mem` and the lab record. */
struct hostmem {
	pid_t pid;
	struct smaps_summary smaps;
	struct buddyinfo buddy;
	struct thp_setting thp;
	int have_buddy, have_thp;	/* host files read */
};

/*
 * hostmem_snapshot - read the smaps of pid (rollup unless full) and the
 * host's buddyinfo and THP mode.  The smaps decide the result (return
 * codes as above); a missing buddyinfo or THP file only clears its have_
 * flag (containers may hide them).
 */
int hostmem_snapshot(pid_t pid, int full, struct hostmem *out,
		     struct hostmem_error *err);

#endif
