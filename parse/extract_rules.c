/*
 * extract_rules.c - the vocabularies and weights of main-content extraction.
 *
 * Everything extract.c knows about HTML as people write it lives here as
 * data, so it can be read, argued about and tuned in one place.  None of it
 * names a site: the words are the ones templates and CMSs in many languages
 * use for their furniture (navigation, sharing, comments, teasers) and for
 * their article bodies.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../common/text.h"
#include "internal.h"

/*
 * What cqa knows about each HTML element, one row a tag, sorted by name for
 * binary search.  The flags:
 *   T_INVISIBLE    never rendered as text (scripts, styles, form controls
 *                  hold option lists, not prose);
 *   T_SOFT_INVISIBLE  with T_INVISIBLE: its own text is not prose (button
 *                  labels, SVG and MathML glyphs), but a block-level HTML
 *                  element under it is shown.  Browsers break out of SVG at
 *                  <p> or <div>, and libxml2's HTML4 parser, which does not
 *                  know <svg>, <header> or <main>, sometimes hangs the rest
 *                  of a page under an unclosed <svg> or <button>.
 *                  <noscript> is one too: what sites put there for readers
 *                  without scripts is often the article itself;
 *   T_BLOCK        breaks the flow of text: starts a new block.  <br> is
 *                  one because pages that build paragraphs from <br><br>
 *                  are common;
 *   T_BOILERPLATE  page furniture by its very tag (HTML5 sectioning).
 *                  <header> is not: inside an article it holds the
 *                  headline, and extract.c decides;
 *   T_CELL         a table cell: not a block of its own but a part of its
 *                  row's, the cells' texts separated by tabs, so a row
 *                  reads as a row (a name and its description, a
 *                  function and its meaning) and not as loose fragments;
 *   T_CODE         inline code markup (code, kbd, samp, tt, var): in the
 *                  container a block that is mostly code names is the
 *                  reference itself even when every name is a link;
 *   T_LINK, T_ARTICLE, T_MAIN, T_HEADER, T_H1  elements extract.c asks
 *                  about by name.
 */
