/*
 * pool.c - worker threads for cqa-parse; see pool.h for the contract.
 *
 * Jobs live in a ring of 2 x N slots indexed by sequence number.  Three
 * counters describe it: next_seq (next to submit), next_take (next for a
 * worker) and next_emit (next to hand to the callback); always
 * next_emit <= next_take <= next_seq <= next_emit + slots.  Workers take
 * jobs in order and mark them done; the submitting thread emits done jobs
 * from the head of the ring, outside the lock, so the callback may take as
 * long as it likes without holding up the workers' bookkeeping.  Warnings a
 * worker's parse produces are kept with the job and printed when it is
 * emitted, so they appear in input order too.
 */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "internal.h"

typedef struct job {
	char *bytes;
	size_t len;
	char *url, *fetched_at, *content_type, *source;
	int status;
	int kind;    /* enum page_kind */
	json_t *doc; /* result, or NULL with err */
	cqa_error err;
	int done;
} job;

struct parse_pool {
	const parse_options *o;
	parse_doc_fn fn;
	void *ud;
	pthread_mutex_t mu;
	pthread_cond_t work; /* a job was queued, or shutdown */
	pthread_cond_t done; /* a job finished */
	job *ring;
	size_t slots;
	unsigned long long next_seq, next_take, next_emit;
	int shutdown;
	int stopped;
	pthread_t *threads;
	int nthreads;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void job_clear(job *j)
{
	free(j->bytes);
	free(j->url);
	free(j->fetched_at);
	free(j->content_type);
	free(j->source);
	memset(j, 0, sizeof *j);
}

static void *worker(void *arg)
{
	parse_pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next_take == p->next_seq && !p->shutdown)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->next_take == p->next_seq)
			break; /* shutdown with nothing left */
		job *j = &p->ring[p->next_take++ % p->slots];
		pthread_mutex_unlock(&p->mu);

		parse_page_info info = {
		    .url = j->url,
		    .final_url = j->url,
		    .status = j->status,
		    .fetched_at = j->fetched_at,
		    .content_type = j->content_type,
		    .source = j->source,
		};
		cqa_error_clear(&j->err);
		j->doc = parse_page_kind(p->o, j->bytes, j->len, &info, j->kind,
		                         &j->err);
		free(j->bytes);
		j->bytes = NULL;

		pthread_mutex_lock(&p->mu);
		j->done = 1;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

parse_pool *pool_new(const parse_options *o, parse_doc_fn fn, void *ud)
{
	if (o->jobs <= 1)
		return NULL;
	parse_pool *p = xcalloc(1, sizeof *p);
	p->o = o;
	p->fn = fn;
	p->ud = ud;
	p->slots = 2 * (size_t)o->jobs;
	p->ring = xcalloc(p->slots, sizeof *p->ring);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->threads = xcalloc((size_t)o->jobs, sizeof *p->threads);
	for (int i = 0; i < o->jobs; i++)
		if (pthread_create(&p->threads[p->nthreads], NULL, worker, p) ==
		    0)
			p->nthreads++;
	if (!p->nthreads) {
		/* No thread could start: run inline rather than hang. */
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->work);
		pthread_cond_destroy(&p->done);
		free(p->threads);
		free(p->ring);
		free(p);
		return NULL;
	}
	return p;
}

/* Emits finished jobs at the head of the ring; with wait, waits for the
 * head until `until` jobs have been emitted.  Called and returns with the
 * lock held. */
static void emit_ready(parse_pool *p, unsigned long long until)
{
	for (;;) {
		job *j = &p->ring[p->next_emit % p->slots];
		if (p->next_emit == p->next_seq || p->next_emit >= until)
			return;
		if (!j->done) {
			pthread_cond_wait(&p->done, &p->mu);
			continue;
		}
		json_t *doc = j->doc;
		cqa_error err = j->err;
		job_clear(j);
		p->next_emit++;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->mu);
		if (!doc)
			cqa_warn(p->o->log, "%s", err.msg);
		else if (p->stopped)
			json_decref(doc);
		else if (p->fn(p->ud, doc))
			p->stopped = 1;
		pthread_mutex_lock(&p->mu);
	}
}

int pool_submit(parse_pool *p, const char *bytes, size_t len,
                const parse_page_info *info, int kind)
{
	pthread_mutex_lock(&p->mu);
	/* Room for one more: emit (and wait for) the oldest if full. */
	if (p->next_seq - p->next_emit >= p->slots)
		emit_ready(p, p->next_emit + 1);
	job *j = &p->ring[p->next_seq % p->slots];
	j->bytes = xmalloc(len + 1);
	memcpy(j->bytes, bytes, len);
	j->bytes[len] = '\0';
	j->len = len;
	j->url = dup_or_null(info->url);
	j->fetched_at = dup_or_null(info->fetched_at);
	j->content_type = dup_or_null(info->content_type);
	j->source = dup_or_null(info->source);
	j->status = info->status;
	j->kind = kind;
	j->done = 0;
	p->next_seq++;
	pthread_cond_signal(&p->work);
	/* Hand over whatever is already finished, without waiting. */
	while (p->next_emit < p->next_seq &&
	       p->ring[p->next_emit % p->slots].done)
		emit_ready(p, p->next_emit + 1);
	int stopped = p->stopped;
	pthread_mutex_unlock(&p->mu);
	return stopped;
}

int pool_finish(parse_pool *p)
{
	pthread_mutex_lock(&p->mu);
	emit_ready(p, p->next_seq);
	p->shutdown = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	int stopped = p->stopped;
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p->threads);
	free(p->ring);
	free(p);
	return stopped;
}
