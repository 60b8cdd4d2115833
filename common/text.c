/*
 * text.c - words, sentences, syllables and normalisation; see text.h.
 *
 * One scanner walks the text and reports sentences; text_count() adds the
 * sentences up, so a page's counts and its sentences' counts always agree.
 * It looks ahead a word or two at most and allocates nothing, so it runs in
 * one pass over texts of any size.  ASCII, most of nearly every page, is
 * classified byte by byte; utf8proc is asked only about other characters.
 *
 * Sentence boundaries.  A run of terminators (. ! ? ... and their
 * relatives) with any closing quotes or brackets after it ends a sentence
 * when white space follows, but after "!", "?", an ellipsis or a closer not
 * before a word in lower case ("Yahoo! in", "'Stop.' she said", "(see
 * below.) and" go on).  A single "." needs more, because most periods that
 * do not end sentences come after abbreviations, initials and
 * initialisms; what decides is the token before it and the word after it:
 *  - an abbreviation in the word lists below: titles and Latin or
 *    German abbreviations never end a sentence ("Dr.", "e.g.", "z.B."),
 *    those used before numbers do not before a number or a word in lower
 *    case ("No. 5", "p. 12", "2 tbsp. sugar"), those that end names end
 *    one only before a sentence starter ("Jr. He", not "St. Louis"),
 *    "etc." and "et al." end one before any capital;
 *  - an initial ("E.", "I.") or an initialism ("U.S.", "Ph.D.") ends one
 *    before a sentence starter only: a common first word of a sentence
 *    (The, He, But, However, ...), not a name ("Jonas E. Smith", "U.S.
 *    Government", "Sensoren u. Aktoren"; but "x. Then"); "a.m." and
 *    "p.m." before a capital that is not a time zone, a day, a month or a
 *    title;
 *  - a number unless a word in lower case follows ("1. planen und 2.
 *    handeln"); one or two digits before a capital only before a sentence
 *    starter, as they are often an ordinal ("am 31. Mai", "der 2.
 *    Weltkrieg", "in chapter 3. The");
 *  - any other word whatever follows ("2019. (screen grab)", "on Emacs.
 *    so I left"): in edited text a word that is no abbreviation seldom
 *    has a period of its own.
 * An ellipsis ("...", "…") ends a sentence before a capital, a spaced one
 * (". . .") only with a fourth dot, one in brackets ("[...]") never; it
 * stays in the sentence's text, like any fragment without a word, which
 * joins the sentence before it in its paragraph (or else the next).  A
 * paragraph break, a bullet ("•", or "-" first on a line) and a list item
 * ("1.", "2)", "b.", "(c)") that is first on its line, or the next in a
 * list that began a sentence, start a new sentence; a list item's "." never
 * ends one.  bench/sentences.c scores these rules on
 * tests/fixtures/sentences/dev.txt.
 *
 * Syllables come from text_syllables() (syllable.c) through a per-thread
 * cache of recent words: most words of a text are words it has had before,
 * and the lookup costs a fraction of the count.
 */
#include "text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define FOLD_WIDE 1
#endif

/* ---- characters -------------------------------------------------------- */

/* See text.h.  Written out rather than calling utf8proc_iterate(): it is
 * the scanner's inner loop. */
