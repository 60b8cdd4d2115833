/*
 * decode.c - from the bytes of a page to UTF-8.
 *
 * Pages declare their charset in three places and lie in all of them.  The
 * order here is the one browsers use (WHATWG "encoding sniffing"): a byte
 * order mark wins, then the HTTP header, then a <meta> in the first 4 KiB.
 * Labels are mapped to the superset browsers really use (latin1 means
 * windows-1252, gb2312 means GB18030, ...).  Conversion goes through iconv
 * with every undecodable byte replaced by U+FFFD, so a bad byte never ends a
 * document and the output is always valid UTF-8.
 *
 * One linear pass over the page counts its non-ASCII sequences that are
 * valid UTF-8 ("good") and those that are not ("bad").  With those counts:
 *
 *   no declaration    good only (or pure ASCII): UTF-8; so is a page with
 *                     at least MIN_UTF8_OVERRIDE_SEQUENCES good sequences
 *                     and MOSTLY_UTF8_GOOD_PER_BAD of them for each bad
 *                     one (UTF-8 with a few stray bytes, as a converter
 *                     that cut a character writes it: legacy text almost
 *                     never forms a good sequence, so the bad bytes are
 *                     errors, not another charset).  Otherwise uchardet
 *                     reads a window of the page (DETECT_WINDOW_BYTES from
 *                     just before the first non-ASCII byte) and its answer
 *                     is taken when iconv knows it, mapped to the web
 *                     superset like a declared label; no answer means
 *                     windows-1252, the legacy default of the web.
 *   declared UTF-8    kept, unless at least MIN_BAD_UTF8 and more than 1
 *                     in BAD_UTF8_SHARE of its non-ASCII sequences are
 *                     invalid: then uchardet reads it like an undeclared
 *                     page, and a legacy charset it names replaces the
 *                     declaration.  Misconfigured servers announcing UTF-8
 *                     for windows-1252 or GBK pages are common; a UTF-8
 *                     page with a stray Latin-1 byte in a footer stays
 *                     UTF-8 (too little evidence, or too small a share; and
 *                     uchardet itself answers UTF-8 for such pages).
 *   declared legacy   kept (as browsers do), with one exception: a page
 *                     whose non-ASCII bytes form at least
 *                     MIN_UTF8_OVERRIDE_SEQUENCES valid UTF-8 sequences and
 *                     no invalid one is UTF-8.  Legacy text almost never
 *                     forms even one valid multi-byte sequence by chance
 *                     (it needs a lead byte followed by exactly the right
 *                     number of 0x80-0xBF bytes), so eight of them and no
 *                     error is UTF-8 behind a stale header, and decoding it
 *                     as declared would only produce mojibake.
 *
 * An undeclared page that is pure ASCII but holds ISO-2022 escape sequences
 * is given to uchardet too: those charsets are 7-bit and look like ASCII.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#include "../common/text.h"
#include "internal.h"

/* How far into the page to look for <meta charset>: WHATWG says 1024 bytes;
 * real pages put long scripts first, so look further. */
enum { META_PRESCAN_BYTES = 4096 };

/* How much of the page uchardet reads: plenty for its statistics, and it
 * keeps the cost of detection bounded whatever the page size. */
enum { DETECT_WINDOW_BYTES = 64 * 1024 };

/* The detector's window starts this far before the first non-ASCII byte,
 * at an ASCII byte, so it starts on a character boundary in every charset
 * and skips the usually long ASCII-only head (scripts, styles). */
enum { DETECT_LEAD_IN_BYTES = 256 };

/* A page declared UTF-8 is re-examined when at least MIN_BAD_UTF8 and more
 * than 1 in BAD_UTF8_SHARE (1%) of its non-ASCII sequences are invalid: a
 * single bad byte is a typo, not a charset. */
enum { MIN_BAD_UTF8 = 4, BAD_UTF8_SHARE = 100 };

