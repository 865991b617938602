/* serial.c - see serial.h. */
#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "serial.h"

int serial_open(const char *dev)
{
	struct termios tio;
	int fd, err;

	fd = open(dev, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!isatty(fd)) {
		err = ENOTTY;
		goto fail_errno;
	}
	if (tcgetattr(fd, &tio))
		goto fail;
	cfmakeraw(&tio);
	if (tcsetattr(fd, TCSANOW, &tio))
		goto fail;
	return fd;
fail:
	err = errno;
fail_errno:
	close(fd);
	return -err;
}

int file_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	return fd < 0 ? -errno : fd;
}