size_t text_decode(const char *str, size_t len, size_t i, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str + i;
	size_t n = len - i;
	unsigned char b = s[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		if (n >= 2 && (s[1] & 0xC0) == 0x80) {
			*cp = ((int32_t)(b & 0x1F) << 6) | (s[1] & 0x3F);
			return 2;
		}
	} else if (b >= 0xE0 && b <= 0xEF) {
		unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = b == 0xED ? 0x9F : 0xBF;
		if (n >= 3 && s[1] >= lo && s[1] <= hi &&
		    (s[2] & 0xC0) == 0x80) {
			*cp = ((int32_t)(b & 0x0F) << 12) |
			      ((int32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
			return 3;
		}
	} else if (b >= 0xF0 && b <= 0xF4) {
		unsigned char lo = b == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;
		if (n >= 4 && s[1] >= lo && s[1] <= hi &&
		    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
			*cp = ((int32_t)(b & 0x07) << 18) |
			      ((int32_t)(s[1] & 0x3F) << 12) |
			      ((int32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
			return 4;
		}
	}
	*cp = -1;
	return 1;
}

/* The code point that ends at s[i] (-1 when none does). */
static int32_t decode_before(const char *s, size_t i)
{
	for (size_t k = 1; k <= 4 && k <= i; k++) {
		if (((unsigned char)s[i - k] & 0xC0) == 0x80)
			continue;
		int32_t cp;
		return text_decode(s, i, i - k, &cp) == k ? cp : -1;
	}
	return -1;
}

/* An ASCII letter or digit folded (letters lower-cased), 0 for the other
 * ASCII characters: the folding loop's one lookup a byte, and the
 * scanner's test of a letter or digit. */
static const unsigned char ascii_fold[128] = {
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   48,  49,  50,  51,  52,  53,  54,  55,  56,  57,  0,   0,
    0,   0,   0,   0,   0,   97,  98,  99,  100, 101, 102, 103, 104, 105, 106,
    107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
    122, 0,   0,   0,   0,   0,   0,   97,  98,  99,  100, 101, 102, 103, 104,
    105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 0,   0,   0,   0,   0,
};

static int is_alnum(unsigned char c)
{
	return c < 0x80 && ascii_fold[c];
}

static int is_upper(int32_t c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(int32_t c)
{
	return c >= 'a' && c <= 'z';
}

static int is_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && is_alnum((unsigned char)cp);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int text_is_word_char(int32_t cp)
{
	return is_word_char(cp);
}

static int is_mark(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME;
}

/* Letters and digits count towards "letters"; combining marks do not, so a
 * decomposed "é" counts once, like a composed one. */
static int is_letter(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && is_alnum((unsigned char)cp);
	return is_word_char(cp) && !is_mark(cp);
}

/* Scripts written without spaces between words: Thai, Lao, Myanmar,
 * Khmer, Hiragana, Katakana, Bopomofo and Han.  Each of their letters is a
 * word (with the combining marks after it): the simple rule, with no
 * dictionary; readability measures for Chinese and Japanese usually count
 * characters anyway.  A segmenter would find fewer words: a Chinese word
 * has one to two characters on average, a Thai word several letters. */
static int is_char_word(int32_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) || /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109F) || /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF) || /* Khmer */
	       (cp >= 0x3040 && cp <= 0x312F) || /* kana, Bopomofo */
	       (cp >= 0x31A0 && cp <= 0x31FF) || /* their extensions */
	       (cp >= 0x3005 && cp <= 0x3007) || /* 々 〆 〇 */
	       (cp >= 0x3400 && cp <= 0x4DBF) || /* Han extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) || /* Han */
	       (cp >= 0xF900 && cp <= 0xFAFF) || /* Han compatibility */
	       (cp >= 0xFF66 && cp <= 0xFF9F) || /* half-width kana */
	       (cp >= 0x20000 && cp <= 0x3FFFF); /* Han extensions B- */
}

/* What stays with the letter before it: combining marks (Thai vowels and
 * tones), the kana length mark and iteration marks, half-width voicing. */
static int continues_char_word(int32_t cp)
{
	return cp == 0x30FC || cp == 0xFF70 || cp == 0x309D || cp == 0x309E ||
	       cp == 0x30FD || cp == 0x30FE || cp == 0xFF9E || cp == 0xFF9F ||
	       (cp >= 0x80 && is_mark(cp));
}

/* Apostrophes and hyphens beyond ASCII that keep a word together between
 * letters: right single quote (the typographic apostrophe), modifier
 * letter apostrophe, hyphen, non-breaking hyphen. */
static int is_joiner(int32_t cp)
{
	return cp == 0x2019 || cp == 0x02BC || cp == 0x2010 || cp == 0x2011;
}

/* Sentence terminators.  The wide ones (CJK) need no space after them. */
static int is_terminator(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	       cp == 0x203C || cp == 0x2047 || cp == 0x2048 || cp == 0x2049 ||
	       cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 || cp == 0xFF1F;
}

static int is_wide_terminator(int32_t cp)
{
	return cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 || cp == 0xFF1F;
}

/* What may follow a terminator and still belong to the sentence:
 * closing quotes and brackets ("Stop." she said; (see above.)). */
static int is_closer(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' ||
	       cp == 0x2019 || cp == 0x201D || cp == 0x00BB || cp == 0x203A ||
	       cp == 0x300D || cp == 0x300F || cp == 0xFF09;
}

/* What may come before the first word of a sentence: opening quotes and
 * brackets, Spanish ¿ and ¡. */
static int is_opener(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == '{' ||
	       cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0x201A ||
	       cp == 0x00AB || cp == 0x00BB || cp == 0x2039 || cp == 0x00BF ||
	       cp == 0x00A1 || cp == 0x300C || cp == 0x300E || cp == 0xFF08;
}

static int is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 0 && is_blank((unsigned char)cp);
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
	       c == UTF8PROC_CATEGORY_ZP;
}

/* List bullets: • ‣ ⁃ ◦ ▪ ▫ ● ○ ■ □ ▸ ► ▶ ➢ ➤ ✓ ✔ and the middle dot. */
static int is_bullet(int32_t cp)
{
	switch (cp) {
	case 0x00B7:
	case 0x2022:
	case 0x2023:
	case 0x2043:
	case 0x25E6:
	case 0x25AA:
	case 0x25AB:
	case 0x25CF:
	case 0x25CB:
	case 0x25A0:
	case 0x25A1:
	case 0x25B8:
	case 0x25BA:
	case 0x25B6:
	case 0x27A2:
	case 0x27A4:
	case 0x2713:
	case 0x2714:
		return 1;
	default:
		return 0;
	}
}

/* ---- word lists --------------------------------------------------------- */

/*
 * Abbreviations, sentence starters, months and days, one table for every
 * language, in lower case.  Why a list: an abbreviation's period and a
 * sentence's last period look the same, and no rule about letters tells
 * "Dr. Smith" from "a dr. Smith" -- only knowing the word does.  Why per
 * language: each language abridges its own words ("z.B.", "Mme", "pág.",
 * "bijv."); the scanner does not know a text's language, so it uses them
 * all at once, and a word is listed only where no language has it as a
 * common word at the end of a sentence ("Me." French, "es." Italian and
 * "So." German days are not listed).  What each kind does (W_*):
 *  - never: titles before names and abbreviations used inside sentences;
 *  - number: used before numbers ("No. 5"): no end when a digit follows,
 *    else like any word ("I said no. Then...");
 *  - name: also ends names or addresses ("Jr.", "Inc.", "St."): an end
 *    only before a sentence starter;
 *  - capital: often the last word of a sentence ("etc."): an end before
 *    any capital;
 *  - time: "a.m.", "p.m.".
 * Sentence starters are words that begin sentences far more often than
 * they begin names or follow initials: pronouns, articles, conjunctions,
 * sentence adverbs, question words, auxiliaries and common imperatives.
 */
enum {
	W_NEVER = 1,
	W_NUMBER = 2,
	W_NAME = 3,
	W_CAPITAL = 4,
	W_TIME = 5,
	W_KIND = 7, /* the bits above */
	W_TITLE = 8,
	W_STARTER = 16,
	W_MONTH = 32,
	W_DAY = 64,
};

typedef struct word_list {
	const char *lang;
	unsigned flags;
	const char *words; /* separated by single spaces */
} word_list;

static const word_list word_lists[] = {
    /* English */
    {"en", W_NEVER | W_TITLE,
     "mr mrs ms messrs mmes dr drs prof profs rev revd hon gen lt col maj "
     "capt cmdr cdr adm brig sgt cpl pvt gov sen rep reps pres supt insp "
     "atty fr mt"},
    {"en", W_NEVER,
     "e.g i.e cf vs v viz ca approx p.s n.b incl resp esp ibid trans "
     "transl orig illus abbr adj adv spp subsp sth sb"},
    {"en", W_NUMBER,
     "no nos nr vol vols fig figs pp pg ch chap sec sect art para ext tel "
     "op ed eds est ref refs ex jan feb mar apr jun jul aug sep sept oct "
     "nov dec mon tue tues wed thu thur thurs fri sat sun tsp tbsp oz lb "
     "lbs hr hrs min mins secs yr yrs mo mos wk wks pt qt gal mi"},
    {"en", W_NAME,
     "st jr sr co cos corp inc ltd llc plc bros dept univ assn assoc ave "
     "blvd rd hwy ln pkwy sq ft mts ariz calif colo conn fla ind kan "
     "kans ky mich minn mont neb nebr nev okla penn tenn tex vt wis wisc "
     "wyo"},
    {"en", W_CAPITAL, "etc al"},
    {"en", W_TIME, "a.m p.m"},
    {"en", W_MONTH,
     "january february march april may june july august september october "
     "november december"},
    {"en", W_DAY, "monday tuesday wednesday thursday friday saturday sunday"},
    {"en", W_STARTER,
     "a an the this that these those it its he she we they i you his her "
     "our their my your there here but and or so yet nor for however then "
     "thus also still later now today yesterday tomorrow meanwhile instead "
     "moreover furthermore finally first second third next last after "
     "before when while if although though because since as in on at by "
     "with from to of during despite what who whom whose why how where "
     "which whether is are was were do does did can could will would "
     "should shall might must has have had some many most few several all "
     "each every both any no none nobody nothing everyone everybody "
     "everything someone somebody something anyone anything not only even "
     "just please let yes oh well such other another once unlike until "
     "without perhaps maybe indeed otherwise besides often sometimes "
     "usually never always again overall similarly likewise consequently "
     "therefore hence nevertheless nonetheless additionally rather much "
     "more less one two three call click see visit read contact email "
     "check go note use try make take get find add remove open send write "
     "ask keep put look follow join sign enter select choose download "
     "install learn watch listen consider imagine remember stop thank "
     "thanks"},
    /* German */
    {"de", W_NEVER | W_TITLE, "hr frl dipl ing"},
    {"de", W_NEVER,
     "z.b d.h u.a o.a bzw vgl ggf evtl inkl sog bspw u.u z.t v.a i.d.r "
     "zzgl zzt jmd jmdm jmdn etw chr bzgl geb dt engl lat lt ugs urspr "
     "eigtl exkl pck stk msp tl el std"},
    {"de", W_NUMBER, "nr abs bd str tel ziff jg hft märz mär okt dez"},
    {"de", W_NAME, "mio mrd tsd jh jhd hrsg gebr"},
    {"de", W_CAPITAL, "usw"},
    {"de", W_MONTH,
     "januar jänner februar märz april mai juni juli august september "
     "oktober november dezember"},
    {"de", W_DAY,
     "montag dienstag mittwoch donnerstag freitag samstag sonnabend "
     "sonntag"},
    {"de", W_STARTER,
     "der die das ein eine ich er sie es wir ihr aber und auch dann wenn "
     "als wie was wer im am auf mit nach bei doch da dies diese dieser "
     "danach deshalb außerdem zudem jedoch heute hier nun bitte"},
    /* French */
    {"fr", W_NEVER | W_TITLE, "mme mmes mlle mlles pr mgr"},
    {"fr", W_NEVER, "env p.ex c.-à-d"},
    {"fr", W_NUMBER, "n° p"},
    {"fr", W_NAME, "cie ste av bd"},
    {"fr", W_STARTER,
     "le la les il elle ils elles nous vous je on un une ce cette mais et "
     "dans en des du puis ensuite alors après quand aujourd"},
    /* Spanish */
    {"es", W_NEVER | W_TITLE, "sra srta sres dra lic ud uds vd vds dña"},
    {"es", W_NEVER, "aprox p.ej"},
    {"es", W_NUMBER, "pág págs núm cap"},
    {"es", W_NAME, "cía avda"},
    {"es", W_STARTER,
     "el los las ella ellos yo pero en un una este esta es después luego "
     "también cuando hoy"},
    /* Italian */
    {"it", W_NEVER | W_TITLE,
     "sig sigg sig.ra dott dott.ssa avv geom egr "
     "gent"},
    {"it", W_NEVER, "p.es"},
    {"it", W_NUMBER, "pag pagg"},
    {"it", W_CAPITAL, "ecc"},
    {"it", W_STARTER,
     "il lo gli io lei noi ma questo questa non poi dopo quando anche "
     "oggi"},
    /* Dutch */
    {"nl", W_NEVER | W_TITLE, "dhr mevr mw ir"},
    {"nl", W_NEVER, "bijv o.a d.w.z m.a.w i.p.v t.a.v"},
    {"nl", W_NUMBER, "blz"},
    {"nl", W_CAPITAL, "enz e.d"},
    {"nl", W_STARTER,
     "de het een ik hij zij wij maar dit deze dan daarna ook vandaag"},
};

enum { WORD_SLOTS = 2048, WORD_MAX = 15 };

typedef struct word_slot {
	char w[WORD_MAX + 1];
	unsigned char len;
	unsigned char flags;
} word_slot;

static word_slot word_table[WORD_SLOTS];
static pthread_once_t word_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h & (WORD_SLOTS - 1);
}

