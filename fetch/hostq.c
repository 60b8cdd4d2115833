/*
 * hostq.c - per-host queues; see hostq.h for why they exist.
 *
 * Each host holds a linked list of its URLs (next[] threads them through
 * the URL indices, so there is no allocation per URL) and a count of active
 * transfers.  A ring holds the hosts that could start a transfer now; a host
 * leaves the ring when it is taken and goes back to the tail while it still
 * has URLs and free slots, which makes the turns round robin.  Hosts are
 * found through an open-addressing table keyed by host name, used only
 * while the queue is built.
 */
#include "hostq.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"

enum { HOST_MAX = 256 }; /* DNS names are at most 253 bytes */

typedef struct host {
	char *name;
	long active;
	size_t head, tail; /* first and last queued URL, or HOSTQ_NONE */
	int in_ring;
} host;

struct hostq {
	long per_host;
	host *hosts;
	size_t n_hosts;
	size_t *host_of; /* URL index -> host index */
	size_t *next;    /* URL index -> next URL of the same host */
	size_t *ring;    /* hosts that may start a transfer, FIFO */
	size_t ring_head, ring_len;
};

void hostq_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	size_t n = 0;
	if (p) {
		p += 3;
		size_t len = strcspn(p, "/?#");
		const char *at = memchr(p, '@', len);
		while (at) { /* user info: the host follows the last '@' */
			len -= (size_t)(at + 1 - p);
			p = at + 1;
			at = memchr(p, '@', len);
		}
		const char *end = p + len;
		if (*p == '[') { /* IPv6 literal: the port follows ']' */
			const char *rb = memchr(p, ']', len);
			end = rb ? rb + 1 : end;
		} else {
			const char *colon = memchr(p, ':', len);
			end = colon ? colon : end;
		}
		for (; p < end && n + 1 < size; p++)
			out[n++] = (char)tolower((unsigned char)*p);
	}
	if (size)
		out[n] = '\0';
}

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void ring_push(hostq *q, size_t h)
{
	q->ring[(q->ring_head + q->ring_len++) % q->n_hosts] = h;
	q->hosts[h].in_ring = 1;
}

static int can_start(const hostq *q, const host *h)
{
	return h->head != HOSTQ_NONE && h->active < q->per_host;
}

hostq *hostq_new(const char *const *urls, size_t n, long per_host)
{
	hostq *q = xcalloc(1, sizeof *q);
	q->per_host = per_host > 0 ? per_host : 1;
	q->hosts = xmalloc((n ? n : 1) * sizeof *q->hosts);
	q->host_of = xmalloc((n ? n : 1) * sizeof *q->host_of);
	q->next = xmalloc((n ? n : 1) * sizeof *q->next);
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	size_t *table = xmalloc(cap * sizeof *table); /* host index + 1 */
	memset(table, 0, cap * sizeof *table);

	for (size_t i = 0; i < n; i++) {
		char name[HOST_MAX];
		hostq_host(urls[i], name, sizeof name);
		size_t slot = (size_t)hash(name) & (cap - 1);
		while (table[slot] &&
		       strcmp(q->hosts[table[slot] - 1].name, name))
			slot = (slot + 1) & (cap - 1);
		if (!table[slot]) {
			q->hosts[q->n_hosts] =
			    (host){xstrdup(name), 0, HOSTQ_NONE, HOSTQ_NONE, 0};
			table[slot] = ++q->n_hosts;
		}
		size_t h = table[slot] - 1;
		host *ho = &q->hosts[h];
		q->host_of[i] = h;
		q->next[i] = HOSTQ_NONE;
		if (ho->tail == HOSTQ_NONE)
			ho->head = i;
		else
			q->next[ho->tail] = i;
		ho->tail = i;
	}
	free(table);
	q->ring = xmalloc((q->n_hosts ? q->n_hosts : 1) * sizeof *q->ring);
	for (size_t h = 0; h < q->n_hosts; h++)
		ring_push(q, h);
	return q;
}

size_t hostq_next(hostq *q)
{
	while (q->ring_len > 0) {
		size_t h = q->ring[q->ring_head];
		q->ring_head = (q->ring_head + 1) % q->n_hosts;
		q->ring_len--;
		host *ho = &q->hosts[h];
		ho->in_ring = 0;
		if (!can_start(q, ho))
			continue; /* hostq_done puts it back */
		size_t i = ho->head;
		ho->head = q->next[i];
		if (ho->head == HOSTQ_NONE)
			ho->tail = HOSTQ_NONE;
		ho->active++;
		if (can_start(q, ho))
			ring_push(q, h);
		return i;
	}
	return HOSTQ_NONE;
}

void hostq_done(hostq *q, size_t i)
{
	host *ho = &q->hosts[q->host_of[i]];
	ho->active--;
	if (!ho->in_ring && can_start(q, ho))
		ring_push(q, q->host_of[i]);
}

void hostq_free(hostq *q)
{
	if (!q)
		return;
	for (size_t h = 0; h < q->n_hosts; h++)
		free(q->hosts[h].name);
	free(q->hosts);
	free(q->host_of);
	free(q->next);
	free(q->ring);
	free(q);
}