/* A page declared in a legacy charset is read as UTF-8 when it has at least
 * this many valid multi-byte UTF-8 sequences and no invalid one. */
enum { MIN_UTF8_OVERRIDE_SEQUENCES = 8 };

/* An undeclared page with that many valid sequences and at least this many
 * for each invalid one is UTF-8 with errors in it. */
enum { MOSTLY_UTF8_GOOD_PER_BAD = 4 };

/* Label -> iconv name, for labels whose meaning on the web differs from
 * the name (WHATWG Encoding Standard, "labels"), and for the names uchardet
 * answers with (ISO-8859-1, GB2312, EUC-KR, UHC, SHIFT_JIS, BIG5...). */
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
    {"uhc", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"big5", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},
    {"iso-8859-9", "WINDOWS-1254"},
    {"tis-620", "WINDOWS-874"},
    {"iso-8859-11", "WINDOWS-874"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
};

/* Non-ASCII sequences of a byte string, as a UTF-8 decoder sees them. */
typedef struct utf8_stats {
	size_t good;        /* valid multi-byte sequences */
	size_t bad;         /* invalid sequences (each maximal bad run: 1) */
	size_t first_high;  /* offset of the first byte >= 0x80, or len */
	int iso2022_escape; /* ESC $ or ESC ( seen: a 7-bit ISO-2022 page */
} utf8_stats;

/* Length of the valid UTF-8 sequence at s (Unicode table 3-7), 0 if none.
 * A sequence cut short by the end of the buffer counts as valid: pages are
 * sometimes cut to a size cap. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	for (size_t k = 1; k < n; k++) {
		if (k >= avail)
			return avail;
		if (s[k] < (k == 1 ? lo : 0x80) || s[k] > (k == 1 ? hi : 0xBF))
			return 0;
	}
	return n;
}

/* Does the text end inside a multi-byte sequence?  scan_utf8() forgives
 * that (pages get cut at a size cap), but such bytes still need repair
 * before they go anywhere as UTF-8. */
static int cut_short_at_end(const unsigned char *s, size_t len)
{
	size_t back = 0;
	while (back < 3 && back < len && (s[len - 1 - back] & 0xC0) == 0x80)
		back++;
	if (back == len)
		return back > 0;
	unsigned char lead = s[len - 1 - back];
	size_t need = lead >= 0xF0   ? 4
	              : lead >= 0xE0 ? 3
	              : lead >= 0xC0 ? 2
	                             : 1;
	return need > back + 1;
}

