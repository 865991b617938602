/*
 * test_qmp_mini.c - vCPU thread ids from a real QMP query-cpus-fast reply
 * (QEMU 7.2, 4 vCPUs: 6556-6559 per tests/fixtures/README.md), and the
 * replies that must be refused; then the client against a fake QMP
 * server on a socketpair-free unix socket; then the SHUTDOWN event that
 * tells a guest's reset from its power-off, read as it arrives.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "fileio.h"
#include "qmp_mini.h"

#define CPUS	FIXTURES_DIR "/host-probe/query-cpus-fast.tcg-4cpu-madvise400.json"

static void test_real_reply(void **state)
{
	pid_t tids[8];
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(read_whole_file(CPUS, 1 << 20, &text, &len), 0);
	assert_int_equal(qmp_mini_parse_cpus(text, len, tids, 8), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(tids[i], 6556 + i);
	/* room for fewer vCPUs than QEMU has */
	assert_int_equal(qmp_mini_parse_cpus(text, len, tids, 3), -EBADMSG);
	free(text);
}

static void test_bad_replies(void **state)
{
	static const char *const bad[] = {
		"{\"error\": {\"class\": \"GenericError\"}}",
		"{\"return\": {}}",
		"{\"return\": [{\"cpu-index\": 0}]}",
		"{\"return\": [{\"cpu-index\": 0, \"thread-id\": \"7\"}]}",
		"{\"return\": [{\"cpu-index\": 1, \"thread-id\": 7}]}",
		"{\"return\": [{\"cpu-index\": 0, \"thread-id\": 7}, "
		"{\"cpu-index\": 0, \"thread-id\": 8}]}",
		"{\"return\": [{\"cpu-index\": 0, \"thread-id\": -7}]}",
		"not json",
	};
	pid_t tids[4];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(qmp_mini_parse_cpus(bad[i], strlen(bad[i]),
						     tids, 4), -EBADMSG);
}

/* A QMP server that answers like QEMU 7.2 (greeting, an event in the
 * way, replies), stopped: query-status says prelaunch until cont. */
static void *fake_qemu(void *arg)
{
	int lfd = *(int *)arg, fd = accept(lfd, NULL, NULL);
	char buf[4096];
	size_t len = 0;
	int running = 0;
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r+");
	fputs("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
	      "\"major\": 7}}, \"capabilities\": [\"oob\"]}}\r\n", f);
	fflush(f);
	while (fgets(buf, sizeof(buf), f)) {
		len = strlen(buf);
		if (strstr(buf, "qmp_capabilities"))
			fputs("{\"return\": {}}\r\n", f);
		else if (strstr(buf, "query-cpus-fast"))
			fputs("{\"timestamp\": {\"seconds\": 1, \"microseconds\":"
			      " 2}, \"event\": \"NIC_RX_FILTER_CHANGED\"}\r\n"
			      "{\"return\": [{\"thread-id\": 901, \"cpu-index\": "
			      "0}, {\"thread-id\": 902, \"cpu-index\": 1}]}\r\n",
			      f);
		else if (strstr(buf, "query-status"))
			fprintf(f, "{\"return\": {\"status\": \"%s\", "
				"\"singlestep\": false, \"running\": %s}}\r\n",
				running ? "running" : "prelaunch",
				running ? "true" : "false");
		else if (strstr(buf, "\"cont\""))
			running = 1, fputs("{\"return\": {}}\r\n", f);
		else
			fputs("{\"error\": {\"class\": \"CommandNotFound\"}}\r\n",
			      f);
		fflush(f);
	}
	(void)len;
	fclose(f);
	return NULL;
}

