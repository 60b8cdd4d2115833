/*
 * frontier.c - the crawl's queue of URLs, per host, with manners; see
 * frontier.h for the rules.
 *
 * Known URLs are a set of 64-bit FNV-1a hashes (open addressing, grown at
 * half full): a million URLs cost 16 MiB, not the URLs' text.  Two URLs
 * sharing a hash would make the second look known; at 2^-64 a pair that is
 * a risk cqa takes.
 *
 * Hosts are found by their "scheme://host:port" key in a second table.
 * Each host has a FIFO of waiting items and a list of retries ordered by
 * the time they may start; frontier_next() walks the hosts round robin from
 * where the last call stopped and takes the first that may start now.
 */
#include "frontier.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"

enum robots_state { ROBOTS_NONE = 0, ROBOTS_FETCHING, ROBOTS_READY };

typedef struct fhost {
	char *key;                  /* "https://example.com:8443" */
	frontier_item *head, *tail; /* waiting, first come first served */
	frontier_item *retries;     /* waiting again, by not_before */
	long active;
	long long next_start; /* delay: no start before this */
	long delay_ms;
	int robots_state;
	int want_robots; /* its robots.txt was queued as a page: fetch it
	                    even with no page waiting (counted pending) */
	robots *rules;
	int failures;         /* failed attempts in a row */
	long long open_until; /* breaker shut until then */
	long cooldown_ms;     /* next time it opens, this long */
	long long open_total; /* time shut so far */
	int down;             /* gave up on the host */
	const char *down_why; /* what its dropped items say: "host_down"... */
} fhost;

struct frontier {
	frontier_options o;
	uint64_t *seen; /* 0 = empty slot */
	size_t seen_n, seen_cap;
	fhost *hosts;
	size_t n_hosts, hosts_cap;
	size_t *host_ix; /* open addressing over hosts, SIZE_MAX = empty */
	size_t host_ix_cap;
	size_t rr;      /* where the next round robin starts */
	size_t pending; /* waiting or running */
	unsigned long long rng;
};

void frontier_options_default(frontier_options *o)
{
	*o = (frontier_options){
	    .per_host = 2,
	    .delay_ms = 0,
	    .max_retries = 3,
	    .backoff_ms = 1000,
	    .max_backoff_ms = 60000,
	    .breaker_failures = 5,
	    .breaker_cooldown_ms = 30000,
	    .breaker_give_up_ms = 300000,
	    .robots = 1,
	    .seed = 0x9E3779B97F4A7C15ULL,
	};
}

static uint64_t fnv64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ? h : 1; /* 0 marks an empty slot */
}

/* xorshift64*: jitter needs no more. */
static double next_random(frontier *f)
{
	unsigned long long x = f->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	f->rng = x;
	return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) /
	       (double)(1ULL << 53);
}

frontier *frontier_new(const frontier_options *o)
{
	frontier *f = xcalloc(1, sizeof *f);
	if (o)
		f->o = *o;
	else
		frontier_options_default(&f->o);
	if (f->o.per_host < 1)
		f->o.per_host = 1;
	f->rng = f->o.seed ? f->o.seed : 1;
	f->seen_cap = 1024;
	f->seen = xcalloc(f->seen_cap, sizeof *f->seen);
	f->host_ix_cap = 64;
	f->host_ix = xmalloc(f->host_ix_cap * sizeof *f->host_ix);
	for (size_t i = 0; i < f->host_ix_cap; i++)
		f->host_ix[i] = SIZE_MAX;
	return f;
}

static void free_items(frontier_item *it)
{
	while (it) {
		frontier_item *next = it->next;
		free(it->url);
		free(it->from);
		free(it);
		it = next;
	}
}

void frontier_free(frontier *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_hosts; i++) {
		free(f->hosts[i].key);
		free_items(f->hosts[i].head);
		free_items(f->hosts[i].retries);
		robots_free(f->hosts[i].rules);
	}
	free(f->hosts);
	free(f->host_ix);
	free(f->seen);
	free(f);
}

/* ---- the set of known URLs ---- */

