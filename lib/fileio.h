/*
 * fileio.h - read a whole (small) file, /proc files included, into memory.
 */
#ifndef TLB_FILEIO_H
#define TLB_FILEIO_H

#include <stddef.h>

/*
 * read_whole_file - read path into a malloc'd, NUL-terminated buffer.
 * Reads until EOF (the size of /proc files is not known in advance).
 * Returns 0 with *buf and *len set, or -errno (-EFBIG past max_len bytes).
 */
int read_whole_file(const char *path, size_t max_len, char **buf, size_t *len);

#endif
