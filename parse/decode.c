/*
 * decode.c - from the bytes of a page to UTF-8.
 *
 * Pages declare their charset in three places and lie in all of them; the
 * order here is the one browsers use (WHATWG "encoding sniffing"): a byte
 * order mark wins, then the HTTP header, then a <meta> in the first 4 KiB.
 * Undeclared pages are UTF-8 when they decode as UTF-8 and windows-1252
 * otherwise, the legacy default of the web.  Labels are mapped to the
 * superset browsers really use (latin1 means windows-1252, gb2312 means
 * GB18030, ...), and conversion goes through iconv with every undecodable
 * byte replaced by U+FFFD, so a bad byte never ends a document.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "../common/text.h"
#include "internal.h"

/* How far into the page to look for <meta charset>: WHATWG says 1024 bytes;
 * real pages put long scripts first, so look further. */
enum { META_PRESCAN_BYTES = 4096 };

/* Label -> iconv name, for labels whose meaning on the web differs from
 * the name (WHATWG Encoding Standard, "labels"). */
static const struct {
	const char *label;
	const char *iconv_name;
} charset_aliases[] = {
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"},
    {"x-cp1252", "WINDOWS-1252"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"cp936", "GB18030"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"windows-31j", "CP932"},
    {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"big5", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},
    {"iso-8859-9", "WINDOWS-1254"},
    {"tis-620", "WINDOWS-874"},
    {"iso-8859-11", "WINDOWS-874"},
};

static int valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		if (c < 0x80)
			n = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return 0;
		if (n > len - i - 1)
			return 1; /* cut short at the end: still UTF-8 */
		for (size_t k = 1; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += n + 1;
	}
	return 1;
}

/* Copies a charset label (letters, digits, - _ . : ) from p into out. */
static int copy_label(const char *p, const char *end, char *out, size_t size)
{
	while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '='))
		p++;
	size_t n = 0;
	while (p < end && n + 1 < size &&
	       (isalnum((unsigned char)*p) || strchr("-_.:", *p)))
		out[n++] = *p++;
	out[n] = '\0';
	return n > 0;
}

static const char *find_ci(const char *hay, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; p + n <= end; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* Looks for charset= inside <meta ...> tags near the start of the page. */
static int meta_charset(const char *bytes, size_t len, char *out, size_t size)
{
	const char *end =
	    bytes + (len < META_PRESCAN_BYTES ? len : META_PRESCAN_BYTES);
	const char *p = bytes;
	while ((p = find_ci(p, end, "<meta")) != NULL) {
		const char *close = memchr(p, '>', (size_t)(end - p));
		if (!close)
			return 0;
		const char *cs = find_ci(p, close, "charset");
		if (cs && copy_label(cs + 7, close, out, size))
			return 1;
		p = close;
	}
	return 0;
}

static void canonical_charset(const char *label, char *out, size_t size)
{
	for (size_t i = 0; i < sizeof charset_aliases / sizeof *charset_aliases;
	     i++)
		if (strcasecmp(label, charset_aliases[i].label) == 0) {
			snprintf(out, size, "%s",
			         charset_aliases[i].iconv_name);
			return;
		}
	snprintf(out, size, "%s", label);
	for (char *c = out; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	/* A page cannot really be UTF-16 once we found an ASCII <meta> in it
	 * (WHATWG: such a label means UTF-8). */
	if (strncmp(out, "UTF-16", 6) == 0)
		snprintf(out, size, "UTF-8");
	/* Only labels iconv knows are useful. */
	iconv_t cd = iconv_open("UTF-8", out);
	if (cd == (iconv_t)-1)
		out[0] = '\0';
	else
		iconv_close(cd);
}

size_t decode_detect_charset(const char *bytes, size_t len,
                             const char *content_type, char *out,
                             size_t out_size)
{
	const unsigned char *u = (const unsigned char *)bytes;
	char label[64];

	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		snprintf(out, out_size, "UTF-8");
		return 3;
	}
	if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		snprintf(out, out_size, "UTF-16LE");
		return 2;
	}
	if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		snprintf(out, out_size, "UTF-16BE");
		return 2;
	}
	out[0] = '\0';
	if (content_type) {
		const char *cs = strcasestr(content_type, "charset");
		if (cs &&
		    copy_label(cs + 7, cs + strlen(cs), label, sizeof label))
			canonical_charset(label, out, out_size);
	}
	if (!out[0] && meta_charset(bytes, len, label, sizeof label))
		canonical_charset(label, out, out_size);
	if (!out[0])
		snprintf(out, out_size, "%s",
		         valid_utf8(u, len) ? "UTF-8" : "WINDOWS-1252");
	return 0;
}

void decode_to_utf8(const char *bytes, size_t len, const char *charset,
                    buf_t *out)
{
	if (strcasecmp(charset, "UTF-8") == 0) {
		text_make_valid_utf8(bytes, len, out);
		return;
	}
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		text_make_valid_utf8(bytes, len, out);
		return;
	}
	char *in = (char *)bytes;
	size_t in_left = len;
	while (in_left > 0) {
		char chunk[16384];
		char *o = chunk;
		size_t o_left = sizeof chunk;
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		buf_add(out, chunk, sizeof chunk - o_left);
		if (r == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL: one bad byte becomes U+FFFD. */
			buf_adds(out, "\xEF\xBF\xBD");
			in++;
			in_left--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	iconv_close(cd);
}
