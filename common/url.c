/*
 * url.c - small URL helpers; see url.h.
 */
#include "url.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Unreserved characters and '/'; everything else is percent-encoded, which
 * is always safe in a path even where RFC 3986 would allow the byte. */
static const char path_safe[] = "/-._~";

void url_from_path(const char *path, buf_t *out)
{
	char resolved[PATH_MAX];
	buf_t abs = BUF_INIT;
	if (realpath(path, resolved)) {
		buf_adds(&abs, resolved);
	} else {
		/* A path that does not exist (yet) is still made absolute, so
		 * the URL means the same from any directory. */
		char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
		if (cwd) {
			buf_adds(&abs, cwd);
			if (abs.len && abs.data[abs.len - 1] != '/')
				buf_addc(&abs, '/');
			free(cwd);
		}
		buf_adds(&abs, path);
	}
	buf_adds(out, "file://");
	for (const unsigned char *c = (const unsigned char *)abs.data; *c;
	     c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr(path_safe, *c))
			buf_addc(out, (char)*c);
		else
			buf_printf(out, "%%%02X", *c);
	}
	buf_free(&abs);
}

int url_has_fetch_scheme(const char *s)
{
	return !strncasecmp(s, "http://", 7) ||
	       !strncasecmp(s, "https://", 8) || !strncasecmp(s, "file://", 7);
}
