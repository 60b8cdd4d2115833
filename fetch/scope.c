/*
 * scope.c - which discovered URLs belong to the crawl.
 *
 * A site audit follows links inside the site and nowhere else.  By default
 * "the site" is the set of hosts the seeds and --sitemap URLs are on,
 * exactly: www.example.com and example.com are different hosts, as they are
 * to a browser's cookies, and a site that uses both says so with --scope.
 * --scope takes a host ("docs.example.com"), every subdomain of one
 * ("*.example.com", which includes example.com itself), or a URL prefix
 * ("https://example.com/blog/", normalised like the URLs it is compared
 * with); given any, they replace the seeds' hosts.  --include and --exclude
 * are POSIX extended regular expressions over the normalised URL: with any
 * --include a URL must match one, and it must match no --exclude.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/url.h"
#include "internal.h"

typedef struct pattern_set {
	regex_t *v;
	size_t n;
} pattern_set;

struct scope {
	char **hosts; /* exact, or "*.example.com" */
	size_t n_hosts;
	char **prefixes; /* normalised URLs */
	size_t n_prefixes;
	pattern_set include, exclude;
};

static void add_str(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static int compile(pattern_set *set, const char *const *src, size_t n,
                   const char *option, cqa_error *err)
{
	set->v = xcalloc(n ? n : 1, sizeof *set->v);
	for (size_t i = 0; i < n; i++) {
		int rc = regcomp(&set->v[i], src[i], REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char msg[256];
			regerror(rc, &set->v[i], msg, sizeof msg);
			cqa_fail(err, CQA_ERR_USAGE, "%s '%s': %s", option,
			         src[i], msg);
			return -1;
		}
		set->n++;
	}
	return 0;
}

scope *scope_new(const fetch_options *o, const char *const *seeds, size_t n,
                 cqa_error *err)
{
	scope *s = xcalloc(1, sizeof *s);
	for (size_t i = 0; i < o->n_scope; i++) {
		const char *v = o->scope[i];
		if (strstr(v, "://")) {
			buf_t u = BUF_INIT;
			if (url_normalize(v, NULL, &u) < 0) {
				cqa_fail(err, CQA_ERR_USAGE,
				         "--scope '%s': not an http(s) URL", v);
				buf_free(&u);
				scope_free(s);
				return NULL;
			}
			add_str(&s->prefixes, &s->n_prefixes, buf_cstr(&u));
			buf_free(&u);
		} else {
			add_str(&s->hosts, &s->n_hosts, v);
		}
	}
	/* Without --scope, the hosts of the inputs and of the --sitemap
	 * URLs: a sitemap speaks for its own host (sitemaps.org), so a run
	 * with sitemaps and no seed still fetches what they list. */
	for (size_t i = 0; !o->n_scope && i < n + o->n_sitemaps; i++) {
		const char *u = i < n ? seeds[i] : o->sitemaps[i - n];
		buf_t h = BUF_INIT;
		if (url_host(u, &h) == 0)
			add_str(&s->hosts, &s->n_hosts, buf_cstr(&h));
		buf_free(&h);
	}
	if (compile(&s->include, o->include, o->n_include, "--include", err) <
	        0 ||
	    compile(&s->exclude, o->exclude, o->n_exclude, "--exclude", err) <
	        0) {
		scope_free(s);
		return NULL;
	}
	return s;
}

static int host_matches(const char *pattern, const char *host)
{
	if (!strncmp(pattern, "*.", 2)) {
		const char *base = pattern + 2;
		size_t hl = strlen(host), bl = strlen(base);
		if (!strcasecmp(host, base))
			return 1;
		return hl > bl + 1 && host[hl - bl - 1] == '.' &&
		       !strcasecmp(host + hl - bl, base);
	}
	return !strcasecmp(pattern, host);
}

int scope_allows(const scope *s, const char *url)
{
	int in = 0;
	if (s->n_hosts) {
		buf_t h = BUF_INIT;
		if (url_host(url, &h) == 0)
			for (size_t i = 0; i < s->n_hosts && !in; i++)
				in = host_matches(s->hosts[i], buf_cstr(&h));
		buf_free(&h);
	}
	for (size_t i = 0; i < s->n_prefixes && !in; i++)
		in = !strncmp(url, s->prefixes[i], strlen(s->prefixes[i]));
	if (!in)
		return 0;
	if (s->include.n) {
		int any = 0;
		for (size_t i = 0; i < s->include.n && !any; i++)
			any = !regexec(&s->include.v[i], url, 0, NULL, 0);
		if (!any)
			return 0;
	}
	for (size_t i = 0; i < s->exclude.n; i++)
		if (!regexec(&s->exclude.v[i], url, 0, NULL, 0))
			return 0;
	return 1;
}

static void free_set(pattern_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		regfree(&set->v[i]);
	free(set->v);
}

void scope_free(scope *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_hosts; i++)
		free(s->hosts[i]);
	for (size_t i = 0; i < s->n_prefixes; i++)
		free(s->prefixes[i]);
	free(s->hosts);
	free(s->prefixes);
	free_set(&s->include);
	free_set(&s->exclude);
	free(s);
}
