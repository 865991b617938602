/*
 * serial.h - open the stream's output: a serial port or a file.
 *
 * In the guest the stream goes to /dev/ttyS1, whose default line
 * discipline would turn "\n" into "\r\n" and could echo or interpret
 * bytes: cfmakeraw() makes it a plain byte pipe to QEMU's chardev.
 */
#ifndef TLB_SERIAL_H
#define TLB_SERIAL_H

/* serial_open - open a tty for writing in raw mode.  Returns the fd, or
 * -errno (-ENOTTY when dev is not a terminal; nothing is created). */
int serial_open(const char *dev);

/* file_open - create or truncate a file for writing.  fd or -errno. */
int file_open(const char *path);

#endif
