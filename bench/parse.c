/*
 * parse.c - cqa-parse's throughput beside libxml2's bare parse, in one run.
 *
 * Usage: cqa-bench-parse [DIR] [--rounds N] [--only bare|full|none]
 *
 * --rounds defaults to 3.  --only runs one side (or neither: loading
 * only), for counting instructions under valgrind, which unlike seconds
 * does not depend on what else the machine is doing.
 *
 * Loads every page of DIR (*.html, *.htm, or *.html.gz; default the
 * extraction development set in ../shared/data) into memory, then times,
 * on one core and over the same pages:
 *
 *   bare   htmlReadMemory() with cqa's parser flags and a walk over every
 *          text node: the least any extractor built on libxml2 must do;
 *   full   parse_html_document(): decoding, parsing, block segmentation,
 *          labelling, metadata, and the docs.jsonl line serialised.
 *
 * The ratio full/bare is the figure that holds on a noisy machine.  The
 * pages are not part of cqa; when they are missing the benchmark says so
 * and exits 0, so it never fails a build.
 */
#include <dirent.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../common/buf.h"
#include "../common/jsonl.h"
#include "../common/log.h"
#include "../parse/parse.h"

typedef struct page {
	char *data;
	size_t len;
} page;

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static int load(const char *path, page *p)
{
	gzFile g = gzopen(path, "rb"); /* reads plain files too */
	if (!g)
		return -1;
	buf_t b = BUF_INIT;
	char chunk[65536];
	int n;
	while ((n = gzread(g, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	gzclose(g);
	p->data = buf_detach(&b, &p->len);
	return 0;
}

static size_t walk_text(xmlNodePtr n)
{
	size_t total = 0;
	xmlNodePtr root = n;
	while (n) {
		if (n->type == XML_TEXT_NODE && n->content)
			total += strlen((const char *)n->content);
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	return total;
}

int main(int argc, char **argv)
{
	const char *dir = CQA_SHARED_DATA "/extraction-dev/html";
	int rounds = 3;
	int do_bare = 1, do_full = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			i++;
			do_bare = !strcmp(argv[i], "bare");
			do_full = !strcmp(argv[i], "full");
		} else
			dir = argv[i];
	}
	DIR *d = opendir(dir);
	if (!d) {
		printf("cqa-bench-parse: %s not found; nothing measured\n",
		       dir);
		return 0;
	}
	page *pages = NULL;
	size_t n = 0, cap = 0, bytes = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!has_suffix(e->d_name, ".html") &&
		    !has_suffix(e->d_name, ".htm") &&
		    !has_suffix(e->d_name, ".html.gz"))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			pages = xrealloc(pages, cap * sizeof *pages);
		}
		buf_t path = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (load(path.data, &pages[n]) == 0)
			bytes += pages[n++].len;
		buf_free(&path);
	}
	closedir(d);
	if (!n) {
		printf("cqa-bench-parse: no pages in %s\n", dir);
		return 0;
	}
	parse_global_init();
	int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	            HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	            HTML_PARSE_COMPACT;

	parse_options o;
	parse_options_default(&o);
	/* Rounds alternate bare and full, so drift in the machine's speed
	 * (other load, clock changes) falls on both alike. */
	size_t sink = 0;
	double bare = 0, full = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = cqa_now();
		for (size_t i = 0; do_bare && i < n; i++) {
			htmlDocPtr doc =
			    htmlReadMemory(pages[i].data, (int)pages[i].len,
			                   NULL, NULL, flags);
			if (doc) {
				sink += walk_text(xmlDocGetRootElement(doc));
				xmlFreeDoc(doc);
			}
		}
		bare += cqa_now() - t0;
		t0 = cqa_now();
		for (size_t i = 0; do_full && i < n; i++) {
			json_t *doc = parse_html_document(
			    &o, pages[i].data, pages[i].len, NULL, NULL);
			if (doc) {
				buf_t line = BUF_INIT;
				jsonl_serialize(doc, &line);
				sink += line.len;
				buf_free(&line);
				json_decref(doc);
			}
		}
		full += cqa_now() - t0;
	}

	double pages_done = (double)n * rounds;
	double mb = (double)bytes * rounds / 1e6;
	printf("pages: %zu (%.1f MB) from %s, %d round(s), one core\n", n,
	       (double)bytes / 1e6, dir, rounds);
	printf("libxml2 bare parse + text walk: %7.1f pages/s  %6.1f MB/s\n",
	       pages_done / bare, mb / bare);
	printf("cqa-parse full extraction:      %7.1f pages/s  %6.1f MB/s\n",
	       pages_done / full, mb / full);
	printf("ratio full/bare: %.2f (target >= 0.70)\n", bare / full);
	parse_global_cleanup();
	for (size_t i = 0; i < n; i++)
		free(pages[i].data);
	free(pages);
	/* sink keeps the work from being optimised away. */
	return sink == 0 && do_bare && do_full;
}