static int seen_insert(frontier *f, uint64_t h)
{
	if (2 * (f->seen_n + 1) > f->seen_cap) {
		size_t cap = f->seen_cap * 2;
		uint64_t *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < f->seen_cap; i++) {
			if (!f->seen[i])
				continue;
			size_t j = f->seen[i] & (cap - 1);
			while (t[j])
				j = (j + 1) & (cap - 1);
			t[j] = f->seen[i];
		}
		free(f->seen);
		f->seen = t;
		f->seen_cap = cap;
	}
	size_t j = h & (f->seen_cap - 1);
	while (f->seen[j]) {
		if (f->seen[j] == h)
			return 0;
		j = (j + 1) & (f->seen_cap - 1);
	}
	f->seen[j] = h;
	f->seen_n++;
	return 1;
}

int frontier_known(const frontier *f, const char *url)
{
	uint64_t h = fnv64(url, strlen(url));
	size_t j = h & (f->seen_cap - 1);
	while (f->seen[j]) {
		if (f->seen[j] == h)
			return 1;
		j = (j + 1) & (f->seen_cap - 1);
	}
	return 0;
}

void frontier_mark_known(frontier *f, const char *url)
{
	seen_insert(f, fnv64(url, strlen(url)));
}

/* ---- hosts ---- */

/* "scheme://authority" of a URL; "file:" for anything without "//". */
static size_t host_key_len(const char *url)
{
	const char *sep = strstr(url, "://");
	if (!sep || strncmp(url, "http", 4))
		return 5; /* "file:" and the like share one queue */
	const char *auth = sep + 3;
	return (size_t)(auth - url) + strcspn(auth, "/?#");
}

/* The index of url's host, or SIZE_MAX with *slot where it would go. */
static size_t host_lookup(const frontier *f, const char *url, size_t *slot)
{
	size_t len = host_key_len(url);
	uint64_t h = fnv64(url, len);
	size_t j = h & (f->host_ix_cap - 1);
	while (f->host_ix[j] != SIZE_MAX) {
		const fhost *hs = &f->hosts[f->host_ix[j]];
		if (strlen(hs->key) == len && !strncmp(hs->key, url, len))
			return f->host_ix[j];
		j = (j + 1) & (f->host_ix_cap - 1);
	}
	*slot = j;
	return SIZE_MAX;
}

static size_t host_find(frontier *f, const char *url)
{
	size_t len = host_key_len(url), j;
	size_t found = host_lookup(f, url, &j);
	if (found != SIZE_MAX)
		return found;
	if (f->n_hosts == f->hosts_cap) {
		f->hosts_cap = f->hosts_cap ? 2 * f->hosts_cap : 16;
		f->hosts = xrealloc(f->hosts, f->hosts_cap * sizeof *f->hosts);
	}
	size_t i = f->n_hosts++;
	fhost *hs = &f->hosts[i];
	memset(hs, 0, sizeof *hs);
	hs->key = xstrndup(url, len);
	hs->delay_ms = f->o.delay_ms;
	hs->cooldown_ms = f->o.breaker_cooldown_ms;
	/* Only http(s) hosts have a robots.txt. */
	hs->robots_state = f->o.robots && len > 5 ? ROBOTS_NONE : ROBOTS_READY;
	f->host_ix[j] = i;
	if (2 * f->n_hosts > f->host_ix_cap) {
		size_t cap = f->host_ix_cap * 2;
		size_t *t = xmalloc(cap * sizeof *t);
		for (size_t k = 0; k < cap; k++)
			t[k] = SIZE_MAX;
		for (size_t k = 0; k < f->n_hosts; k++) {
			const char *key = f->hosts[k].key;
			size_t m = fnv64(key, strlen(key)) & (cap - 1);
			while (t[m] != SIZE_MAX)
				m = (m + 1) & (cap - 1);
			t[m] = k;
		}
		free(f->host_ix);
		f->host_ix = t;
		f->host_ix_cap = cap;
	}
	return i;
}

static frontier_item *item_new(const char *url, int kind, int depth,
                               const char *from, size_t host)
{
	frontier_item *it = xcalloc(1, sizeof *it);
	it->url = xstrdup(url);
	it->from = from ? xstrdup(from) : NULL;
	it->kind = kind;
	it->depth = depth;
	it->host = host;
	return it;
}

