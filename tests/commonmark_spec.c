/*
 * commonmark_spec.c - the examples of the CommonMark spec, rendered by
 * the Markdown library cqa reads drafts with (cmark), each compared with
 * the HTML the spec expects.
 *
 *   commonmark_spec SPEC.txt[.gz] ...
 *
 * SPEC is a spec in the format of the CommonMark repository's spec.txt:
 * an example is a line of 32 backticks and "example", the Markdown, a
 * line ".", the HTML, and a line of 32 backticks; a U+2192 arrow stands
 * for a tab.  The npm package commonmark-spec ships spec.txt of each
 * spec version (tools/commonmark-spec installs 0.30.0, the version of
 * Debian 12's cmark 0.30.2; Debian's packages do not ship it).
 *
 * Each example is parsed with the options parse/markdown_cmark.c uses
 * (CMARK_OPT_VALIDATE_UTF8) and rendered with cmark's HTML renderer,
 * raw HTML passed through as the spec's own test runner asks (--unsafe).
 * The HTML must match byte for byte.  Prints "N of M pass", by section
 * when some fail, and the first failures; the exit status is 0 when every
 * example passes, 1 otherwise, 77 (skipped, for ctest) when no spec file
 * can be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmark.h>

#include "common/buf.h"

enum { SHOW_FAILURES = 5 };

/* The parser options of parse/markdown_cmark.c. */
#define CQA_CMARK_OPTIONS CMARK_OPT_VALIDATE_UTF8

static int read_all(const char *path, buf_t *out)
{
	gzFile f = gzopen(path, "rb"); /* reads plain files as they are */
	if (!f)
		return -1;
	char chunk[65536];
	int n;
	while ((n = gzread(f, chunk, sizeof chunk)) > 0)
		buf_add(out, chunk, (size_t)n);
	int bad = n < 0;
	gzclose(f);
	return bad ? -1 : 0;
}

/* The spec's arrow (U+2192) is a tab. */
static void untab(const char *s, size_t n, buf_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i + 2 < n && !memcmp(s + i, "\xE2\x86\x92", 3)) {
			buf_addc(out, '\t');
			i += 2;
		} else {
			buf_addc(out, s[i]);
		}
	}
}

static int is_fence(const char *p, const char *e)
{
	return e - p >= 32 &&
	       !strncmp(p, "````````````````````````````````", 32);
}

static const char *line_end(const char *p, const char *end)
{
	const char *e = memchr(p, '\n', (size_t)(end - p));
	return e ? e : end;
}

typedef struct tally {
	size_t run, pass, shown;
	/* failures by section, "Tabs: 2, Links: 1" */
	buf_t sections;
	char last_failed[128];
	size_t last_count;
} tally;

static void flush_section(tally *t)
{
	if (t->last_count)
		buf_printf(&t->sections, "%s%s %zu",
		           t->sections.len ? ", " : "", t->last_failed,
		           t->last_count);
	t->last_count = 0;
}

static void check(tally *t, const char *spec, int number, const char *section,
                  const buf_t *md, const buf_t *want)
{
	char *got =
	    cmark_markdown_to_html(md->data ? md->data : "", md->len,
	                           CQA_CMARK_OPTIONS | CMARK_OPT_UNSAFE);
	t->run++;
	if (!strcmp(got, buf_cstr(want))) {
		t->pass++;
		free(got);
		return;
	}
	if (strcmp(t->last_failed, section)) {
		flush_section(t);
		snprintf(t->last_failed, sizeof t->last_failed, "%s", section);
	}
	t->last_count++;
	if (t->shown++ < SHOW_FAILURES)
		printf("FAIL %s example %d (%s):\n--- markdown\n%s--- "
		       "expected\n%s--- got\n%s",
		       spec, number, section, buf_cstr(md), buf_cstr(want),
		       got);
	free(got);
}

static void run_spec(const char *path, const buf_t *spec, tally *t)
{
	const char *p = buf_cstr(spec), *end = p + spec->len;
	buf_t md = BUF_INIT, html = BUF_INIT;
	char section[128] = "";
	int number = 0;
	while (p < end) {
		const char *e = line_end(p, end);
		if (*p == '#') {
			const char *s = p + strspn(p, "# ");
			snprintf(section, sizeof section, "%.*s", (int)(e - s),
			         s);
		}
		const char *ex =
		    is_fence(p, e) ? strstr(p + 32, "example") : NULL;
		if (!ex || ex > e) {
			p = e + (e < end);
			continue;
		}
		number++;
		buf_reset(&md);
		buf_reset(&html);
		buf_t *into = &md;
		for (p = e + (e < end); p < end; p = e + (e < end)) {
			e = line_end(p, end);
			if (into == &md && e - p == 1 && *p == '.') {
				into = &html;
			} else if (into == &html && is_fence(p, e)) {
				break;
			} else {
				untab(p, (size_t)(e - p), into);
				buf_addc(into, '\n');
			}
		}
		p = e + (e < end);
		check(t, path, number, section, &md, &html);
	}
	flush_section(t);
	buf_free(&md);
	buf_free(&html);
}

int main(int argc, char **argv)
{
	int read = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		buf_t spec = BUF_INIT;
		if (read_all(argv[i], &spec) != 0 || !spec.len) {
			printf("%s: cannot read; skipped\n", argv[i]);
			buf_free(&spec);
			continue;
		}
		read++;
		tally t;
		memset(&t, 0, sizeof t);
		run_spec(argv[i], &spec, &t);
		printf("%s: cmark %s: %zu of %zu examples pass\n", argv[i],
		       cmark_version_string(), t.pass, t.run);
		if (t.sections.len)
			printf("  failing, by section: %s\n",
			       buf_cstr(&t.sections));
		failed |= !t.run || t.pass != t.run;
		buf_free(&t.sections);
		buf_free(&spec);
	}
	if (!read)
		return 77;
	return failed;
}