static const tag_rule tag_table[] = {
    {"a", T_LINK, TAG_OTHER},
    {"address", T_BLOCK, TAG_OTHER},
    {"article", T_BLOCK | T_ARTICLE, TAG_DIV},
    {"aside", T_BLOCK | T_BOILERPLATE, TAG_OTHER},
    {"audio", T_INVISIBLE, TAG_OTHER},
    {"blockquote", T_BLOCK, TAG_QUOTE},
    {"body", T_BLOCK, TAG_OTHER},
    {"br", T_BLOCK, TAG_OTHER},
    {"button", T_INVISIBLE | T_SOFT_INVISIBLE, TAG_OTHER},
    {"canvas", T_INVISIBLE, TAG_OTHER},
    {"caption", T_BLOCK, TAG_CAPTION},
    {"center", T_BLOCK, TAG_OTHER},
    {"code", T_CODE, TAG_OTHER},
    {"datalist", T_INVISIBLE, TAG_OTHER},
    {"dd", T_BLOCK, TAG_DT_DD},
    {"details", T_BLOCK, TAG_OTHER},
    {"dialog", T_BLOCK | T_BOILERPLATE, TAG_OTHER},
    {"div", T_BLOCK, TAG_DIV},
    {"dl", T_BLOCK, TAG_OTHER},
    {"dt", T_BLOCK, TAG_DT_DD},
    {"embed", T_INVISIBLE, TAG_OTHER},
    {"fieldset", T_BLOCK, TAG_OTHER},
    {"figcaption", T_BLOCK, TAG_CAPTION},
    {"figure", T_BLOCK, TAG_OTHER},
    {"footer", T_BLOCK | T_BOILERPLATE, TAG_OTHER},
    {"form", T_BLOCK | T_BOILERPLATE, TAG_OTHER},
    {"h1", T_BLOCK | T_H1, TAG_HEADING},
    {"h2", T_BLOCK, TAG_HEADING},
    {"h3", T_BLOCK, TAG_HEADING},
    {"h4", T_BLOCK, TAG_HEADING},
    {"h5", T_BLOCK, TAG_HEADING},
    {"h6", T_BLOCK, TAG_HEADING},
    {"head", T_INVISIBLE, TAG_OTHER},
    {"header", T_BLOCK | T_HEADER, TAG_OTHER},
    {"hr", T_BLOCK, TAG_OTHER},
    {"html", T_BLOCK, TAG_OTHER},
    {"iframe", T_INVISIBLE, TAG_OTHER},
    {"input", T_INVISIBLE, TAG_OTHER},
    {"kbd", T_CODE, TAG_OTHER},
    {"legend", T_BLOCK, TAG_OTHER},
    {"li", T_BLOCK, TAG_LI},
    {"link", T_INVISIBLE, TAG_OTHER},
    {"main", T_BLOCK | T_MAIN, TAG_DIV},
    {"map", T_INVISIBLE, TAG_OTHER},
    {"math", T_INVISIBLE | T_SOFT_INVISIBLE, TAG_OTHER},
    {"menu", T_BLOCK | T_BOILERPLATE, TAG_OTHER},
    {"meta", T_INVISIBLE, TAG_OTHER},
    {"nav", T_BLOCK | T_BOILERPLATE, TAG_OTHER},
    {"noscript", T_INVISIBLE | T_SOFT_INVISIBLE, TAG_OTHER},
    {"object", T_INVISIBLE, TAG_OTHER},
    {"ol", T_BLOCK, TAG_OTHER},
    {"option", T_INVISIBLE, TAG_OTHER},
    {"p", T_BLOCK, TAG_P},
    {"pre", T_BLOCK, TAG_PRE},
    {"rp", T_INVISIBLE, TAG_OTHER}, /* ruby annotations: the reading of */
    {"rt", T_INVISIBLE, TAG_OTHER}, /* a word, not more words */
    {"samp", T_CODE, TAG_OTHER},
    {"script", T_INVISIBLE, TAG_OTHER},
    {"section", T_BLOCK, TAG_DIV},
    {"select", T_INVISIBLE, TAG_OTHER},
    {"style", T_INVISIBLE, TAG_OTHER},
    {"summary", T_BLOCK, TAG_OTHER},
    {"svg", T_INVISIBLE | T_SOFT_INVISIBLE, TAG_OTHER},
    {"table", T_BLOCK, TAG_OTHER},
    {"tbody", T_BLOCK, TAG_OTHER},
    {"td", T_CELL, TAG_CELL},
    {"template", T_INVISIBLE, TAG_OTHER},
    {"textarea", T_INVISIBLE, TAG_OTHER},
    {"tfoot", T_BLOCK, TAG_OTHER},
    {"th", T_CELL, TAG_CELL},
    {"thead", T_BLOCK, TAG_OTHER},
    {"title", T_INVISIBLE, TAG_OTHER},
    {"tr", T_BLOCK, TAG_OTHER},
    {"tt", T_CODE, TAG_OTHER},
    {"ul", T_BLOCK, TAG_OTHER},
    {"var", T_CODE, TAG_OTHER},
    {"video", T_INVISIBLE, TAG_OTHER},
};

static int by_tag_name(const void *key, const void *row)
{
	return strcasecmp(key, ((const tag_rule *)row)->name);
}

const tag_rule *rules_tag(const char *name)
{
	static const tag_rule unknown = {"", 0, TAG_OTHER};
	const tag_rule *r =
	    bsearch(name, tag_table, sizeof tag_table / sizeof *tag_table,
	            sizeof *tag_table, by_tag_name);
	return r ? r : &unknown;
}

/* Classes that CSS frameworks (Bootstrap, Tailwind, WordPress themes) define
 * as display:none or as off-screen text for screen readers.  cqa does not
 * evaluate style sheets; these names are how pages say "not shown". */
static const char *const hidden_classes[] = {"hidden",
                                             "d-none",
                                             "hide",
                                             "sr-only",
                                             "visually-hidden",
                                             "screen-reader-text",
                                             "invisible",
                                             "display-none",
                                             "visuallyhidden",
                                             "element-invisible",
                                             "u-hidden",
                                             NULL};

/* Responsive frameworks hide an element on small screens and show it from
 * a breakpoint up: "hidden lg:flex" (Tailwind), "d-none d-md-block"
 * (Bootstrap).  Such an element is shown on a desktop, where an audit
 * looks at a page.  These are the display values that show it again. */
