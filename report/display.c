/*
 * display.c - URLs and titles made fit for an 80-column terminal.
 *
 * URLs: when every page lives on one host the host says nothing, so the
 * summary shows paths; when every page is a local file (file:// URL or a
 * plain path) it shows the path below the directory they share.  Otherwise
 * URLs are shown whole.
 *
 * Text: titles come from strangers' pages, so before they reach a terminal
 * control characters (escape sequences could rewrite the screen) and bidi
 * overrides (which reorder what is shown) are removed, white space runs
 * become one space and invalid UTF-8 becomes U+FFFD.  Widths are counted in
 * terminal columns with utf8proc, so wide (CJK) and combining characters
 * line up; cutting happens between code points, never inside one.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "report_int.h"

/* What replaces the cut part of a long title or URL. */
static const char ellipsis[] = "...";
enum { ELLIPSIS_COLS = 3 };
/* An end cut moves back to a space at most this many columns earlier. */
enum { WORD_BACKOFF = 12 };

/* Length of "scheme://authority" of a network URL, or 0 if url is not one. */
static size_t authority_len(const char *url)
{
	size_t i = 0;
	if (!((url[0] >= 'a' && url[0] <= 'z') ||
	      (url[0] >= 'A' && url[0] <= 'Z')))
		return 0;
	while (url[i] && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST"
	                        "UVWXYZ0123456789+.-",
	                        url[i]))
		i++;
	if (strncmp(url + i, "://", 3) != 0)
		return 0;
	i += 3;
	return i + strcspn(url + i, "/?#");
}

static int is_file_url(const char *url)
{
	return strncasecmp(url, "file://", 7) == 0;
}

/* The local path of a file:// URL or plain path; NULL for network URLs. */
static const char *file_path_of(const char *url)
{
	if (is_file_url(url)) {
		const char *rest = url + 7; /* file:///p or file://host/p */
		const char *slash = strchr(rest, '/');
		return slash ? slash : rest + strlen(rest);
	}
	return authority_len(url) ? NULL : url;
}

typedef struct url_scan {
	int n, all_file, one_host;
	const char *first; /* first URL seen */
	const char *dir;   /* file mode: first path */
	size_t common;     /* file mode: bytes shared by all paths */
} url_scan;

static void scan(url_scan *s, const char *url)
{
	const char *path = file_path_of(url);
	if (s->n++ == 0) {
		s->first = url;
		s->all_file = path != NULL;
		s->one_host = path == NULL;
		s->dir = path;
		s->common = path ? strlen(path) : 0;
		return;
	}
	if (s->one_host) {
		size_t a = authority_len(s->first);
		s->one_host = authority_len(url) == a &&
		              strncasecmp(url, s->first, a) == 0;
	}
	if (s->all_file && path) {
		size_t i = 0;
		while (i < s->common && path[i] == s->dir[i])
			i++;
		s->common = i;
	} else {
		s->all_file = 0;
	}
}

void url_display_init(url_display *u, const report_data *d)
{
	url_scan s;
	memset(&s, 0, sizeof s);
	for (size_t i = 0; i < d->npages; i++)
		if (!d->pages[i].no_url)
			scan(&s, d->pages[i].url);
	for (size_t c = 0; c < d->nclusters; c++)
		for (size_t k = 0; k < d->clusters[c].nurls; k++)
			scan(&s, d->clusters[c].urls[k]);
	for (size_t i = 0; i < d->npairs; i++) {
		scan(&s, d->pairs[i].url_a);
		scan(&s, d->pairs[i].url_b);
	}
	u->mode = URLD_FULL;
	u->prefix = "";
	u->strip = 0;
	if (s.n && s.one_host) {
		u->mode = URLD_HOST;
		u->prefix = s.first;
		u->strip = authority_len(s.first);
	} else if (s.n && s.all_file) {
		/* Back off to the last '/' inside the shared part: a directory,
		 * not half a file name. */
		size_t i = s.common;
		while (i > 0 && s.dir[i - 1] != '/')
			i--;
		u->mode = URLD_FILE;
		u->prefix = s.dir;
		u->strip = i;
	}
}

const char *url_display_short(const url_display *u, const char *url)
{
	/* A URL outside the shared prefix (a page without a url has a
	 * placeholder) is shown whole. */
	if (u->mode == URLD_HOST &&
	    strncasecmp(url, u->prefix, u->strip) == 0) {
		const char *s = url + u->strip;
		return *s ? s : "/";
	}
	const char *path = u->mode == URLD_FILE ? file_path_of(url) : NULL;
	if (path && strncmp(path, u->prefix, u->strip) == 0) {
		const char *s = path + u->strip;
		return *s ? s : ".";
	}
	return url;
}

static int is_bidi_control(utf8proc_int32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200E || c == 0x200F || c == 0x061C;
}

static int is_space(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZS ||
	       cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

typedef struct cp {
	size_t off; /* byte offset in the clean text */
	int cols;
} cp;

int display_add(buf_t *out, const char *s, int max_cols, int middle)
{
	if (!s)
		return 0;
	/* Pass 1: clean text and the column width of each code point. */
	buf_t clean = BUF_INIT;
	size_t len = strlen(s), ncp = 0;
	cp *cps = xcalloc(len + 1, sizeof *cps);
	int total = 0, space = 0;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n =
		    utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                     (utf8proc_ssize_t)(len - i), &c);
		if (n < 1) {
			c = 0xFFFD;
			n = 1;
		}
		i += (size_t)n;
		if (is_bidi_control(c))
			continue;
		if (is_space(c)) {
			space = clean.len > 0;
			continue;
		}
		if (space) {
			cps[ncp++] = (cp){clean.len, 1};
			buf_addc(&clean, ' ');
			total++;
			space = 0;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(c, enc);
		int w = utf8proc_charwidth(c);
		w = w < 0 ? 0 : w;
		cps[ncp++] = (cp){clean.len, w};
		buf_add(&clean, enc, (size_t)m);
		total += w;
	}
	cps[ncp].off = clean.len;

	/* Pass 2: all of it, or a head and a tail around the ellipsis. */
	int cols = total;
	if (max_cols < 0 || total <= max_cols) {
		buf_add(out, clean.data, clean.len);
	} else {
		int room =
		    max_cols > ELLIPSIS_COLS ? max_cols - ELLIPSIS_COLS : 0;
		int head_room = middle ? room / 2 : room;
		size_t h = 0;
		int used = 0;
		while (h < ncp && used + cps[h].cols <= head_room)
			used += cps[h++].cols;
		/* A title reads better cut between words, if one ends near. */
		int back = 0;
		int at_space = h < ncp && clean.data[cps[h].off] == ' ';
		for (size_t j = h;
		     !middle && !at_space && j > 0 && back <= WORD_BACKOFF;
		     j--) {
			if (clean.data[cps[j - 1].off] == ' ') {
				while (h > j - 1)
					used -= cps[--h].cols;
				break;
			}
			back += cps[j - 1].cols;
		}
		size_t t = ncp;
		while (middle && t > h && used + cps[t - 1].cols <= room)
			used += cps[--t].cols;
		buf_add(out, clean.data, cps[h].off);
		buf_adds(out, ellipsis);
		buf_add(out, clean.data + cps[t].off, clean.len - cps[t].off);
		cols = used + ELLIPSIS_COLS;
	}
	buf_free(&clean);
	free(cps);
	return cols;
}

int display_width(const char *s)
{
	buf_t scratch = BUF_INIT;
	int w = display_add(&scratch, s, -1, 0);
	buf_free(&scratch);
	return w;
}
