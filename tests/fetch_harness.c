/*
 * fetch_harness.c - the server and the readers of fetch_harness.h.
 *
 * The port line is read byte by byte from a pipe under poll(), so that the
 * deadline holds however the server fails: not at all (exec fails, the pipe
 * closes), or not yet (it hangs before printing).  The CSV parser is a
 * single pass over the text with one cell buffer; a quote opens a quoted
 * cell only at the start of a cell, as RFC 4180 has it.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fetch_harness.h"

/* --- the server ---------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* tests/http_server: from the build, or next to this program. */
static void server_path(char *out, size_t len)
{
#ifdef CQA_HTTP_SERVER
	snprintf(out, len, "%s", CQA_HTTP_SERVER);
#else
	ssize_t n = readlink("/proc/self/exe", out, len - 1);
	out[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(out, '/');
	if (slash && (size_t)(slash - out) + sizeof "/http_server" <= len)
		strcpy(slash, "/http_server");
#endif
}

/* The number on the first line fd yields within timeout_ms, or 0 (no
 * line in time, end of file first, or no number). */
static int read_port_line(int fd, long long timeout_ms)
{
	char line[32];
	size_t n = 0;
	long long deadline = now_ms() + timeout_ms;
	while (n < sizeof line - 1) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return 0;
		ssize_t k = read(fd, line + n, 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return atoi(line);
}

pid_t harness_start_server(const char *mode, int *port, char *base,
                           size_t base_len)
{
	char path[PATH_MAX];
	server_path(path, sizeof path);
	int p[2];
	if (access(path, X_OK) || pipe(p)) {
		fprintf(stderr, "cannot run %s\n", path);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(path, "http_server", mode, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	int got = read_port_line(p[0], HARNESS_SERVER_START_MS);
	close(p[0]);
	if (got <= 0) {
		fprintf(stderr, "%s %s: no port within %d ms\n", path,
		        mode ? mode : "", HARNESS_SERVER_START_MS);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	if (port)
		*port = got;
	snprintf(base, base_len, "http://127.0.0.1:%d", got);
	return pid;
}

void harness_stop_server(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}

void harness_server_get(int port, const char *path, buf_t *body)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	char req[512];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n",
	                 path);
	assert_true(n > 0 && (size_t)n < sizeof req);
	assert_int_equal(send(fd, req, (size_t)n, 0), n);
	buf_t b = BUF_INIT;
	char tmp[4096];
	ssize_t k;
	while ((k = recv(fd, tmp, sizeof tmp, 0)) > 0)
		buf_add(&b, tmp, (size_t)k);
	close(fd);
	const char *p = strstr(buf_cstr(&b), "\r\n\r\n");
	assert_non_null(p);
	buf_reset(body);
	buf_adds(body, p + 4);
	buf_free(&b);
}

/* --- files --------------------------------------------------------------- */

int harness_make_dir(const char *prefix, char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, len, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
	if (mkdtemp(dir))
		return 0;
	fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
	return -1;
}

void harness_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	buf_t path = BUF_INIT;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s", dir, e->d_name);
			unlink(buf_cstr(&path));
		}
	buf_free(&path);
	closedir(d);
	rmdir(dir);
}

char *harness_slurp(FILE *f, size_t *len)
{
	buf_t b = BUF_INIT;
	char tmp[1 << 16];
	size_t n;
	rewind(f);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	buf_addc(&b, '\0');
	b.len--;
	return buf_detach(&b, len);
}

char *harness_slurp_path(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = harness_slurp(f, len);
	fclose(f);
	return data;
}

/* --- crawl.csv ----------------------------------------------------------- */

size_t harness_parse_csv(const char *s, harness_csv_row **rows_out)
{
	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	harness_csv_row *rows = NULL;
	size_t n = 0, col = 0;
	buf_t cell = BUF_INIT;
	int quoted = 0;
	for (;; s++) {
		if (quoted) {
			if (*s == '"' && s[1] == '"') {
				buf_addc(&cell, '"');
				s++;
			} else if (*s == '"') {
				quoted = 0;
			} else if (*s) {
				buf_addc(&cell, *s);
			}
			if (*s)
				continue;
		}
		if (*s == '"' && cell.len == 0) {
			quoted = 1;
			continue;
		}
		if (*s && *s != ',' && *s != '\r' && *s != '\n') {
			buf_addc(&cell, *s);
			continue;
		}
		if (!*s && col == 0 && cell.len == 0)
			break; /* end after the last CRLF */
		if (col == 0) {
			rows = xrealloc(rows, (n + 1) * sizeof *rows);
			memset(&rows[n++], 0, sizeof *rows);
		}
		if (col < HARNESS_CSV_COLS)
			rows[n - 1].cell[col] = xstrdup(buf_cstr(&cell));
		col++;
		buf_reset(&cell);
		if (*s == ',')
			continue;
		col = 0;
		if (*s == '\r' && s[1] == '\n')
			s++;
		if (!*s)
			break;
	}
	buf_free(&cell);
	*rows_out = rows;
	return n;
}

void harness_free_csv(harness_csv_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		for (int k = 0; k < HARNESS_CSV_COLS; k++)
			free(rows[i].cell[k]);
	free(rows);
}

int harness_read_crawl_log(FILE *f, harness_crawl_log *log)
{
	size_t len;
	char *text = harness_slurp(f, &len);
	harness_csv_row *all;
	size_t n = harness_parse_csv(text, &all);
	free(text);
	memset(log, 0, sizeof *log);
	if (n < 1)
		return -1;
	log->all = all;
	log->header = all[0].cell;
	log->rows = all + 1;
	log->n_rows = n - 1;
	return 0;
}

void harness_crawl_log_free(harness_crawl_log *log)
{
	if (log->all)
		harness_free_csv(log->all, log->n_rows + 1);
	memset(log, 0, sizeof *log);
}

int harness_crawl_log_col(const harness_crawl_log *log, const char *name)
{
	for (int i = 0; i < HARNESS_CSV_COLS; i++)
		if (log->header[i] && !strcmp(log->header[i], name))
			return i;
	fail_msg("crawl.csv has no column %s", name);
	return -1;
}

long harness_crawl_log_row(const harness_crawl_log *log, const char *url)
{
	for (size_t i = 0; i < log->n_rows; i++)
		if (!strcmp(log->rows[i].cell[0], url))
			return (long)i;
	return -1;
}

/* --- the WARC ------------------------------------------------------------ */

void harness_read_warc(FILE *f, const char *name, warc_record **recs, size_t *n)
{
	rewind(f);
	cqa_error err;
	warc_reader *rd = warc_reader_open(f, name, 0);
	assert_non_null(rd);
	warc_record r;
	int rc;
	*recs = NULL;
	*n = 0;
	while ((rc = warc_reader_next(rd, &r, &err)) == 1) {
		*recs = xrealloc(*recs, (*n + 1) * sizeof **recs);
		(*recs)[(*n)++] = r;
	}
	if (rc < 0)
		fail_msg("reading the WARC back: %s", err.msg);
	warc_reader_close(rd);
}

void harness_free_warc(warc_record *recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		warc_record_free(&recs[i]);
	free(recs);
}

const char *harness_record_type(const warc_record *r)
{
	const char *t = warc_record_get(r, "WARC-Type");
	return t ? t : "";
}

const warc_record *harness_record_by_id(const warc_record *recs, size_t n,
                                        const char *id)
{
	for (size_t i = 0; id && i < n; i++) {
		const char *r = warc_record_get(&recs[i], "WARC-Record-ID");
		if (r && !strcmp(r, id))
			return &recs[i];
	}
	return NULL;
}

const warc_record *harness_find_record(const warc_record *recs, size_t n,
                                       const char *type, const char *url,
                                       int nth)
{
	for (size_t i = 0; i < n; i++) {
		const char *t = warc_record_get(&recs[i], "WARC-Target-URI");
		if (!strcmp(harness_record_type(&recs[i]), type) && t &&
		    !strcmp(t, url) && nth-- == 0)
			return &recs[i];
	}
	return NULL;
}

size_t harness_count_records(const warc_record *recs, size_t n,
                             const char *type, const char *url)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = warc_record_get(&recs[i], "WARC-Target-URI");
		count += !strcmp(harness_record_type(&recs[i]), type) && t &&
		         !strcmp(t, url);
	}
	return count;
}

const unsigned char *harness_http_body(const warc_record *r, size_t *len)
{
	const char *e = memmem(r->block, r->block_len, "\r\n\r\n", 4);
	assert_non_null(e);
	size_t off = (size_t)(e + 4 - (const char *)r->block);
	*len = r->block_len - off;
	return r->block + off;
}