static void test_client(void **state)
{
	char path[] = "/tmp/tlbprobe-qmp-XXXXXX", sock[64], why[256], st[32];
	struct sockaddr_un sa;
	struct qmp_mini q;
	pthread_t th;
	pid_t tids[4];
	int lfd;

	(void)state;
	assert_non_null(mkdtemp(path));
	snprintf(sock, sizeof(sock), "%s/qmp.sock", path);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, sock);
	assert_int_equal(qmp_mini_connect(&q, sock, 1000, why, sizeof(why)),
			 -ENOENT);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(pthread_create(&th, NULL, fake_qemu, &lfd), 0);
	assert_int_equal(qmp_mini_connect(&q, sock, 2000, why, sizeof(why)),
			 0);
	assert_int_equal(qmp_mini_vcpu_tids(&q, tids, 4, why, sizeof(why)), 2);
	assert_int_equal(tids[0], 901);
	assert_int_equal(tids[1], 902);
	assert_int_equal(qmp_mini_running(&q, st, sizeof(st), why,
					  sizeof(why)), 0);
	assert_string_equal(st, "prelaunch");
	assert_int_equal(qmp_mini_cont(&q, why, sizeof(why)), 0);
	assert_int_equal(qmp_mini_running(&q, st, sizeof(st), why,
					  sizeof(why)), 1);
	qmp_mini_close(&q);
	pthread_join(th, NULL);
	close(lfd);
	unlink(sock);
	rmdir(path);
}

/* The event as QEMU 7.2 sends it for a guest reset under -no-reboot. */
#define RESET_EVENT "{\"timestamp\": {\"seconds\": 1764976000, " \
	"\"microseconds\": 5}, \"event\": \"SHUTDOWN\", \"data\": " \
	"{\"guest\": true, \"reason\": \"guest-reset\"}}\r\n"

static void test_shutdown_reason(void **state)
{
	static const char *const other[] = {
		"{\"return\": {}}",
		"{\"event\": \"RESET\", \"data\": {\"guest\": true, "
		"\"reason\": \"guest-reset\"}}",
		"{\"event\": 7}",
	};
	static const char *const bad[] = {
		"not json", "[1]", "{\"event\": \"SHUTDOWN\"}",
		"{\"event\": \"SHUTDOWN\", \"data\": {\"reason\": 3}}",
	};
	char why[32];

	(void)state;
	strcpy(why, "-");
	assert_int_equal(qmp_mini_shutdown_reason(RESET_EVENT,
						  strlen(RESET_EVENT), why,
						  sizeof(why)), 1);
	assert_string_equal(why, "guest-reset");
	/* too long for the buffer: cut, still terminated */
	assert_int_equal(qmp_mini_shutdown_reason(RESET_EVENT,
						  strlen(RESET_EVENT), why, 6),
			 1);
	assert_string_equal(why, "guest");
	strcpy(why, "-");
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		assert_int_equal(qmp_mini_shutdown_reason(other[i],
				 strlen(other[i]), why, sizeof(why)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(qmp_mini_shutdown_reason(bad[i],
				 strlen(bad[i]), why, sizeof(why)), -EBADMSG);
	assert_string_equal(why, "-");
}

/* Events arrive in pieces; nothing waits for more; the end is told. */
static void test_events(void **state)
{
	const char *other = "{\"event\": \"STOP\"}\r\n";
	size_t half = strlen(RESET_EVENT) / 2;
	struct qmp_mini q;
	char why[32] = "";
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	memset(&q, 0, sizeof(q));
	q.fd = sv[0];
	q.timeout_ms = 5000;	/* must not be waited for */
	assert_int_equal(qmp_mini_events(&q, why, sizeof(why)), 0);
	assert_int_equal(write(sv[1], other, strlen(other)),
			 (ssize_t)strlen(other));
	assert_int_equal(write(sv[1], RESET_EVENT, half), (ssize_t)half);
	assert_int_equal(qmp_mini_events(&q, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(write(sv[1], RESET_EVENT + half,
			       strlen(RESET_EVENT) - half),
			 (ssize_t)(strlen(RESET_EVENT) - half));
	assert_int_equal(qmp_mini_events(&q, why, sizeof(why)), 0);
	assert_string_equal(why, "guest-reset");
	assert_int_equal(q.timeout_ms, 5000);
	close(sv[1]);
	assert_int_equal(qmp_mini_events(&q, why, sizeof(why)), -ECONNRESET);
	qmp_mini_close(&q);

	/* garbage from the socket is an error, not a reason */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	q.fd = sv[0];
	q.len = 0;
	why[0] = '\0';
	assert_int_equal(write(sv[1], "oops\n", 5), 5);
	assert_int_equal(qmp_mini_events(&q, why, sizeof(why)), -EBADMSG);
	assert_string_equal(why, "");
	qmp_mini_close(&q);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_reply),
		cmocka_unit_test(test_bad_replies),
		cmocka_unit_test(test_client),
		cmocka_unit_test(test_shutdown_reason),
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
