/*
 * emit.h - the agent -> host stream: one compact JSON object per line,
 * never longer than AGENT_MAX_LINE bytes (newline included).
 *
 * See docs/agent-protocol.md.  The host reads the stream as untrusted
 * input with a bounded line buffer, so an over-long line is refused here
 * (-EMSGSIZE) rather than written: the agent fails loudly instead of
 * sending something the host would have to cut.
 */
#ifndef TLB_EMIT_H
#define TLB_EMIT_H

#include <pthread.h>
#include <stddef.h>
#include <jansson.h>

#define TLBAGENT_VERSION	"0.1.0"
#define AGENT_PROTOCOL_VERSION	1
#define AGENT_MAX_LINE		4096

struct emitter {
	int fd;
	pthread_mutex_t lock;		/* lines from several threads */
	unsigned long lines;		/* written so far */
};

void emitter_init(struct emitter *e, int fd);
void emitter_destroy(struct emitter *e);

/* A new message {"v":1,"type":type,"t":<CLOCK_MONOTONIC s>}; NULL on ENOMEM. */
json_t *msg_new(const char *type);

/*
 * msg_format - msg as one compact JSON line ending in '\n', into buf
 * (size >= 2).  Returns its length (<= AGENT_MAX_LINE and < size), or
 * -EMSGSIZE when it would be longer, -ENOMEM.
 */
int msg_format(json_t *msg, char *buf, size_t size);

/*
 * emit - format msg and write it whole.  Takes over the reference to msg
 * (NULL is allowed: -ENOMEM).  Returns 0, -EMSGSIZE (nothing written),
 * -ENOMEM, or -errno of write().
 */
int emit(struct emitter *e, json_t *msg);

#endif