/* A word in two lists keeps the first list's kind and all lists' other
 * flags ("no" abbreviates "number" and starts sentences). */
static void word_add(const char *w, size_t n, unsigned flags)
{
	if (n == 0 || n > WORD_MAX)
		abort(); /* a word list entry too long for the table */
	uint32_t h = word_hash(w, n);
	while (word_table[h].len &&
	       !(word_table[h].len == n && !memcmp(word_table[h].w, w, n)))
		h = (h + 1) & (WORD_SLOTS - 1);
	word_slot *slot = &word_table[h];
	if (!slot->len) {
		memcpy(slot->w, w, n);
		slot->len = (unsigned char)n;
	}
	unsigned kind = slot->flags & W_KIND;
	slot->flags |= (unsigned char)(flags & ~(unsigned)W_KIND);
	if (!kind)
		slot->flags |= (unsigned char)(flags & W_KIND);
}

static void word_init(void)
{
	for (size_t i = 0; i < sizeof word_lists / sizeof *word_lists; i++) {
		const char *p = word_lists[i].words;
		while (*p) {
			size_t n = strcspn(p, " ");
			word_add(p, n, word_lists[i].flags);
			p += n;
			p += *p == ' ';
		}
	}
}

/* The flags of word w (lower case), 0 when it is in no list. */
static unsigned word_flags(const char *w, size_t n)
{
	if (n == 0 || n > WORD_MAX)
		return 0;
	pthread_once(&word_once, word_init);
	uint32_t h = word_hash(w, n);
	while (word_table[h].len) {
		if (word_table[h].len == n && !memcmp(word_table[h].w, w, n))
			return word_table[h].flags;
		h = (h + 1) & (WORD_SLOTS - 1);
	}
	return 0;
}

/* ---- syllables ---------------------------------------------------------- */

/* text_syllables() of words up to 12 bytes (nearly all), remembered per
 * thread in a two-way set-associative table keyed by the word's bytes,
 * the more recently used way first.  The function is pure, so the cache
 * changes no figure; on English web text nearly 90% of the words are found
 * in it.  The table (SYL_SETS * 32 bytes) is allocated by a thread's first
 * text_count() and freed when the thread ends. */
enum { SYL_SETS = 16384, SYL_KEY = 12 };

typedef struct syl_slot {
	uint64_t a; /* the word's bytes, zero-padded */
	uint32_t b;
	uint8_t len;
	int8_t syl;
} syl_slot;

static _Thread_local syl_slot *syl_cache; /* SYL_SETS * 2 */
static pthread_key_t syl_key;
static pthread_once_t syl_once = PTHREAD_ONCE_INIT;
static int syl_key_ok;

static void syl_key_init(void)
{
	syl_key_ok = pthread_key_create(&syl_key, free) == 0;
}

/* This thread's cache, NULL when it cannot be had (then every word is
 * counted afresh). */
static syl_slot *syl_table(void)
{
	if (syl_cache)
		return syl_cache;
	pthread_once(&syl_once, syl_key_init);
	if (!syl_key_ok)
		return NULL;
	syl_slot *t = calloc(2 * SYL_SETS, sizeof *t);
	if (t && pthread_setspecific(syl_key, t) != 0) {
		free(t);
		t = NULL;
	}
	syl_cache = t;
	return t;
}

/* The word w of n bytes (1 to SYL_KEY), zero-padded, as a key; room is
 * how many bytes may be read from w. */
static void syl_make_key(const char *w, size_t n, size_t room, uint64_t *a,
                         uint32_t *b)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (room >= 16) {
		/* two loads and masks, no copy through memory */
		uint64_t lo, hi;
		memcpy(&lo, w, 8);
		memcpy(&hi, w + 8, 8);
		if (n < 8) {
			*a = lo & ((UINT64_C(1) << (8 * n)) - 1);
			*b = 0;
		} else {
			*a = lo;
			*b = (uint32_t)(hi &
			                ((UINT64_C(1) << (8 * (n - 8))) - 1));
		}
		return;
	}
#endif
	unsigned char key[16] = {0};
	memcpy(key, w, n);
	memcpy(a, key, 8);
	memcpy(b, key + 8, 4);
	(void)room;
}

static int syllables(syl_slot *cache, const char *w, size_t n, size_t room)
{
	if (!cache || n == 0 || n > SYL_KEY)
		return text_syllables(w, n);
	uint64_t a;
	uint32_t b;
	syl_make_key(w, n, room, &a, &b);
	uint64_t h = (a * 0x9E3779B97F4A7C15u) ^ (b * 0xC2B2AE3D27D4EB4Fu) ^ n;
	syl_slot *set = cache + 2 * ((h ^ (h >> 29)) & (SYL_SETS - 1));
	if (set[0].a == a && set[0].b == b && set[0].len == n)
		return set[0].syl;
	if (set[1].a == a && set[1].b == b && set[1].len == n) {
		syl_slot hit = set[1];
		set[1] = set[0];
		set[0] = hit;
		return hit.syl;
	}
	int syl = text_syllables(w, n);
	if (syl < INT8_MIN || syl > INT8_MAX)
		return syl;
	set[1] = set[0];
	set[0] = (syl_slot){a, b, (uint8_t)n, (int8_t)syl};
	return syl;
}

/* ---- the scanner -------------------------------------------------------- */

typedef struct sentence {
	text_counts c;
	size_t start, end; /* byte range */
	size_t line;       /* 1-based line of its start */
} sentence;

enum { LIST_NUMBER = 1, LIST_LOWER, LIST_UPPER };
enum { DELIM_DOT = 1, DELIM_PAREN, DELIM_DOT_PAREN, DELIM_PARENS };

typedef struct scanner {
	const char *s;
	size_t len;
	text_sentence_fn fn;
	void *ud;
	sentence cur;  /* the sentence being read */
	int open;      /* a character of it was seen */
	sentence held; /* the last sentence with a word, not yet reported:
	                  a fragment without a word after it joins it */
	int holding;
	size_t line;       /* 1-based line of the position */
	int line_blank;    /* nothing but white space on this line so far */
	size_t line_first; /* offset of the line's first non-space character */
	size_t paragraphs; /* paragraphs with a word, so far */
	int para_has_word;
	syl_slot *syl;               /* syllable cache, or NULL */
	const text_word_sink *words; /* or NULL */
	int list_kind; /* the paragraph's last list item: LIST_*, DELIM_* */
	int list_delim;
	unsigned long list_value;
} scanner;

static void report(scanner *sc, sentence *t)
{
	t->c.sentences = 1;
	t->c.paragraphs = 1;
	sc->fn(sc->ud, sc->s + t->start, t->end - t->start, t->line, &t->c);
}

static void end_sentence(scanner *sc)
{
	if (!sc->open)
		return;
	if (sc->cur.c.words == 0) {
		/* "...", "!!!": part of the sentence before, or else of the
		 * next, which starts here */
		if (sc->holding) {
			sc->held.end = sc->cur.end;
			sc->open = 0;
		}
		return;
	}
	if (sc->words && sc->words->sentence_end)
		sc->words->sentence_end(sc->words->ud);
	if (sc->holding)
		report(sc, &sc->held);
	sc->held = sc->cur;
	sc->holding = 1;
	memset(&sc->cur, 0, sizeof sc->cur);
	sc->open = 0;
}