static const char *const shown_displays[] = {
    "block",       "flex",  "grid",     "inline", "inline-block",
    "inline-flex", "table", "contents", NULL};

/* "lg:flex", "md:block", "d-md-block", "d-lg-flex": a display value after
 * a breakpoint prefix. */
static int responsive_show(const char *t, size_t len)
{
	const char *v = memchr(t, ':', len);
	if (v)
		v++;
	else if (len > 5 && !strncasecmp(t, "d-", 2) &&
	         (v = memchr(t + 2, '-', len - 2)) != NULL &&
	         (v - t == 4 || v - t == 5)) /* d-md-, d-xxl- */
		v++;
	else
		return 0;
	size_t vlen = len - (size_t)(v - t);
	for (const char *const *d = shown_displays; *d; d++)
		if (strlen(*d) == vlen && !strncasecmp(v, *d, vlen))
			return 1;
	return 0;
}

int rules_has_hidden_class(const char *class_attr)
{
	if (!class_attr)
		return 0;
	int hidden = 0;
	const char *s = class_attr;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		const char *t = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		size_t len = (size_t)(s - t);
		if (len && responsive_show(t, len))
			return 0;
		for (const char *const *h = hidden_classes; len && *h; h++)
			if (strlen(*h) == len && !strncasecmp(t, *h, len))
				hidden = 1;
	}
	return hidden;
}

/*
 * Class and id vocabularies.  A class or id is split into tokens at white
 * space, punctuation and camelCase humps; a token matches a stem when
 * it begins with it (so "comments", "commentlist" match "comment").  Short
 * stems match whole tokens only, because as prefixes they hit innocent words
 * ("ad" in "address", "nav" is fine but "tag" would hit "tagesschau").
 */
typedef struct stem {
	const char *word;
	int whole_token; /* 1: must equal the token */
	/* Negative stems only: 1 when the word names furniture that holds
	 * prose of its own (comments, teaser excerpts, cookie notices), so
	 * that plenty of link-free text does not make it the article.  A weak
	 * word ("ads", "meta", "header") marks furniture only when there is
	 * little prose under it: "has-ads" sections hold articles. */
	int strong;
} stem;

/* Sorted by word (token_match relies on it).  Article bodies: English, German,
 * French, Spanish, Italian, Dutch, Portuguese CMS vocabulary. */
static const stem positive_stems[] = {
    {"abstract", 0, 0},  {"article", 0, 0},    {"articolo", 0, 0},
    {"articulo", 0, 0},  {"artikel", 0, 0},    {"beitrag", 0, 0},
    {"blogpost", 0, 0},  {"body", 1, 0},       {"contenido", 0, 0},
    {"content", 0, 0},   {"contenu", 0, 0},    {"corpo", 1, 0},
    {"entry", 0, 0},     {"fliesstext", 0, 0}, {"hentry", 1, 0},
    {"inhalt", 0, 0},    {"lead", 1, 0},       {"main", 1, 0},
    {"page", 1, 0},      {"paragraph", 0, 0},  {"post", 1, 0},
    {"postbody", 0, 0},  {"prose", 1, 0},      {"richtext", 0, 0},
    {"single", 1, 0},    {"story", 0, 0},      {"text", 1, 0},
    {"textblock", 0, 0}, {NULL, 0, 0}};

/* Sorted by word.  Furniture: navigation, sharing, comments, teasers, ads,
 * legal. */