int frontier_add(frontier *f, const char *url, int kind, int depth,
                 const char *from)
{
	if (!seen_insert(f, fnv64(url, strlen(url))))
		return 0;
	size_t h = host_find(f, url);
	fhost *hs = &f->hosts[h];
	size_t klen = strlen(hs->key);
	if (kind == FRONTIER_PAGE && f->o.robots && klen > 5 &&
	    !strncmp(url, hs->key, klen) &&
	    !strcmp(url + klen, "/robots.txt")) {
		/* The host's robots.txt: fetched (and logged) as that. */
		if (hs->robots_state == ROBOTS_NONE && !hs->want_robots) {
			hs->want_robots = 1;
			f->pending++;
		}
		return 0;
	}
	frontier_item *it = item_new(url, kind, depth, from, h);
	/* Sitemaps go first: they name the pages. */
	if (kind == FRONTIER_SITEMAP) {
		it->next = hs->head;
		hs->head = it;
		if (!hs->tail)
			hs->tail = it;
	} else {
		if (hs->tail)
			hs->tail->next = it;
		else
			hs->head = it;
		hs->tail = it;
	}
	f->pending++;
	return 1;
}

/* ---- choosing ---- */

static void wake_at(long long *wake, long long t)
{
	if (t < *wake)
		*wake = t;
}

/* The item host hs may start now, taken off its lists, or NULL. */
static frontier_item *host_take(frontier *f, fhost *hs, size_t i, long long now,
                                long long *wake)
{
	if (!hs->head && !hs->retries &&
	    !(hs->want_robots && hs->robots_state == ROBOTS_NONE))
		return NULL;
	if (hs->down && (hs->head || hs->retries)) {
		/* Everything left is dropped, one item a call. */
		frontier_item *it = hs->retries ? hs->retries : hs->head;
		if (it == hs->retries)
			hs->retries = it->next;
		else if (!(hs->head = it->next))
			hs->tail = NULL;
		it->next = NULL;
		it->drop = hs->down_why ? hs->down_why : "host_down";
		hs->active++;
		return it;
	}
	if (hs->robots_state == ROBOTS_FETCHING)
		return NULL; /* frontier_set_robots() wakes it */
	if (hs->robots_state == ROBOTS_NONE) {
		if (hs->active)
			return NULL;
		hs->robots_state = ROBOTS_FETCHING;
		if (hs->want_robots) {
			hs->want_robots = 0;
			f->pending--; /* counted again as the item below */
		}
		buf_t u = BUF_INIT;
		buf_adds(&u, hs->key);
		buf_adds(&u, "/robots.txt");
		seen_insert(f, fnv64(u.data, u.len));
		frontier_item *it =
		    item_new(buf_cstr(&u), FRONTIER_ROBOTS, 0, NULL, i);
		buf_free(&u);
		it->attempts = 1;
		hs->active++;
		f->pending++;
		hs->next_start = now + hs->delay_ms;
		return it;
	}
	/* A breaker that is open admits one probe once it has cooled. */
	if (hs->open_until > now) {
		wake_at(wake, hs->open_until);
		return NULL;
	}
	long limit = hs->failures >= f->o.breaker_failures ? 1 : f->o.per_host;
	if (hs->delay_ms > 0)
		limit = 1; /* a delay spaces requests: one at a time */
	if (hs->active >= limit)
		return NULL; /* frontier_done() frees a slot */
	if (hs->next_start > now) {
		wake_at(wake, hs->next_start);
		return NULL;
	}
	frontier_item *it = NULL;
	if (hs->retries && hs->retries->not_before <= now) {
		it = hs->retries;
		hs->retries = it->next;
	} else if (hs->head) {
		it = hs->head;
		if (!(hs->head = it->next))
			hs->tail = NULL;
	} else {
		wake_at(wake, hs->retries->not_before);
		return NULL;
	}
	it->next = NULL;
	it->attempts++;
	hs->active++;
	hs->next_start = now + hs->delay_ms;
	return it;
}