static void end_paragraph(scanner *sc)
{
	end_sentence(sc);
	if (sc->holding)
		report(sc, &sc->held);
	sc->holding = 0;
	memset(&sc->cur, 0, sizeof sc->cur);
	sc->open = 0;
	if (sc->para_has_word)
		sc->paragraphs++;
	sc->para_has_word = 0;
	sc->list_kind = 0;
}

/* Extends the current sentence (or starts one) to cover [from, to). */
static void cover(scanner *sc, size_t from, size_t to)
{
	if (!sc->open) {
		sc->open = 1;
		sc->cur.start = from;
		sc->cur.line = sc->line;
	}
	sc->cur.end = to;
}

/* Notes a non-space character at i. */
static void touch(scanner *sc, size_t i)
{
	if (sc->line_blank) {
		sc->line_first = i;
		sc->line_blank = 0;
	}
}

static int has_words(const scanner *sc)
{
	return sc->open && sc->cur.c.words > 0;
}

/* A newline followed by only blank space and another newline is a
 * paragraph break. */
static int blank_line_follows(const scanner *sc, size_t i)
{
	size_t k = i + 1;
	while (k < sc->len &&
	       (sc->s[k] == ' ' || sc->s[k] == '\t' || sc->s[k] == '\r' ||
	        sc->s[k] == '\f' || sc->s[k] == '\v'))
		k++;
	return k < sc->len && sc->s[k] == '\n';
}

/* Is there a word character (not one of a script without spaces) at k? */
static int word_char_at(const scanner *sc, size_t k)
{
	if (k >= sc->len)
		return 0;
	unsigned char b = (unsigned char)sc->s[k];
	if (b < 0x80)
		return is_alnum(b);
	int32_t cp;
	text_decode(sc->s, sc->len, k, &cp);
	return is_word_char(cp) && !is_char_word(cp);
}

/* The length of the URL starting at i (http://, https://, ftp://, www.),
 * up to white space or a quote, less trailing punctuation and unmatched
 * closing brackets; 0 when there is none. */
static size_t url_length(const char *s, size_t len, size_t i)
{
	const char *p = s + i;
	size_t n = len - i, head;
	if (n > 8 && !strncasecmp(p, "https://", 8))
		head = 8;
	else if (n > 7 && !strncasecmp(p, "http://", 7))
		head = 7;
	else if (n > 6 && !strncasecmp(p, "ftp://", 6))
		head = 6;
	else if (n > 4 && !strncasecmp(p, "www.", 4) &&
	         is_alnum((unsigned char)p[4]))
		head = 4;
	else
		return 0;
	size_t j = head;
	int open_round = 0, open_square = 0;
	while (j < n) {
		unsigned char c = (unsigned char)p[j];
		if (c < 0x80) {
			if (is_blank(c) || c == '"' || c == '<' || c == '>' ||
			    c == '`')
				break;
			open_round += (c == '(') - (c == ')');
			open_square += (c == '[') - (c == ']');
			j++;
			continue;
		}
		int32_t cp;
		size_t k = text_decode(p, n, j, &cp);
		if (is_space(cp) || is_opener(cp) || is_closer(cp) ||
		    is_terminator(cp))
			break;
		j += k;
	}
	while (j > head) {
		char c = p[j - 1];
		if (c == ')' && open_round < 0)
			open_round++;
		else if (c == ']' && open_square < 0)
			open_square++;
		else if (!strchr(".,;:!?'*", c))
			break;
		j--;
	}
	return j > head ? j : 0;
}

/* A cheap test before url_length(): "http", "ftp:" or "www." at s,
 * which has 5 bytes at least. */
static int could_be_url(const unsigned char *s)
{
	unsigned char c0 = s[0] | 0x20, c1 = s[1] | 0x20, c2 = s[2] | 0x20;
	if (c0 == 'h')
		return c1 == 't' && c2 == 't' && (s[3] | 0x20) == 'p';
	if (c0 == 'w')
		return c1 == 'w' && c2 == 'w' && s[3] == '.';
	return c0 == 'f' && c1 == 't' && c2 == 'p' && s[3] == ':';
}

/* Adds the word [i, j) to the current sentence. */
static void add_word(scanner *sc, size_t i, size_t j, size_t letters)
{
	int syl = -1;
	if (sc->words && sc->words->word)
		syl = sc->words->word(sc->words->ud, sc->s + i, j - i, letters);
	if (syl < 0)
		syl = syllables(sc->syl, sc->s + i, j - i, sc->len - i);
	if (syl < 1)
		syl = 1;
	sc->para_has_word = 1;
	text_counts *c = &sc->cur.c;
	c->words++;
	c->letters += letters;
	c->syllables += (size_t)syl;
	if (syl >= 3) {
		c->complex_words++;
		c->polysyllables++;
	}
	if (letters > 6)
		c->long_words++;
}

/* A bullet character just before p (after white space)? */
static int bullet_before(const char *s, size_t p)
{
	int32_t cp = decode_before(s, p);
	return cp >= 0x80 && is_bullet(cp);
}

/* Is the word [i, j) a list item's number or letter ("1.", "2)", "b.",
 * "(c)", "3.)")?  It is when it comes first in its sentence or on its
 * line, or when it is the next item of the list the paragraph has, and
 * the sentence so far has more than that list's last item.  Then it starts
 * a sentence and the scan goes on after it: returns where; else 0. */
static size_t list_item(scanner *sc, size_t i, size_t j, size_t letters)
{
	const char *s = sc->s;
	size_t len = sc->len, n = j - i;
	int kind;
	unsigned long value = 0;
	unsigned char c0 = (unsigned char)s[i];
	if (is_digit(c0)) {
		for (size_t k = i; k < j; k++) {
			if (!is_digit(s[k]))
				return 0;
			value = value * 10 + (unsigned long)(s[k] - '0');
		}
		kind = LIST_NUMBER;
	} else if (n == 1 && (is_lower(c0) || is_upper(c0))) {
		kind = is_lower(c0) ? LIST_LOWER : LIST_UPPER;
		value = c0 | 0x20;
	} else {
		return 0;
	}
	int paren = i > 0 && s[i - 1] == '(';
	size_t from = paren ? i - 1 : i;
	if (from > 0 && !is_blank((unsigned char)s[from - 1]) &&
	    !bullet_before(s, from))
		return 0;
	size_t e = j;
	int delim;
	if (paren) {
		if (e >= len || s[e] != ')')
			return 0;
		e++;
		delim = DELIM_PARENS;
	} else if (e + 1 < len && s[e] == '.' && s[e + 1] == ')') {
		e += 2;
		delim = DELIM_DOT_PAREN;
	} else if (e < len && s[e] == ')') {
		e++;
		delim = DELIM_PAREN;
	} else if (e < len && s[e] == '.') {
		e++;
		delim = DELIM_DOT;
	} else {
		return 0;
	}
	if (e < len && !is_blank((unsigned char)s[e]))
		return 0;
	if (has_words(sc)) {
		int first_on_line = sc->line_first == from;
		int next = sc->list_kind == kind && sc->list_delim == delim &&
		           value == sc->list_value + 1 && sc->cur.c.words > 1;
		if (!first_on_line && !next)
			return 0;
		if (paren) {
			/* the "(" went into the sentence before */
			size_t b = from;
			while (b > sc->cur.start &&
			       is_blank((unsigned char)s[b - 1]))
				b--;
			sc->cur.end = b;
		}
		end_sentence(sc);
	}
	sc->list_kind = kind;
	sc->list_delim = delim;
	sc->list_value = value;
	cover(sc, from, e);
	add_word(sc, i, j, letters);
	return e;
}

/* The end of the run of ASCII letters and digits at s[k]: sixteen bytes
 * at a time where SSE2 is (every x86-64), whose one branch a word is
 * taken the same way nearly always, where a byte at a time misses at
 * the end of every word. */