static const stem negative_stems[] = {
    {"ad", 1, 0},        {"ads", 1, 0},          {"adsense", 0, 0},
    {"advert", 0, 0},    {"affiliate", 0, 1},    {"anzeige", 0, 0},
    {"aside", 1, 0},     {"author", 0, 1},       {"banner", 0, 0},
    {"bio", 1, 1},       {"biography", 0, 1},    {"breadcrumb", 0, 1},
    {"byline", 0, 0},    {"caption", 1, 0},      {"cart", 1, 0},
    {"comment", 0, 1},   {"commentaire", 0, 1},  {"compartir", 0, 1},
    {"condivid", 0, 1},  {"consent", 0, 1},      {"cookie", 0, 1},
    {"copyright", 0, 1}, {"correlat", 0, 1},     {"crumb", 0, 1},
    {"dateline", 0, 0},  {"disclaimer", 0, 1},   {"disclosure", 0, 1},
    {"disqus", 0, 1},    {"empfehlung", 0, 1},   {"follow", 0, 0},
    {"foot", 1, 0},      {"footer", 0, 1},       {"gdpr", 1, 1},
    {"header", 0, 0},    {"hidden", 1, 0},       {"impressum", 0, 1},
    {"imprint", 0, 1},   {"kommentar", 0, 1},    {"legal", 1, 0},
    {"login", 0, 0},     {"masthead", 0, 0},     {"menu", 0, 0},
    {"meta", 1, 0},      {"modal", 0, 1},        {"more", 1, 0},
    {"most", 1, 0},      {"nav", 0, 0},          {"newsletter", 0, 1},
    {"next", 1, 0},      {"outbrain", 0, 1},     {"overlay", 0, 1},
    {"pager", 0, 0},     {"pagination", 0, 0},   {"paging", 0, 0},
    {"partage", 0, 1},   {"popular", 0, 0},      {"popup", 0, 1},
    {"postnav", 0, 0},   {"prev", 1, 0},         {"previous", 0, 0},
    {"print", 1, 0},     {"promo", 0, 0},        {"publicite", 0, 0},
    {"rating", 0, 0},    {"recommend", 0, 1},    {"relacionad", 0, 1},
    {"related", 0, 1},   {"screenreader", 0, 0}, {"search", 0, 0},
    {"share", 0, 1},     {"sharing", 0, 1},      {"shop", 1, 0},
    {"side", 1, 0},      {"sidebar", 0, 1},      {"signup", 0, 1},
    {"skip", 1, 0},      {"social", 0, 1},       {"sponsor", 0, 0},
    {"sr", 1, 0},        {"subscribe", 0, 1},    {"suche", 0, 0},
    {"taboola", 0, 1},   {"tag", 1, 0},          {"tagcloud", 0, 0},
    {"taglist", 0, 0},   {"tags", 1, 0},         {"teaser", 0, 1},
    {"teilen", 0, 1},    {"toolbar", 0, 0},      {"topbar", 0, 0},
    {"trending", 0, 0},  {"verwandt", 0, 1},     {"visually", 0, 0},
    {"weitere", 0, 1},   {"werbung", 0, 0},      {"widget", 0, 0},
    {NULL, 0, 0}};

/* Index of the stem tok begins with (or equals), or -1.  The tables are
 * sorted, so only the stems with tok's first letter are tried. */
static int token_match(const char *tok, size_t len, const stem *list, size_t n)
{
	int first = tolower((unsigned char)tok[0]);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((unsigned char)list[mid].word[0] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n && list[i].word[0] == first; i++) {
		size_t k = strlen(list[i].word);
		if (list[i].whole_token ? len == k : len >= k)
			if (strncasecmp(tok, list[i].word, k) == 0)
				return (int)i;
	}
	return -1;
}

enum {
	N_POSITIVE = sizeof positive_stems / sizeof *positive_stems,
	N_NEGATIVE = sizeof negative_stems / sizeof *negative_stems,
};

typedef struct evidence {
	unsigned char pos[N_POSITIVE], neg[N_NEGATIVE];
	int n_pos, n_neg, n_strong, n_comments; /* distinct stems seen */
} evidence;

static int is_comment_word(const char *word);

/* Each stem counts once however often it recurs: WordPress writes one
 * "tag-..." class per tag on the <article> itself, and thirteen tags do not
 * make an article a tag cloud.  The counts are kept as stems are first
 * seen, so an element costs its tokens, not the size of the tables. */
static void score_tokens(const char *s, evidence *e)
{
	if (!s)
		return;
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		const char *t = s;
		if (!*t)
			break;
		/* camelCase is a word boundary too: "documentContent",
		 * "sharingContainer". */
		do
			s++;
		while (*s && isalnum((unsigned char)*s) &&
		       !(isupper((unsigned char)*s) &&
		         islower((unsigned char)s[-1])));
		size_t len = (size_t)(s - t);
		int i = token_match(t, len, positive_stems, N_POSITIVE - 1);
		if (i >= 0 && !e->pos[i]) {
			e->pos[i] = 1;
			e->n_pos++;
		}
		i = token_match(t, len, negative_stems, N_NEGATIVE - 1);
		if (i >= 0 && !e->neg[i]) {
			e->neg[i] = 1;
			e->n_neg++;
			e->n_strong += negative_stems[i].strong;
			e->n_comments +=
			    is_comment_word(negative_stems[i].word);
		}
	}
}

