/*
 * titles.h - a page's own title, told from its site's name by the audit.
 *
 * A page's <title> is often its own title joined to the site's or the
 * manual's name: "FLAC: format.h File Reference", "Numbers (Lexical
 * Analysis With Flex)".  cqa-parse, seeing one page, cuts the name off only
 * where the page's heading shows which part is which.  An audit sees every
 * page of the site, and the site's name is the part that is the same on
 * most of them: the first or last part of the title (between the
 * separators of TITLE_SEPARATORS in titles.c) that at least
 * TITLE_SITE_SHARE of a host's titles in parts, and TITLE_SITE_MIN_PAGES
 * of them, begin or end with.  The own title is the rest.
 *
 * Usage: titles_add() each page's URL and title in page order,
 * titles_finish(), then titles_own() of page i.
 */
#ifndef CQA_ANALYZE_TITLES_H
#define CQA_ANALYZE_TITLES_H

#include <stddef.h>

typedef struct titles titles;

titles *titles_new(void);
void titles_free(titles *t);

/* Records page number titles_count() (the next): its URL (the host groups
 * pages) and its title (NULL: none). */
void titles_add(titles *t, const char *url, const char *title);
size_t titles_count(const titles *t);

/* Finds each host's repeated first and last title parts. */
void titles_finish(titles *t);

/* Page i's title without its site's parts: a pointer into the title and
 * its length (NULL when the page has no title); *site and *site_len get
 * the part cut off (the first if both ends were; NULL when nothing was). */
const char *titles_own(const titles *t, size_t i, size_t *len,
                       const char **site, size_t *site_len);

#endif