static size_t alnum_run(const unsigned char *s, size_t k, size_t len)
{
#ifdef __SSE2__
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i a = _mm_set1_epi8('a'), z = _mm_set1_epi8(25);
	const __m128i lower = _mm_set1_epi8(0x20);
	while (k + 16 <= len) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + k));
		/* x - lo <= hi - lo, unsigned: min(x - lo, hi - lo) is it */
		__m128i d = _mm_sub_epi8(v, zero);
		__m128i l = _mm_sub_epi8(_mm_or_si128(v, lower), a);
		__m128i is_d = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
		__m128i is_l = _mm_cmpeq_epi8(_mm_min_epu8(l, z), l);
		unsigned m =
		    (unsigned)_mm_movemask_epi8(_mm_or_si128(is_d, is_l));
		if (m != 0xFFFF)
			return k + (size_t)__builtin_ctz(~m);
		k += 16;
	}
#endif
	while (k < len && is_alnum(s[k]))
		k++;
	return k;
}

/* Reads the word starting at i and adds it to the sentence. */
static size_t scan_word(scanner *sc, size_t i)
{
	const unsigned char *s = (const unsigned char *)sc->s;
	size_t len = sc->len, j = i, letters = 0;
	touch(sc, i);
	if (i + 4 < len && could_be_url(s + i)) {
		size_t u = url_length(sc->s, len, i);
		if (u) {
			for (size_t k = i; k < i + u;) {
				int32_t cp;
				k += text_decode(sc->s, len, k, &cp);
				letters += is_letter(cp);
			}
			cover(sc, i, i + u);
			add_word(sc, i, i + u, letters);
			return i + u;
		}
	}
	int prev_digit = 0;
	for (;;) {
		size_t k = j;
		k = alnum_run(s, k, len);
		if (k > j) {
			letters += k - j;
			prev_digit = is_digit(s[k - 1]);
			j = k;
		}
		if (j >= len)
			break;
		unsigned char c = s[j];
		if (c < 0x80) {
			int join;
			switch (c) {
			case '\'':
			case '-':
			case '_':
			case '@':
			case '.':
				join = j > i && word_char_at(sc, j + 1);
				break;
			case ',':
			case ':':
			case '/':
				join = prev_digit && j + 1 < len &&
				       is_digit(s[j + 1]);
				break;
			default:
				join = 0;
			}
			if (!join)
				break;
			j++;
			continue;
		}
		int32_t cp;
		size_t n = text_decode(sc->s, len, j, &cp);
		if (is_word_char(cp)) {
			if (is_char_word(cp)) {
				if (j > i)
					break; /* a word of its own */
				letters += is_letter(cp);
				j += n;
				while (j < len) {
					n = text_decode(sc->s, len, j, &cp);
					if (!continues_char_word(cp))
						break;
					j += n;
				}
				break;
			}
			letters += is_letter(cp);
			prev_digit =
			    utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
			j += n;
			continue;
		}
		if (j > i && is_joiner(cp) && word_char_at(sc, j + n)) {
			j += n;
			continue;
		}
		break;
	}
	if (j - i <= 3) {
		size_t e = list_item(sc, i, j, letters);
		if (e)
			return e;
	}
	cover(sc, i, j);
	add_word(sc, i, j, letters);
	return j;
}

/* ---- what follows a terminator ------------------------------------------ */

enum { NX_END, NX_LOWER, NX_UPPER, NX_DIGIT, NX_OTHER };

/* The next token after white space, as far as the boundary rules ask. */
typedef struct next_tok {
	int kind;       /* NX_* */
	int opener;     /* an opening quote or bracket came first */
	int uncased;    /* a letter of a script without case */
	int initial;    /* a single letter and a period: "R." */
	int caps;       /* two or more letters, all capitals: "EST" */
	unsigned flags; /* of its word in the word lists */
} next_tok;

static void peek(const scanner *sc, size_t k, next_tok *nx)
{
	const char *s = sc->s;
	size_t len = sc->len;
	int32_t cp;
	memset(nx, 0, sizeof *nx);
	for (;;) { /* white space, up to a paragraph break */
		if (k >= len) {
			nx->kind = NX_END;
			return;
		}
		unsigned char c = (unsigned char)s[k];
		if (c == '\n' && blank_line_follows(sc, k)) {
			nx->kind = NX_END;
			return;
		}
		if (is_blank(c)) {
			k++;
			continue;
		}
		if (c < 0x80)
			break;
		size_t n = text_decode(s, len, k, &cp);
		if (!is_space(cp))
			break;
		k += n;
	}
	nx->kind = NX_OTHER;
	for (;;) { /* opening quotes and brackets, dots ("...and so") */
		size_t n = text_decode(s, len, k, &cp);
		if (is_opener(cp))
			nx->opener = 1;
		else if (cp != '.' && cp != 0x2026)
			break;
		k += n;
		if (k >= len)
			return;
	}
	if (url_length(s, len, k)) {
		nx->kind = NX_UPPER; /* a URL can start a sentence */
		return;
	}
	size_t n = text_decode(s, len, k, &cp);
	if (cp >= 0 && cp < 0x80) {
		nx->kind = is_upper(cp)   ? NX_UPPER
		           : is_lower(cp) ? NX_LOWER
		           : is_digit(cp) ? NX_DIGIT
		                          : NX_OTHER;
	} else if (cp >= 0x80) {
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LT:
			nx->kind = NX_UPPER;
			break;
		case UTF8PROC_CATEGORY_LL:
			nx->kind = NX_LOWER;
			break;
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_LM:
			nx->kind = NX_UPPER;
			nx->uncased = 1;
			break;
		case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			nx->kind = NX_DIGIT;
			break;
		default:
			break;
		}
	}
	if (nx->kind == NX_LOWER && k + n < len) {
		/* "iPhone", "eBay": a name can start a sentence */
		int32_t c2;
		text_decode(s, len, k + n, &c2);
		if (c2 < 0x80 ? is_upper(c2)
		              : utf8proc_category(c2) == UTF8PROC_CATEGORY_LU)
			nx->kind = NX_UPPER;
	}
	/* its word, lower case, for the word lists */
	char w[WORD_MAX + 1];
	size_t wl = 0, letters = 0;
	int caps = 1;
	while (k < len) {
		n = text_decode(s, len, k, &cp);
		if (cp >= 0 && cp < 0x80) {
			if (!is_upper(cp) && !is_lower(cp))
				break;
			caps &= is_upper(cp);
			if (wl < sizeof w)
				w[wl] = (char)(cp | 0x20);
			wl++;
		} else {
			if (cp < 0 || !is_letter(cp))
				break;
			caps = 0;
			if (wl + n <= sizeof w)
				memcpy(w + wl, s + k, n);
			wl += n;
		}
		letters++;
		k += n;
	}
	nx->initial = letters == 1 && k < len && s[k] == '.';
	nx->caps = caps && letters >= 2;
	nx->flags = wl <= sizeof w ? word_flags(w, wl) : 0;
}

/* Does the next token look like the start of a sentence, not a name? */
static int starts_sentence(const next_tok *nx)
{
	return nx->kind == NX_UPPER && (nx->uncased || (nx->flags & W_STARTER));
}

/* ---- the period --------------------------------------------------------- */

/* Does the single "." at dot, followed by white space and then nx, end a
 * sentence?  Decided by the token before it (back to white space, less
 * opening quotes and brackets) and nx; see the top of the file. */
