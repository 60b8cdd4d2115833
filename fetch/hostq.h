/*
 * hostq.h - per-host queues that decide which URL may start next (internal
 * to libcqa_fetch).
 *
 * libcurl can enforce per-host limits itself, but a transfer it holds back
 * in its pending queue is already running against CURLOPT_TIMEOUT (libcurl
 * 7.88): a site audit of 1000 URLs on one host with per_host 2 would time
 * out most of them before they were ever sent.  So fetch.c starts a transfer
 * only when its host has a free slot, and asks hostq which one.
 *
 * URLs are grouped by host name (lower-cased, without port or user info:
 * politeness is owed to the machine, whatever the port or scheme).  Hosts
 * take turns, round robin, so one big host does not starve the others; each
 * host's URLs start in input order.  A redirect to another host counts
 * against the host of the original URL.
 */
#ifndef CQA_FETCH_HOSTQ_H
#define CQA_FETCH_HOSTQ_H

#include <stddef.h>

#define HOSTQ_NONE ((size_t)-1)

typedef struct hostq hostq;

/* urls[0..n) are queued (the array must outlive the queue). */
hostq *hostq_new(const char *const *urls, size_t n, long per_host);
/* Index of a URL that may start now (its host gets one more active
 * transfer), or HOSTQ_NONE when every host with URLs left is busy. */
size_t hostq_next(hostq *q);
/* The transfer of URL i finished: its host has a slot again. */
void hostq_done(hostq *q, size_t i);
void hostq_free(hostq *q);

/* The host name of url as hostq groups it ("example.com"), in out (NUL
 * terminated, cut to size); "" for file:// and for text without "://". */
void hostq_host(const char *url, char *out, size_t size);

#endif
