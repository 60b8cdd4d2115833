/*
 * http_server.c - a tiny loopback HTTP/1.1 server for the fetch tests.
 *
 * It binds 127.0.0.1 on a port the kernel picks, prints that port as the
 * first line of stdout, and serves until it is killed or gets GET /quit.
 * One thread, one poll() loop, non-blocking sockets: a route that answers
 * late (or never) keeps its connection parked with a deadline while the
 * others are served, so a client timeout can be tested without stalling
 * the rest.  Every response carries "Connection: close" and the socket is
 * closed as soon as the last byte is written, which makes the number of
 * open connections an exact measure of the client's parallelism.
 *
 * Routes (bodies are fixed so tests can compare them byte for byte):
 *   /page.html   200 text/html, PAGE_HTML
 *   /gz.html     200 text/html, GZ_HTML gzip-compressed with zlib,
 *                Content-Encoding: gzip
 *   /chunked     200 text/plain, Transfer-Encoding: chunked, CHUNKED_RAW
 *   /echo        200 text/plain, the request header block as received
 *   /redirect    302 to /page.html
 *   /loop        302 to /loop (a redirect loop)
 *   /to-file     302 to file:///etc/passwd (must never be followed)
 *   /404 and any unknown path: 404 text/plain
 *   /big         200 application/octet-stream, BIG_LEN bytes of 'x'
 *   /slow        never answers (the client has to time out)
 *   /c/ANYTHING  200 after C_DELAY seconds; counted in the "max_c" gauge
 *   /stats       "max_c N\n": most /c/ requests open at once, then resets
 *   /quit        200, then the server exits
 *
 * A safety alarm ends the process after LIFETIME seconds in case the test
 * that started it died without killing it.  Later fault routes (resets,
 * bad chunking, slow drip) go in the route table below.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, MSG_NOSIGNAL */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PAGE_HTML                                                              \
	"<!DOCTYPE html>\n<html><head><title>Test page</title></head>\n"       \
	"<body><p>Hello from the test server.</p></body></html>\n"
#define GZ_HTML                                                                \
	"<!DOCTYPE html>\n<html><head><title>Compressed</title></head>\n"      \
	"<body><p>This page travels gzip-compressed.</p></body></html>\n"
#define CHUNKED_RAW "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"

enum {
	MAX_CONN = 64,     /* connections served at once */
	MAX_REQ = 16384,   /* request header block cap */
	BIG_LEN = 2 << 20, /* /big: 2 MiB */
	LIFETIME = 120,    /* seconds before the safety alarm fires */
	C_DELAY_MS = 300,  /* /c/ answers this late, so transfers overlap
	                      even on a loaded machine */
	NEVER_MS = -1,     /* deadline of /slow */
};

typedef struct conn {
	int fd;
	char req[MAX_REQ];
	size_t req_len;
	int answered; /* the request is complete and out is set */
	char *out;
	size_t out_len, out_off;
	long long ready_at; /* ms; NEVER_MS for never, 0 for now */
	int counted;        /* part of the /c/ gauge */
} conn;

static conn conns[MAX_CONN];
static int n_c_open, max_c_open, quitting;
static unsigned char *gz_body;
static size_t gz_len;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *xalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		perror("http_server");
		exit(1);
	}
	return p;
}

/* Sets c->out to a whole response: status line, headers, body. */
static void respond(conn *c, const char *status, const char *headers,
                    const void *body, size_t len)
{
	char head[1024];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 %s\r\nServer: cqa-test\r\n%s"
	                 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
	                 status, headers, len);
	c->out = xalloc((size_t)n + len);
	memcpy(c->out, head, (size_t)n);
	memcpy(c->out + n, body, len);
	c->out_len = (size_t)n + len;
}

static void redirect(conn *c, const char *to)
{
	char h[256];
	snprintf(h, sizeof h, "Location: %s\r\nContent-Type: text/plain\r\n",
	         to);
	respond(c, "302 Found", h, "moved\n", 6);
}

static void route(conn *c, const char *path)
{
	const char *html = "Content-Type: text/html; charset=utf-8\r\n";
	const char *text = "Content-Type: text/plain\r\n";
	if (!strcmp(path, "/page.html")) {
		respond(c, "200 OK", html, PAGE_HTML, strlen(PAGE_HTML));
	} else if (!strcmp(path, "/gz.html")) {
		respond(c, "200 OK",
		        "Content-Type: text/html; charset=utf-8\r\n"
		        "Content-Encoding: gzip\r\n",
		        gz_body, gz_len);
	} else if (!strcmp(path, "/chunked")) {
		/* No Content-Length: the chunks delimit the body. */
		static const char r[] =
		    "HTTP/1.1 200 OK\r\nServer: cqa-test\r\n"
		    "Content-Type: text/plain\r\n"
		    "Transfer-Encoding: chunked\r\n"
		    "Connection: close\r\n\r\n" CHUNKED_RAW;
		c->out = xalloc(sizeof r);
		memcpy(c->out, r, sizeof r - 1);
		c->out_len = sizeof r - 1;
	} else if (!strcmp(path, "/echo")) {
		respond(c, "200 OK", text, c->req, c->req_len);
	} else if (!strcmp(path, "/redirect")) {
		redirect(c, "/page.html");
	} else if (!strcmp(path, "/loop")) {
		redirect(c, "/loop");
	} else if (!strcmp(path, "/to-file")) {
		redirect(c, "file:///etc/passwd");
	} else if (!strcmp(path, "/big")) {
		char *big = xalloc(BIG_LEN);
		memset(big, 'x', BIG_LEN);
		respond(c, "200 OK",
		        "Content-Type: application/octet-stream\r\n", big,
		        BIG_LEN);
		free(big);
	} else if (!strcmp(path, "/slow")) {
		c->ready_at = NEVER_MS;
	} else if (!strncmp(path, "/c/", 3)) {
		respond(c, "200 OK", text, "c\n", 2);
		c->ready_at = now_ms() + C_DELAY_MS;
		c->counted = 1;
		if (++n_c_open > max_c_open)
			max_c_open = n_c_open;
	} else if (!strcmp(path, "/stats")) {
		char s[64];
		int n = snprintf(s, sizeof s, "max_c %d\n", max_c_open);
		max_c_open = n_c_open;
		respond(c, "200 OK", text, s, (size_t)n);
	} else if (!strcmp(path, "/quit")) {
		respond(c, "200 OK", text, "bye\n", 4);
		quitting = 1;
	} else {
		respond(c, "404 Not Found", text, "not found\n", 10);
	}
}