static int period_ends(const scanner *sc, size_t dot, const next_tok *nx)
{
	const char *s = sc->s;
	int lower = nx->kind == NX_LOWER;
	int plain = !lower || nx->opener;
	size_t b = dot, stop = dot > 64 ? dot - 64 : 0;
	while (b > stop && !is_blank((unsigned char)s[b - 1]) &&
	       decode_before(s, b) != 0xA0)
		b--;
	if (b == stop && stop > 0)
		return 1; /* too long to be an abbreviation */
	while (b < dot) {
		int32_t cp;
		size_t n = text_decode(s, dot, b, &cp);
		if (!is_opener(cp))
			break;
		b += n;
	}
	size_t n = dot - b;
	if (n == 0)
		return 1;
	char low[64];
	for (size_t k = 0; k < n; k++)
		low[k] =
		    is_upper(s[b + k]) ? (char)(s[b + k] | 0x20) : s[b + k];
	unsigned kind = word_flags(low, n) & W_KIND;
	if (!kind && n >= 5 && !memcmp(low + n - 3, "str", 3))
		kind = W_NUMBER; /* a German street: "Hauptstr. 5" */
	if (!kind) {
		/* "then-Rep.", "ex-N.A.S.A.": the part after a hyphen */
		size_t k = n;
		while (k > 0 && low[k - 1] != '-' && low[k - 1] != '/')
			k--;
		if (k > 0 && k < n) {
			kind = word_flags(low + k, n - k) & W_KIND;
			b += k;
			n -= k;
		}
	}
	int dots = 0, digits = 1, segment = 0, short_segments = 1;
	for (size_t k = 0; k < n; k++) {
		char c = s[b + k];
		dots += c == '.';
		digits &= is_digit(c);
		if (c == '.') {
			short_segments &= segment >= 1 && segment <= 2;
			segment = 0;
		} else {
			short_segments &= is_upper(c) || is_lower(c);
			segment++;
		}
	}
	short_segments &= segment >= 1 && segment <= 2;
	switch (kind) {
	case W_NEVER:
		return 0;
	case W_NUMBER:
		return nx->kind != NX_DIGIT && plain;
	case W_NAME:
		return starts_sentence(nx);
	case W_CAPITAL:
		return nx->kind == NX_UPPER; /* not "et al. (2010)" */
	case W_TIME:
		/* "5 p.m. EST", "9 P.M. Sunday", "at 5 a.m. Mr. Smith" */
		return nx->kind == NX_UPPER && !nx->caps &&
		       !(nx->flags & (W_MONTH | W_DAY | W_TITLE));
	default:
		break;
	}
	int32_t last = decode_before(s, dot);
	if (!is_word_char(last))
		return 1; /* "(see above).", "0.6%." */
	int32_t only;
	if (text_decode(s, dot, b, &only) == n && is_letter(only) &&
	    !(only < 0x80 && is_digit(only))) {
		/* an initial ("E. Smith", "J. R. R."), a variable or the
		 * pronoun ("x. Then", "you and I. But"), an abbreviation
		 * ("Sensoren u. Aktoren") */
		if (nx->initial || nx->kind == NX_DIGIT || lower)
			return 0;
		return starts_sentence(nx);
	}
	if (dots && short_segments)
		return !lower && starts_sentence(nx); /* "U.S.", "Ph.D." */
	if (digits && n <= 2 && nx->kind == NX_UPPER)
		/* an ordinal: "am 31. Mai", "der 2. Weltkrieg" */
		return starts_sentence(nx) && !(nx->flags & W_MONTH);
	if (digits)
		return plain; /* "in 2019. Then", "1. planen und 2. handeln" */
	/* any other word: even before lower case ("Emacs. so i looked",
	 * "variables. yapapi supports"), as in edited text a word that is
	 * no abbreviation seldom has a period of its own */
	return 1;
}

static int space_at(const char *s, size_t len, size_t k)
{
	int32_t cp;
	text_decode(s, len, k, &cp);
	return is_space(cp);
}

static int closer_at(const char *s, size_t len, size_t k)
{
	int32_t cp;
	text_decode(s, len, k, &cp);
	return is_closer(cp);
}

/* Reads a run of terminators and closers starting at i; ends the sentence
 * when they end it. */
static size_t scan_terminator(scanner *sc, size_t i)
{
	const char *s = sc->s;
	size_t len = sc->len, j = i;
	int dots = 0, marks = 0, wide = 0, spaced = 0;
	int32_t cp;
	touch(sc, i);
	for (;;) {
		while (j < len) {
			size_t n = text_decode(s, len, j, &cp);
			if (!is_terminator(cp))
				break;
			if (cp == '.')
				dots++;
			else if (cp == 0x2026)
				dots += 3;
			else
				marks++;
			wide |= is_wide_terminator(cp);
			j += n;
		}
		/* ". . .": dots apart by single spaces, up to white space */
		if (marks || wide || j + 1 >= len || s[j] != ' ')
			break;
		size_t k = j + 1, d = 0;
		while (k < len) {
			size_t n = text_decode(s, len, k, &cp);
			if (cp != '.' && cp != 0x2026)
				break;
			k += n;
			d++;
		}
		if (!d || (k < len && !is_blank((unsigned char)s[k]) &&
		           !closer_at(s, len, k)))
			break;
		spaced = 1;
		j++;
	}
	size_t e = j;
	int closers = 0;
	while (e < len) {
		size_t n = text_decode(s, len, e, &cp);
		if (!is_closer(cp))
			break;
		e += n;
		closers++;
	}
	cover(sc, i, e);
	int ends;
	if (wide || e >= len) {
		ends = 1;
	} else if (!space_at(s, len, e)) {
		ends = 0; /* "3.5", "e.g.,", "Yahoo!'s" */
	} else {
		next_tok nx;
		peek(sc, e, &nx);
		if (nx.kind == NX_END)
			ends = 1;
		else if (marks)
			ends = nx.kind != NX_LOWER;
		else if (dots >= 2) {
			/* an ellipsis */
			int32_t before = i > 0 ? decode_before(s, i) : -1;
			if ((before == '[' || before == '(') && closers)
				ends = 0; /* "[...]" */
			else if (nx.kind == NX_LOWER)
				ends = 0;
			else if (closers || dots >= 4)
				ends = 1;
			else
				ends = !spaced && nx.kind == NX_UPPER;
		} else if (closers) {
			ends = nx.kind != NX_LOWER;
		} else {
			ends = period_ends(sc, i, &nx);
		}
	}
	if (ends)
		end_sentence(sc);
	return e;
}

/* Any other character: a bullet ("•" after white space; "-", "*", "+",
 * "–", "—" first on a line; both followed by white space or a word) starts
 * a sentence; anything else goes into the current one. */
static size_t scan_other(scanner *sc, size_t i, int32_t cp, size_t n)
{
	const char *s = sc->s;
	size_t len = sc->len;
	int first_on_line = sc->line_blank;
	touch(sc, i);
	int bullet = 0;
	int space_after = i + n >= len || is_blank((unsigned char)s[i + n]);
	if (cp == '-' || cp == '*' || cp == '+' || cp == 0x2013 || cp == 0x2014)
		bullet = first_on_line && space_after;
	else if (cp >= 0x80 && is_bullet(cp))
		bullet = (i == 0 || is_blank((unsigned char)s[i - 1])) &&
		         (space_after ||
		          (cp != 0xB7 && is_alnum((unsigned char)s[i + n])));
	if (bullet && has_words(sc))
		end_sentence(sc);
	cover(sc, i, i + n);
	return i + n;
}

static void scan(const char *text, size_t len, text_sentence_fn fn, void *ud,
                 const text_word_sink *words, size_t *paragraphs)
{
	scanner sc;
	memset(&sc, 0, sizeof sc);
	sc.s = text ? text : "";
	sc.len = text ? len : 0;
	sc.fn = fn;
	sc.ud = ud;
	sc.line = 1;
	sc.line_blank = 1;
	sc.syl = syl_table();
	sc.words = words;
	const unsigned char *s = (const unsigned char *)sc.s;
	size_t i = 0;
	while (i < sc.len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if (is_alnum(c)) {
				i = scan_word(&sc, i);
			} else if (c == ' ' || c == '\t' || c == '\r' ||
			           c == '\f' || c == '\v') {
				i++;
			} else if (c == '\n') {
				if (blank_line_follows(&sc, i))
					end_paragraph(&sc);
				sc.line++;
				sc.line_blank = 1;
				i++;
			} else if (c == '.' || c == '!' || c == '?') {
				i = scan_terminator(&sc, i);
			} else {
				i = scan_other(&sc, i, c, 1);
			}
			continue;
		}
		int32_t cp;
		size_t n = text_decode(sc.s, sc.len, i, &cp);
		if (is_word_char(cp))
			i = scan_word(&sc, i);
		else if (is_terminator(cp))
			i = scan_terminator(&sc, i);
		else if (is_space(cp))
			i += n;
		else
			i = scan_other(&sc, i, cp, n);
	}
	end_paragraph(&sc);
	if (paragraphs)
		*paragraphs = sc.paragraphs;
}