frontier_item *frontier_next(frontier *f, long long now, long long *wake)
{
	*wake = LLONG_MAX;
	for (size_t k = 0; k < f->n_hosts; k++) {
		size_t i = (f->rr + k) % f->n_hosts;
		frontier_item *it = host_take(f, &f->hosts[i], i, now, wake);
		if (it) {
			f->rr = i + 1;
			return it;
		}
	}
	return NULL;
}

/* ---- outcomes ---- */

static void retry_insert(fhost *hs, frontier_item *it)
{
	frontier_item **p = &hs->retries;
	while (*p && (*p)->not_before <= it->not_before)
		p = &(*p)->next;
	it->next = *p;
	*p = it;
}

static void breaker_count(frontier *f, fhost *hs, long long now, int failed)
{
	if (!failed) {
		hs->failures = 0;
		hs->cooldown_ms = f->o.breaker_cooldown_ms;
		return;
	}
	if (++hs->failures < f->o.breaker_failures)
		return;
	/* Open (again): shut for the cool-down, which doubles each time. */
	hs->open_until = now + hs->cooldown_ms;
	hs->open_total += hs->cooldown_ms;
	hs->cooldown_ms *= 2;
	if (hs->open_total > f->o.breaker_give_up_ms)
		hs->down = 1;
}

int frontier_done(frontier *f, frontier_item *it, long long now, int outcome,
                  long retry_after_ms, int host_failure)
{
	fhost *hs = &f->hosts[it->host];
	hs->active--;
	if (outcome != FRONTIER_DROPPED)
		breaker_count(f, hs, now, host_failure);
	if (outcome == FRONTIER_RETRYABLE && it->attempts <= f->o.max_retries &&
	    !hs->down) {
		double wait = (double)f->o.backoff_ms;
		for (int k = 1; k < it->attempts && wait < 1e12; k++)
			wait *= 2;
		wait *= 0.5 + next_random(f); /* +-50% */
		if ((double)retry_after_ms > wait)
			wait = (double)retry_after_ms;
		if (wait > (double)f->o.max_backoff_ms)
			wait = (double)f->o.max_backoff_ms;
		it->not_before = now + (long long)wait;
		retry_insert(hs, it);
		return 1;
	}
	f->pending--;
	return 0;
}

void frontier_item_free(frontier_item *it)
{
	if (!it)
		return;
	free(it->url);
	free(it->from);
	free(it);
}

static void set_rules(frontier *f, fhost *hs, robots *rules);

void frontier_set_robots(frontier *f, const frontier_item *it, robots *rules)
{
	set_rules(f, &f->hosts[it->host], rules);
}

void frontier_drop_host(frontier *f, const frontier_item *it, const char *why)
{
	fhost *hs = &f->hosts[it->host];
	hs->down = 1;
	hs->down_why = why;
}

void frontier_preset_robots(frontier *f, const char *url, robots *rules)
{
	size_t h = host_find(f, url); /* may move f->hosts */
	set_rules(f, &f->hosts[h], rules);
}

static void set_rules(frontier *f, fhost *hs, robots *rules)
{
	robots_free(hs->rules);
	hs->rules = rules;
	hs->robots_state = ROBOTS_READY;
	if (hs->want_robots) {
		hs->want_robots = 0; /* known already: nothing to fetch */
		f->pending--;
	}
	double delay = rules ? robots_crawl_delay(rules) : -1;
	if (delay > 0) {
		/* A site asking for more than a minute between pages is
		 * asking not to be crawled; a minute is what it gets. */
		long ms = delay > 60 ? 60000 : (long)(delay * 1000);
		if (ms > hs->delay_ms)
			hs->delay_ms = ms;
	}
}

const robots *frontier_robots(const frontier *f, const frontier_item *it)
{
	return f->hosts[it->host].rules;
}

const robots *frontier_robots_of(const frontier *f, const char *url)
{
	size_t slot;
	size_t h = host_lookup(f, url, &slot);
	return h == SIZE_MAX ? NULL : f->hosts[h].rules;
}

size_t frontier_pending(const frontier *f)
{
	return f->pending;
}