static void close_conn(conn *c)
{
	close(c->fd);
	free(c->out);
	if (c->counted)
		n_c_open--;
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

/* Reads what is there; answers once the header block is complete. */
static void on_read(conn *c)
{
	char tmp[4096];
	ssize_t n = recv(c->fd, tmp, sizeof tmp, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		close_conn(c); /* the client went away */
		return;
	}
	if (n < 0 || c->answered)
		return; /* anything after the request is ignored */
	size_t take = (size_t)n;
	if (take > MAX_REQ - 1 - c->req_len)
		take = MAX_REQ - 1 - c->req_len;
	memcpy(c->req + c->req_len, tmp, take);
	c->req_len += take;
	c->req[c->req_len] = '\0';
	if (!strstr(c->req, "\r\n\r\n") && c->req_len < MAX_REQ - 1)
		return;
	char path[1024] = "";
	if (sscanf(c->req, "%*s %1023s", path) != 1)
		strcpy(path, "/");
	c->answered = 1;
	route(c, path);
}

static void on_write(conn *c)
{
	ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
	                 MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		close_conn(c); /* the client hung up mid-response (/big) */
		return;
	}
	c->out_off += (size_t)n;
	if (c->out_off == c->out_len)
		close_conn(c);
}

static int listen_loopback(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) ||
	    listen(fd, 64) || getsockname(fd, (struct sockaddr *)&a, &alen)) {
		perror("http_server: listen");
		exit(1);
	}
	printf("%d\n", ntohs(a.sin_port));
	fflush(stdout);
	return fd;
}

static void make_gz_body(void)
{
	z_stream z = {0};
	/* 15 + 16: zlib writes a gzip wrapper instead of a zlib one. */
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY))
		exit(1);
	gz_len = deflateBound(&z, strlen(GZ_HTML)) + 32;
	gz_body = xalloc(gz_len);
	z.next_in = (unsigned char *)GZ_HTML;
	z.avail_in = (unsigned)strlen(GZ_HTML);
	z.next_out = gz_body;
	z.avail_out = (unsigned)gz_len;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(1);
	gz_len = z.total_out;
	deflateEnd(&z);
}

int main(void)
{
	alarm(LIFETIME);
	make_gz_body();
	for (int i = 0; i < MAX_CONN; i++)
		conns[i].fd = -1;
	int lfd = listen_loopback();

	for (;;) {
		struct pollfd pf[MAX_CONN + 1];
		int idx[MAX_CONN + 1], np = 0, open = 0;
		long long now = now_ms(), wait = -1;
		for (int i = 0; i < MAX_CONN; i++) {
			conn *c = &conns[i];
			if (c->fd < 0)
				continue;
			open++;
			short ev =
			    POLLIN; /* also notices a client hanging up */
			if (c->answered && c->ready_at != NEVER_MS) {
				long long d = c->ready_at - now;
				if (d <= 0)
					ev |= POLLOUT;
				else if (wait < 0 || d < wait)
					wait = d;
			}
			pf[np] = (struct pollfd){c->fd, ev, 0};
			idx[np++] = i;
		}
		if (quitting && open == 0)
			return 0;
		if (open < MAX_CONN && !quitting) {
			pf[np] = (struct pollfd){lfd, POLLIN, 0};
			idx[np++] = -1;
		}
		if (poll(pf, (nfds_t)np, (int)wait) < 0 && errno != EINTR)
			return 1;
		for (int k = 0; k < np; k++) {
			if (idx[k] < 0) {
				if (!(pf[k].revents & POLLIN))
					continue;
				int fd =
				    accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
				for (int i = 0; fd >= 0 && i < MAX_CONN; i++) {
					if (conns[i].fd < 0) {
						conns[i].fd = fd;
						fd = -1;
					}
				}
				if (fd >= 0)
					close(fd);
				continue;
			}
			conn *c = &conns[idx[k]];
			if (pf[k].revents & (POLLIN | POLLHUP | POLLERR))
				on_read(c);
			if (c->fd >= 0 && (pf[k].revents & POLLOUT))
				on_write(c);
		}
	}
}