static void add_counts(void *ud, const char *start, size_t len, size_t line,
                       const text_counts *c)
{
	text_counts *t = ud;
	t->words += c->words;
	t->sentences += c->sentences;
	t->syllables += c->syllables;
	t->letters += c->letters;
	t->complex_words += c->complex_words;
	t->polysyllables += c->polysyllables;
	t->long_words += c->long_words;
}

void text_count(const char *utf8, size_t len, text_counts *out)
{
	memset(out, 0, sizeof *out);
	scan(utf8, len, add_counts, out, NULL, &out->paragraphs);
}

void text_sentences(const char *utf8, size_t len, text_sentence_fn fn, void *ud)
{
	scan(utf8, len, fn, ud, NULL, NULL);
}

typedef struct count_each {
	text_counts *sum;
	text_sentence_fn fn;
	void *ud;
} count_each;

static void add_and_forward(void *ud, const char *start, size_t len,
                            size_t line, const text_counts *c)
{
	count_each *x = ud;
	add_counts(x->sum, start, len, line, c);
	x->fn(x->ud, start, len, line, c);
}

void text_count_words(const char *utf8, size_t len, text_counts *out,
                      text_sentence_fn fn, void *ud,
                      const text_word_sink *words)
{
	memset(out, 0, sizeof *out);
	count_each x = {out, fn, ud};
	scan(utf8, len, add_and_forward, &x, words, &out->paragraphs);
}

void text_count_each(const char *utf8, size_t len, text_counts *out,
                     text_sentence_fn fn, void *ud)
{
	text_count_words(utf8, len, out, fn, ud, NULL);
}

/* One sentence a line: white space that holds a line break or a tab
 * becomes one space. */
static void add_line(void *ud, const char *start, size_t len, size_t line,
                     const text_counts *c)
{
	buf_t *out = ud;
	size_t i = 0;
	while (i < len) {
		size_t k = i;
		while (k < len && !is_blank((unsigned char)start[k]))
			k++;
		buf_add(out, start + i, k - i);
		size_t e = k;
		int fold = 0;
		while (e < len && is_blank((unsigned char)start[e]))
			fold |= start[e++] != ' ';
		if (fold)
			buf_addc(out, ' ');
		else
			buf_add(out, start + k, e - k);
		i = e;
	}
	buf_addc(out, '\n');
}

void text_sentence_lines(const char *utf8, size_t len, buf_t *out)
{
	buf_add(out, "", 0); /* a C string even with no sentence */
	scan(utf8, len, add_line, out, NULL, NULL);
}

/* ---- normalisation and repair ------------------------------------------ */

/* The text is normalised a piece of about this many bytes at a time, so
 * the work buffers (utf8proc_map takes four bytes a code point) stay small
 * however long the text is. */
enum { NORM_PIECE = 64 << 10 };

/* Where the piece starting at i ends: before an ASCII byte near i +
 * NORM_PIECE.  An ASCII character never composes with what precedes it
 * and stops any reordering of combining marks (it is a starter, and
 * "stable" in UAX #15 terms), and no ill-formed UTF-8 sequence runs
 * across it, so normalising the pieces one by one gives the same bytes as
 * normalising the whole. */
static size_t piece_end(const char *s, size_t len, size_t i)
{
	if (len - i <= NORM_PIECE)
		return len;
	for (size_t j = i + NORM_PIECE; j > i; j--)
		if ((unsigned char)s[j] < 0x80)
			return j;
	for (size_t j = i + NORM_PIECE; j < len; j++)
		if ((unsigned char)s[j] < 0x80)
			return j;
	return len;
}

/* Appends the word characters of s[0..n), already mapped, to piece: one
 * space between runs of them, none before the first of the text. */
static void keep_words(const char *s, size_t n, int *gap, int *any,
                       buf_t *piece)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = text_decode(s, n, i, &cp);
		if (is_word_char(cp)) {
			if (*gap && *any)
				buf_addc(piece, ' ');
			*gap = 0;
			*any = 1;
			buf_add(piece, s + i, k);
		} else {
			*gap = 1;
		}
		i += k;
	}
}

/* The same for ASCII, whose NFKC case fold is its lower case: no call
 * into utf8proc for the bulk of most texts. */
static void keep_ascii_words(const char *s, size_t n, int *gap, int *any,
                             buf_t *piece)
{
	buf_grow(piece, n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_alnum(c)) {
			if (*gap && *any)
				piece->data[piece->len++] = ' ';
			*gap = 0;
			*any = 1;
			piece->data[piece->len++] =
			    (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		} else {
			*gap = 1;
		}
	}
	piece->data[piece->len] = '\0';
}

void text_normalize_each(const char *utf8, size_t len, text_emit_fn fn,
                         void *ud)
{
	buf_t valid = BUF_INIT, piece = BUF_INIT;
	int gap = 0, any = 0;
	for (size_t at = 0; at < len;) {
		/* An ASCII run, less its last character when non-ASCII
		 * follows (a combining mark may compose with it), needs no
		 * normalising; what follows, up to the next ASCII byte, goes
		 * through utf8proc.  Both ends are before an ASCII byte, so
		 * this gives the bytes normalising the whole would
		 * (piece_end). */
		size_t j = at;
		while (j < len && (unsigned char)utf8[j] < 0x80)
			j++;
		size_t fast = j < len && j > at ? j - 1 : j;
		if (fast > at) {
			keep_ascii_words(utf8 + at, fast - at, &gap, &any,
			                 &piece);
			at = fast;
		}
		if (at < len) {
			size_t end = j + 1;
			while (end < len && (unsigned char)utf8[end] >= 0x80 &&
			       end - at < NORM_PIECE)
				end++;
			if (end < len && (unsigned char)utf8[end] >= 0x80)
				end = piece_end(utf8, len, at);
			if (end > len)
				end = len;
			buf_reset(&valid);
			text_make_valid_utf8(utf8 + at, end - at, &valid);
			at = end;
			utf8proc_uint8_t *mapped = NULL;
			utf8proc_ssize_t mlen = utf8proc_map(
			    (const utf8proc_uint8_t *)valid.data,
			    (utf8proc_ssize_t)valid.len, &mapped,
			    UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			        UTF8PROC_CASEFOLD | UTF8PROC_STABLE);
			if (mlen >= 0 && mapped)
				keep_words((const char *)mapped, (size_t)mlen,
				           &gap, &any, &piece);
			else
				keep_words(valid.data, valid.len, &gap, &any,
				           &piece);
			free(mapped);
		}
		if (piece.len >= NORM_PIECE || (at >= len && piece.len)) {
			fn(ud, piece.data, piece.len);
			buf_reset(&piece);
		}
	}
	buf_free(&valid);
	buf_free(&piece);
}

static void append_to(void *ud, const char *s, size_t n)
{
	buf_add(ud, s, n);
}

/* The passages' fold, 64 bytes at a time, where the processor has
 * AVX-512's byte compress (VBMI2): the letters and digits of a block of
 * ASCII are lower-cased (a letter or digit ORed with 0x20 is its lower
 * case), the byte before each word that starts after another becomes its
 * space, and one compress writes the kept bytes out in order, as the
 * byte loop below writes them.  Takes the blocks from *i while a whole
 * one lies before stop and is ASCII; *g is the loop's "the next letter
 * starts a word", *w its words.  Needs 64 bytes of room past what it
 * writes, which it writes over.  Returns where the output stops. */
enum { FOLD_BLOCK = 64 };

