/*
 * error.c - error codes, their strings and exit statuses; see error.h.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static const struct {
	const char *text;
	int exit_status;
} code_table[CQA_ERR__COUNT] = {
    [CQA_OK] = {"no error", CQA_EXIT_OK},
    [CQA_ERR_USAGE] = {"usage error", CQA_EXIT_USAGE},
    [CQA_ERR_IO] = {"input/output error", CQA_EXIT_INPUT},
    [CQA_ERR_FORMAT] = {"malformed input", CQA_EXIT_INPUT},
    [CQA_ERR_NETWORK] = {"network error", CQA_EXIT_NETWORK},
    [CQA_ERR_LIMIT] = {"size limit exceeded", CQA_EXIT_INPUT},
    [CQA_ERR_INTERNAL] = {"internal error", CQA_EXIT_INTERNAL},
    [CQA_ERR_BUSY] = {"in use by another run", CQA_EXIT_BUSY},
};

const char *cqa_strerror(cqa_code code)
{
	if ((unsigned)code >= CQA_ERR__COUNT)
		return "unknown error";
	return code_table[code].text;
}

int cqa_exit_status(cqa_code code)
{
	if ((unsigned)code >= CQA_ERR__COUNT)
		return CQA_EXIT_INTERNAL;
	return code_table[code].exit_status;
}

cqa_code cqa_fail(cqa_error *err, cqa_code code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void cqa_error_clear(cqa_error *err)
{
	if (!err)
		return;
	err->code = CQA_OK;
	err->msg[0] = '\0';
}

noreturn void cqa_die(const char *prog, cqa_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(cqa_exit_status(code));
}

noreturn void cqa_die_error(const char *prog, const cqa_error *err)
{
	cqa_die(prog, err->code, "%s",
	        err->msg[0] ? err->msg : cqa_strerror(err->code));
}