static void scan_utf8(const unsigned char *s, size_t len, utf8_stats *st)
{
	memset(st, 0, sizeof *st);
	st->first_high = len;
	int in_bad = 0;
	size_t i = 0;
	while (i < len) {
		/* Most of a page is ASCII markup: skip it eight bytes at a
		 * time while no byte has the high bit set or is ESC. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			uint64_t esc = w ^ 0x1B1B1B1B1B1B1B1BULL;
			if ((w & 0x8080808080808080ULL) ||
			    ((esc - 0x0101010101010101ULL) & ~esc &
			     0x8080808080808080ULL))
				break;
			i += 8;
			in_bad = 0;
		}
		if (i >= len)
			break;
		if (s[i] < 0x80) {
			if (s[i] == 0x1B && i + 1 < len &&
			    (s[i + 1] == '$' || s[i + 1] == '('))
				st->iso2022_escape = 1;
			in_bad = 0;
			i++;
			continue;
		}
		if (st->first_high == len)
			st->first_high = i;
		size_t n = utf8_seq(s + i, len - i);
		if (n) {
			st->good++;
			in_bad = 0;
			i += n;
		} else {
			if (!in_bad)
				st->bad++;
			in_bad = 1;
			i++;
		}
	}
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

/* Maps a label to the iconv name of the charset it means on the web; out
 * is "" when iconv does not know it. */
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
	 * (WHATWG: such a label means UTF-8); the same goes for a BOM-less
	 * page a detector calls UTF-16. */
	if (strncmp(out, "UTF-16", 6) == 0 || strncmp(out, "UTF-32", 6) == 0)
		snprintf(out, size, "UTF-8");
	/* Only labels iconv knows are useful. */
	iconv_t cd = iconv_open("UTF-8", out);
	if (cd == (iconv_t)-1)
		out[0] = '\0';
	else
		iconv_close(cd);
}

/* Asks uchardet about a window of the page; writes the iconv name of its
 * answer into out, or "" when it has none iconv knows. */
static void detect_charset(const char *bytes, size_t len, const utf8_stats *st,
                           char *out, size_t size)
{
	size_t from = st->first_high > DETECT_LEAD_IN_BYTES
	                  ? st->first_high - DETECT_LEAD_IN_BYTES
	                  : 0;
	if (from >= len)
		from = 0; /* pure ASCII (ISO-2022): from the start */
	size_t n = len - from;
	if (n > DETECT_WINDOW_BYTES)
		n = DETECT_WINDOW_BYTES;
	out[0] = '\0';
	uchardet_t ud = uchardet_new();
	if (!ud)
		return;
	if (uchardet_handle_data(ud, bytes + from, n) == 0) {
		uchardet_data_end(ud);
		const char *name = uchardet_get_charset(ud);
		if (name && *name)
			canonical_charset(name, out, size);
	}
	uchardet_delete(ud);
}

static int is_utf8_name(const char *name)
{
	return strcasecmp(name, "UTF-8") == 0;
}

size_t decode_detect_charset(const char *bytes, size_t len,
                             const char *content_type, char *out,
                             size_t out_size)
{
	int valid;
	return decode_detect(bytes, len, content_type, out, out_size, &valid);
}

size_t decode_detect(const char *bytes, size_t len, const char *content_type,
                     char *out, size_t out_size, int *valid_utf8)
{
	*valid_utf8 = 0;
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

	utf8_stats st;
	scan_utf8(u, len, &st);
	*valid_utf8 = st.bad == 0 && !cut_short_at_end(u, len);
	char detected[64];
	if (out[0] && is_utf8_name(out)) {
		if (st.bad >= MIN_BAD_UTF8 &&
		    st.bad * BAD_UTF8_SHARE > st.good + st.bad) {
			detect_charset(bytes, len, &st, detected,
			               sizeof detected);
			if (detected[0] && !is_utf8_name(detected))
				snprintf(out, out_size, "%s", detected);
		}
		return 0;
	}
	if (out[0]) {
		if (st.bad == 0 && st.good >= MIN_UTF8_OVERRIDE_SEQUENCES)
			snprintf(out, out_size, "UTF-8");
		return 0;
	}
	if (st.bad == 0) {
		snprintf(out, out_size, "UTF-8");
		if (st.good == 0 && st.iso2022_escape) {
			detect_charset(bytes, len, &st, detected,
			               sizeof detected);
			if (strncmp(detected, "ISO-2022", 8) == 0)
				snprintf(out, out_size, "%s", detected);
		}
		return 0;
	}
	if (st.good >= MIN_UTF8_OVERRIDE_SEQUENCES &&
	    st.good >= st.bad * MOSTLY_UTF8_GOOD_PER_BAD) {
		snprintf(out, out_size, "UTF-8");
		return 0;
	}
	detect_charset(bytes, len, &st, detected, sizeof detected);
	snprintf(out, out_size, "%s", detected[0] ? detected : "WINDOWS-1252");
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
	char chunk[16384];
	char *in = (char *)bytes;
	size_t in_left = len;
	while (in_left > 0) {
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
	/* Stateful converters (BIG5-HKSCS composes pairs, ISO-2022 shifts)
	 * may hold back the last character until flushed. */
	char *o = chunk;
	size_t o_left = sizeof chunk;
	iconv(cd, NULL, NULL, &o, &o_left);
	buf_add(out, chunk, sizeof chunk - o_left);
	iconv_close(cd);
}