#ifdef FOLD_WIDE
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi2"))) static char *
fold_blocks(const unsigned char *s, size_t *i, size_t stop, char *o,
            unsigned *g, size_t *w)
{
	const __m512i bit = _mm512_set1_epi8(0x20);
	const __m512i a = _mm512_set1_epi8('a'), zero = _mm512_set1_epi8('0');
	const __m512i space = _mm512_set1_epi8(' ');
	while (*i + FOLD_BLOCK <= stop) {
		__m512i v = _mm512_loadu_si512((const void *)(s + *i));
		if (_mm512_movepi8_mask(v))
			break; /* a byte of a longer character */
		__m512i l = _mm512_or_si512(v, bit);
		__mmask64 keep =
		    _mm512_cmple_epu8_mask(_mm512_sub_epi8(l, a),
		                           _mm512_set1_epi8(25)) |
		    _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, zero),
		                           _mm512_set1_epi8(9));
		/* a word starts at a kept byte whose byte before was not */
		uint64_t before = (uint64_t)keep << 1 | (uint64_t)(*g == 0);
		uint64_t starts = (uint64_t)keep & ~before;
		/* the space of each start after the text's first word: on
		 * the byte before it, or ahead of the block for a start at
		 * its first byte */
		uint64_t spaced = starts;
		if (*w == 0)
			spaced &= spaced - 1; /* the first word has none */
		if (spaced & 1) {
			*o++ = ' ';
			spaced &= ~(uint64_t)1;
		}
		uint64_t put = (uint64_t)keep | spaced >> 1;
		__m512i out = _mm512_mask_blend_epi8(spaced >> 1, l, space);
		_mm512_storeu_si512((void *)o,
		                    _mm512_maskz_compress_epi8(put, out));
		o += __builtin_popcountll(put);
		*w += (size_t)__builtin_popcountll(starts);
		*g = !(keep >> 63);
		*i += FOLD_BLOCK;
	}
	return o;
}
#endif

size_t text_fold_words_marked(const char *utf8, size_t len, buf_t *out,
                              const size_t *at, size_t nat,
                              text_fold_mark *marks)
{
	size_t words = 0, m = 0;
	int gap = 0;
	buf_grow(out, len);
	size_t base = out->len;
#ifdef FOLD_WIDE
	int wide = __builtin_cpu_supports("avx512bw") &&
	           __builtin_cpu_supports("avx512vbmi2");
#endif
	for (size_t i = 0; i < len;) {
		for (; m < nat && at[m] <= i; m++)
			marks[m] = (text_fold_mark){out->len - base, words,
			                            words > 0 && !gap};
		/* ASCII up to the next mark, the bulk of most text: a byte
		 * at a time, without decoding or a call */
		size_t stop = m < nat && at[m] < len ? at[m] : len;
		/* a byte out a byte in, the space a gap before owes, and
		 * the room fold_blocks() writes over */
		buf_grow(out, stop - i + 1 + FOLD_BLOCK);
		char *o = out->data + out->len;
		size_t w = words;
		unsigned g = gap || words == 0;
#ifdef FOLD_WIDE
		if (wide && i + FOLD_BLOCK <= stop)
			o = fold_blocks((const unsigned char *)utf8, &i, stop,
			                o, &g, &w);
#endif
		/* without branches on the bytes: whether a byte is kept
		 * changes every few bytes, which a branch guesses wrong
		 * twice a word.  A space is written and kept only where a
		 * word starts after another; a byte, only when kept. */
		while (i < stop && (unsigned char)utf8[i] < 0x80) {
			unsigned char f = ascii_fold[(unsigned char)utf8[i++]];
			unsigned keep = f != 0, start = keep & g;
			*o = ' ';
			o += start & (w != 0);
			w += start;
			*o = (char)f;
			o += keep;
			g = !keep;
		}
		words = w;
		gap = words > 0 && g;
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
		if (i >= stop)
			continue;
		/* a non-ASCII character (never decoded below 0x80) */
		int32_t cp;
		i += text_decode(utf8, len, i, &cp);
		if (!is_word_char(cp)) {
			gap = 1;
			continue;
		}
		if (gap || words == 0) {
			if (words)
				buf_addc(out, ' ');
			words++;
			gap = 0;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n =
		    utf8proc_encode_char(utf8proc_tolower(cp), enc);
		buf_add(out, enc, (size_t)n);
	}
	for (; m < nat; m++) /* the offsets at the end */
		marks[m] =
		    (text_fold_mark){out->len - base, words, words > 0 && !gap};
	return words;
}

/* Whether text_fold_words() and text_normalize() agree on cp wherever it
 * stands: a character neither keeps (punctuation, a symbol, a space)
 * whose NFKC case fold keeps nothing either; or a letter or digit that
 * is no mark and no Hangul jamo (nothing then composes with a neighbour
 * under NFC) whose NFKC case fold is the one character the fold makes of
 * it, its lower case ("é", not "ß", which folds to "ss", nor "ﬁ"). */
static int fold_agrees(int32_t cp)
{
	/* no character folds to more than 18 (U+FDFA) */
	utf8proc_int32_t d[32];
	int boundclass = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(
	    cp, d, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD,
	    &boundclass);
	if (n < 0 || n > 32)
		return 0;
	if (!is_word_char(cp)) {
		for (utf8proc_ssize_t k = 0; k < n; k++)
			if (is_word_char(d[k]))
				return 0;
		return 1;
	}
	utf8proc_category_t cat = utf8proc_category(cp);
	if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	    cat == UTF8PROC_CATEGORY_ME || (cp >= 0x1100 && cp <= 0x11FF) ||
	    (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF))
		return 0;
	n = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	return n == 1 && d[0] == utf8proc_tolower(cp);
}

int text_fold_is_normalized(const char *utf8, size_t len)
{
	/* the answers for the code points met, by their low bits: a page
	 * uses a few dozen beyond ASCII, again and again */
	enum { MEMO = 64 };
	int32_t memo[MEMO];
	unsigned char agrees[MEMO];
	for (int k = 0; k < MEMO; k++)
		memo[k] = -1;
	for (size_t i = 0; i < len;) {
		/* ASCII, eight bytes at a time */
		uint64_t x;
		while (i + 8 <= len &&
		       (memcpy(&x, utf8 + i, 8), !(x & 0x8080808080808080ULL)))
			i += 8;
		if (i >= len)
			break;
		if ((unsigned char)utf8[i] < 0x80) {
			i++;
			continue;
		}
		/* an invalid byte is a gap to both (text_normalize() reads
		 * it as U+FFFD) */
		int32_t cp;
		i += text_decode(utf8, len, i, &cp);
		if (cp < 0)
			continue;
		int slot = cp & (MEMO - 1);
		if (memo[slot] != cp) {
			memo[slot] = cp;
			agrees[slot] = (unsigned char)fold_agrees(cp);
		}
		if (!agrees[slot])
			return 0;
	}
	return 1;
}

size_t text_fold_words(const char *utf8, size_t len, buf_t *out)
{
	return text_fold_words_marked(utf8, len, out, NULL, 0, NULL);
}

void text_normalize(const char *utf8, size_t len, buf_t *out)
{
	buf_add(out, "", 0); /* terminated even when no word follows */
	text_normalize_each(utf8, len, append_to, out);
}

void text_make_valid_utf8(const char *s, size_t len, buf_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	buf_add(out, "", 0); /* out is a C string even for empty input */
	if (len == 0)
		return;
	buf_grow(out, len);
	while (i < len) {
		unsigned char b = p[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		/* expected continuation bytes, and the range of the first
		 * (which excludes overlong forms, surrogates, > U+10FFFF) */
		size_t need = 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (b >= 0xC2 && b <= 0xDF) {
			need = 1;
		} else if (b >= 0xE0 && b <= 0xEF) {
			need = 2;
			lo = b == 0xE0 ? 0xA0 : 0x80;
			hi = b == 0xED ? 0x9F : 0xBF;
		} else if (b >= 0xF0 && b <= 0xF4) {
			need = 3;
			lo = b == 0xF0 ? 0x90 : 0x80;
			hi = b == 0xF4 ? 0x8F : 0xBF;
		}
		size_t k = 1;
		while (k <= need && i + k < len && p[i + k] >= lo &&
		       p[i + k] <= hi) {
			k++;
			lo = 0x80;
			hi = 0xBF;
		}
		if (need && k == need + 1) {
			i += k;
			continue;
		}
		buf_add(out, s + run, i - run);
		buf_add(out, "\xEF\xBF\xBD", 3);
		i += k;
		run = i;
	}
	buf_add(out, s + run, i - run);
}
