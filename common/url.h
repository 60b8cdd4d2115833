/*
 * url.h - small URL helpers shared by the stages.
 */
#ifndef CQA_URL_H
#define CQA_URL_H

#include "buf.h"

/* Appends file:///absolute/path for a local path (made absolute and
 * resolved when it exists), percent-encoding bytes a URL cannot hold. */
void url_from_path(const char *path, buf_t *out);

/* 1 if s starts with a scheme cqa fetches: http://, https:// or file://. */
int url_has_fetch_scheme(const char *s);

#endif
