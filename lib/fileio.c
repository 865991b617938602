/* fileio.c - see fileio.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"

int read_whole_file(const char *path, size_t max_len, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *data, *grown;
	ssize_t got;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	data = malloc(cap + 1);
	if (!data) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= max_len) {
				rc = -EFBIG;
				goto fail;
			}
			cap *= 2;
			grown = realloc(data, cap + 1);
			if (!grown) {
				rc = -ENOMEM;
				goto fail;
			}
			data = grown;
		}
		got = read(fd, data + n, cap - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max_len) {
		rc = -EFBIG;
		goto fail;
	}
	close(fd);
	data[n] = '\0';
	*buf = data;
	*len = n;
	return 0;
fail:
	close(fd);
	free(data);
	return rc;
}