/* Furniture words that name a comment section: --comments keeps what they
 * hold. */
static const char *const comment_words[] = {"comment", "commentaire", "disqus",
                                            "kommentar", NULL};

static int is_comment_word(const char *word)
{
	for (const char *const *w = comment_words; *w; w++)
		if (!strcmp(word, *w))
			return 1;
	return 0;
}

void rules_class_evidence(const char *class_attr, const char *id_attr, int *pos,
                          int *neg, int *strong, int *comments)
{
	*pos = *neg = *strong = *comments = 0;
	if (!class_attr && !id_attr)
		return; /* most elements */
	evidence e;
	memset(&e, 0, sizeof e);
	score_tokens(class_attr, &e);
	score_tokens(id_attr, &e);
	*pos = e.n_pos;
	*neg = e.n_neg;
	*strong = e.n_strong;
	*comments = e.n_comments;
}

/* Readability's starting scores by tag: paragraph holders gain, list and
 * form wrappers lose. */
int rules_container_tag_weight(const char *name)
{
	static const struct {
		const char *tag;
		int weight;
	} table[] = {
	    {"article", 10}, {"main", 8}, {"div", 5},        {"section", 3},
	    {"pre", 3},      {"td", 3},   {"blockquote", 3}, {"address", -3},
	    {"ol", -3},      {"ul", -3},  {"dl", -3},        {"dd", -3},
	    {"dt", -3},      {"li", -3},  {"form", -3},      {"h1", -5},
	    {"h2", -5},      {"h3", -5},  {"h4", -5},        {"h5", -5},
	    {"h6", -5},      {"th", -5},  {"body", -5},      {"html", -10},
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (!strcasecmp(name, table[i].tag))
			return table[i].weight;
	return 0;
}

/*
 * Calls to action that end articles: follow us, subscribe, download the
 * app, support our work.  Written in text_normalize()'s form (case folded,
 * punctuation as one space); a phrase matches at the start of a word, so
 * "abonnier" finds "abonnieren" and "abonniere".  Only the last few short
 * blocks of an article are checked (extract.c): in the middle of a text
 * these words are ordinary prose.
 */
static const char *const call_to_action_phrases[] = {
    /* English */
    "follow us", "subscribe now", "subscribe to our", "subscribe here",
    "sign up for", "sign up here", "join us", "join our", "download our",
    "apps for ios", "app for ios", "support our work", "supporting our work",
    "support us", "if you enjoyed", "get the latest news",
    /* German */
    "folgen sie uns", "folgt uns", "folge uns", "jetzt abonnieren",
    "newsletter abonnier", "jetzt anmelden", "melde dich", "unterstütze uns",
    "unterstützen sie uns", "unterstütze unser", "abonnieren sie",
    /* Spanish, Portuguese */
    "síguenos", "siguenos", "suscríbete", "suscribete", "suscribirse",
    "hazte miembro", "hazte socio", "únete", "siga nos", "inscreva se",
    "assine o", "assine a",
    /* French, Italian, Dutch, Polish */
    "suivez nous", "abonnez vous", "inscrivez vous", "soutenez nous", "seguici",
    "iscriviti", "abbonati", "volg ons", "abonneer je", "obserwuj nas",
    "zapraszamy do subskrypcji", "zapisz się", NULL};

/* Social networks: a short block naming two of them is a "follow us". */
static const char *const social_networks[] = {
    "facebook", "instagram", "twitter",  "telegram",  "whatsapp",
    "youtube",  "tiktok",    "linkedin", "pinterest", NULL};

int rules_call_to_action(const char *text)
{
	buf_t norm = BUF_INIT;
	buf_addc(&norm, ' ');
	text_normalize(text, strlen(text), &norm);
	buf_addc(&norm, ' ');
	const char *t = buf_cstr(&norm);
	int found = 0;
	char pat[64];
	for (const char *const *p = call_to_action_phrases; *p && !found; p++) {
		snprintf(pat, sizeof pat, " %s", *p);
		found = strstr(t, pat) != NULL;
	}
	int networks = 0;
	for (const char *const *p = social_networks; *p && !found; p++) {
		snprintf(pat, sizeof pat, " %s", *p);
		networks += strstr(t, pat) != NULL;
	}
	buf_free(&norm);
	return found || networks >= 2;
}

/*
 * Credit lines: "Foto: Anita Drenckhahn", "Quelle: dpa", "© Getty Images".
 * They name who made a picture or where a text came from; the words are
 * the label before the colon, in text_normalize()'s form.
 */
static const char *const credit_labels[] = {
    "foto",           "fotos",        "photo",      "photos",    "bild",
    "bilder",         "image",        "imagen",     "credit",    "credits",
    "crédits photos", "crédit photo", "crédito",    "créditos",  "quelle",
    "quellen",        "source",       "fuente",     "titelbild", "beitragsbild",
    "foto credit",    "bildquelle",   "fotocredit", NULL};

int rules_credit_line(const char *text)
{
	if (!strncmp(text, "\xC2\xA9", 2) || !strncasecmp(text, "(c) ", 4))
		return 1;
	const char *colon = strchr(text, ':');
	if (!colon || colon - text > 40)
		return 0;
	buf_t label = BUF_INIT;
	text_normalize(text, (size_t)(colon - text), &label);
	int found = 0;
	for (const char *const *p = credit_labels; *p && !found; p++)
		found = !strcmp(buf_cstr(&label), *p);
	buf_free(&label);
	return found;
}

/* ---- block kinds ----------------------------------------------------------
 */

/* The element that holds a block's text, and what the block is.  Elements
 * not listed (div, section, article, td, br-separated text) hold
 * paragraphs.  Sorted by name (bsearch). */
static const struct {
	const char *name;
	int kind;
} kind_table[] = {
    {"blockquote", KIND_QUOTE},   {"caption", KIND_CAPTION},
    {"dd", KIND_DESCRIPTION},     {"dt", KIND_TERM},
    {"figcaption", KIND_CAPTION}, {"h1", KIND_HEADING},
    {"h2", KIND_HEADING},         {"h3", KIND_HEADING},
    {"h4", KIND_HEADING},         {"h5", KIND_HEADING},
    {"h6", KIND_HEADING},         {"li", KIND_LIST_ITEM},
    {"pre", KIND_CODE},           {"tr", KIND_TABLE_ROW},
};

static const char *const kind_names[KIND__COUNT] = {
    [KIND_PARAGRAPH] = "paragraph",     [KIND_HEADING] = "heading",
    [KIND_LIST_ITEM] = "list_item",     [KIND_CODE] = "code",
    [KIND_TABLE_ROW] = "table_row",     [KIND_QUOTE] = "quote",
    [KIND_CAPTION] = "caption",         [KIND_TERM] = "term",
    [KIND_DESCRIPTION] = "description",
};

const char *block_kind_name(int kind)
{
	return kind >= 0 && kind < KIND__COUNT ? kind_names[kind] : "paragraph";
}

static int by_kind_name(const void *key, const void *row)
{
	return strcasecmp(key, *(const char *const *)row);
}

int rules_block_kind(const char *name, int *level)
{
	*level = 0;
	const void *row =
	    bsearch(name, kind_table, sizeof kind_table / sizeof *kind_table,
	            sizeof *kind_table, by_kind_name);
	if (!row)
		return KIND_PARAGRAPH;
	size_t i = (size_t)((const char *)row - (const char *)kind_table) /
	           sizeof *kind_table;
	int kind = kind_table[i].kind;
	if (kind == KIND_HEADING)
		*level = name[1] - '0';
	return kind;
}

/* Permalinks inside headings, as documentation generators write them:
 * Sphinx's <a class="headerlink" title="Permalink to this headline">¶</a>,
 * MkDocs' and Docusaurus' "headerlink"/"hash-link" "#", GitHub's and
 * markdown-it's "anchor", "heading-anchor" and "permalink" links, rustdoc's
 * "anchor" "§".  They are furniture: a heading's text is its words. */
static const char *const heading_link_classes[] = {
    "headerlink",  "header-anchor", "heading-anchor", "hash-link",
    "anchor",      "anchorjs-link", "permalink",      "anchor-link",
    "direct-link", "heading-link",
};

/* The texts such a link shows when its class says nothing. */
static const char *const heading_link_texts[] = {
    "\xC2\xB6", /* ¶ */
    "#",
    "\xC2\xA7",         /* § */
    "\xF0\x9F\x94\x97", /* 🔗 */
    "\xE2\x9A\x93",     /* ⚓ */
    "\xF0\x9F\x93\x8E", /* 📎 */
    "Permalink to this headline",
    "Permalink to this heading",
    "Link to this heading",
    "Permalink",
};

int rules_has_class(const char *class_attr, const char *word)
{
	if (!class_attr)
		return 0;
	size_t wl = strlen(word);
	for (const char *s = class_attr; *s;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		const char *t = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		if ((size_t)(s - t) == wl && !strncasecmp(t, word, wl))
			return 1;
	}
	return 0;
}

int rules_heading_furniture(const char *class_attr, const char *title_attr,
                            const char *text)
{
	for (size_t i = 0; class_attr && i < sizeof heading_link_classes /
	                                         sizeof *heading_link_classes;
	     i++)
		if (rules_has_class(class_attr, heading_link_classes[i]))
			return 1;
	if (title_attr && !strncasecmp(title_attr, "permalink", 9))
		return 1;
	if (!text)
		return 0;
	while (*text == ' ' || *text == '\n' || *text == '\t')
		text++;
	size_t n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\n' ||
	             text[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 0;
	for (size_t i = 0;
	     i < sizeof heading_link_texts / sizeof *heading_link_texts; i++)
		if (strlen(heading_link_texts[i]) == n &&
		    !strncasecmp(text, heading_link_texts[i], n))
			return 1;
	return 0;
}

/* ---- links that are names in code ------------------------------------------
 */

/* Is the token t[0..n) a name in code: it holds "_", "::", "->", "()", a
 * "." or "#" between letters (g_list_append, FLAC::Metadata, Map.Entry,
 * assertEquals(), foo->bar), or a lower-case letter followed by a capital
 * (assertEquals, GDBusMenuModel)? */
static int code_token(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		unsigned char d = i + 1 < n ? (unsigned char)t[i + 1] : 0;
		if (c == '_' || c == '(' || (c == ':' && d == ':') ||
		    (c == '-' && d == '>'))
			return 1;
		if ((c == '.' || c == '#') && i > 0 &&
		    isalpha((unsigned char)t[i - 1]) && isalpha(d))
			return 1;
		if (islower(c) && isupper(d))
			return 1;
	}
	return 0;
}

/* API reference pages link every name (a function's type, its name, the
 * classes it inherits): inside the main content such a block is the
 * reference itself, not navigation.  A block reads as code names when at
 * least RULES_CODE_TOKEN_SHARE of its words are (menus and teasers are
 * words: "Next chapter", "Home About"). */
#define RULES_CODE_TOKEN_SHARE 0.5

int rules_code_names(const char *text)
{
	size_t tokens = 0, code = 0;
	for (const char *p = text; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		const char *t = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != ',')
			p++;
		if (p > t) {
			tokens++;
			code += code_token(t, (size_t)(p - t));
		}
	}
	return tokens &&
	       (double)code >= RULES_CODE_TOKEN_SHARE * (double)tokens;
}

/* ---- notes of the text -----------------------------------------------------
 */

/* HTML5 puts footnotes in <aside> (Sphinx: aside.footnote-list, Pandoc:
 * aside.footnotes), whose tag says page furniture.  Footnotes, endnotes
 * and citations are the text's own: class words that say so. */
static const char *const notes_classes[] = {
    "footnote", "footnotes", "footnote-list", "endnotes", "citation",
};

int rules_notes_class(const char *class_attr)
{
	if (!class_attr)
		return 0;
	for (size_t i = 0; i < sizeof notes_classes / sizeof *notes_classes;
	     i++)
		if (rules_has_class(class_attr, notes_classes[i]))
			return 1;
	return 0;
}
