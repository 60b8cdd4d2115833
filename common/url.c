/*
 * url.c - small URL helpers; see url.h.
 */
#include "url.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* RFC 3986 unreserved characters, sub-delims, ':' '@' and '/'. */
static const char path_safe[] = "/-._~!$&'()*+,;=:@";

void url_from_path(const char *path, buf_t *out)
{
	char resolved[PATH_MAX];
	const char *abs = realpath(path, resolved) ? resolved : path;
	buf_adds(out, "file://");
	for (const unsigned char *c = (const unsigned char *)abs; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr(path_safe, *c))
			buf_addc(out, (char)*c);
		else
			buf_printf(out, "%%%02X", *c);
	}
}

int url_has_fetch_scheme(const char *s)
{
	return !strncasecmp(s, "http://", 7) ||
	       !strncasecmp(s, "https://", 8) || !strncasecmp(s, "file://", 7);
}
