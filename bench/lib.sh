# shellcheck shell=bash
#
# lib.sh - what the shell benchmarks share: installing the Debian packages
# they need, and a private nginx on 127.0.0.1.  Sourced, never run.
#
# bench_install NAME PKG...   installs the missing packages with apt-get
#                             (as root, or with sudo that needs no
#                             password); returns 1, having printed the
#                             apt-get command, when it cannot.  NAME
#                             prefixes the messages.
# bench_skip NAME WHY         prints "NAME: WHY; skipped" and exits 0: a
#                             benchmark that cannot run never fails a
#                             build.
# bench_find_nginx            prints nginx's path, or nothing.
# bench_start_nginx DIR ROOT [CONF]
#                             starts nginx with everything (config, pid,
#                             logs, temp paths) under DIR, serving ROOT on
#                             a free port of 127.0.0.1, CONF added to its
#                             server block; sets BENCH_PORT and returns 0,
#                             or returns 1 with the log's tail printed.
# bench_start_nginx_tls DIR ROOT CERTDIR [CONF]
#                             the same over TLS with HTTP/2 (ALPN h2, and
#                             HTTP/1.1 for clients that do not offer h2),
#                             presenting CERTDIR/server.pem and
#                             CERTDIR/server.key as bench_make_certs made
#                             them; the URLs are https://127.0.0.1:PORT.
# bench_stop_nginx DIR        stops the nginx started under DIR.
# bench_protocols LOG WIDTH   prints, from an nginx access log in combined
#                             format, the requests of each client (its
#                             User-Agent product) by protocol, one line a
#                             client, its name padded to WIDTH.
# bench_make_certs DIR        makes a throwaway CA and a server certificate
#                             for localhost and 127.0.0.1 in DIR (made if
#                             missing): ca.pem (give it to the clients:
#                             --cacert, --ca-certificate), server.pem and
#                             server.key (for nginx), with what
#                             tests/tls_server.sh certs leaves beside them;
#                             returns 0, or 1 with its messages printed.
#
# A package's postinst must not start a system nginx: while installing, a
# policy-rc.d answering 101 tells invoke-rc.d and deb-systemd-invoke to
# leave services alone.  Only a policy-rc.d created here is removed again.

bench_skip() {
	echo "$1: $2; skipped"
	exit 0
}

bench_find_nginx() {
	command -v nginx 2>/dev/null && return
	[[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx
}

bench_install() {
	local name=$1
	shift
	(($#)) || return 0
	local sudo=()
	if ((EUID != 0)); then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo=(sudo -n)
		else
			echo "$name needs these Debian packages: $*"
			echo "Install them as root with:"
			echo "  apt-get install -y --no-install-recommends $*"
			return 1
		fi
	fi
	echo "Installing: $*"
	local made_policy=0
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null &&
			"${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d && made_policy=1
	fi
	local apt=(env DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends)
	# Old package lists may not know a package: update once and retry;
	# nginx-light is a flavour some releases dropped, so nginx is next.
	local rc=0
	"${apt[@]}" "$@" >/dev/null 2>&1 ||
		{ "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 && "${apt[@]}" "$@" >/dev/null 2>&1; } ||
		"${apt[@]}" "${@/nginx-light/nginx}" >/dev/null 2>&1 || rc=1
	((made_policy)) && "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
	if ((rc)); then
		echo "$name: installing $* failed; install them with:"
		echo "  apt-get install -y --no-install-recommends $*"
	fi
	return $rc
}

bench_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

bench_start_nginx() { _bench_nginx "$1" "$2" "${3:-}" ""; }
bench_start_nginx_tls() { _bench_nginx "$1" "$2" "${4:-}" "$3"; }

# _bench_nginx DIR ROOT CONF CERTDIR: CERTDIR empty for plain http.  The
# plain configuration is the same, byte for byte, as before TLS existed:
# the TLS lines are spliced in only when there is a CERTDIR.
_bench_nginx() {
	local p=$1 root=$2 extra=$3 certs=$4 nginx user_line='' try
	local ssl='' tls=''
	if [[ -n $certs ]]; then
		certs=$(cd "$certs" 2>/dev/null && pwd) ||
			{ echo "no certificate directory $4"; return 1; }
		[[ -r $certs/server.pem && -r $certs/server.key ]] ||
			{ echo "no server.pem and server.key in $certs"; return 1; }
		# nginx 1.22 (Debian 12) has no "http2 on;": it is a listen
		# parameter there (still accepted, with a warning, from 1.25.1).
		ssl=" ssl http2"
		tls="ssl_certificate $certs/server.pem;
		ssl_certificate_key $certs/server.key;
		ssl_session_cache shared:bench_tls:1m;
		"
	fi
	nginx=$(bench_find_nginx)
	[[ -n $nginx ]] || { echo "nginx is not installed"; return 1; }
	mkdir -p "$p"
	# As root, nginx drops its workers to an unprivileged user, which
	# must be able to read what it serves.
	if ((EUID == 0)); then
		user_line="user nobody $(id -gn nobody 2>/dev/null || echo nogroup);"
	fi
	BENCH_PORT=
	for _ in {1..20}; do
		try=$((20000 + RANDOM % 40000))
		bench_port_free "$try" || continue
		cat >"$p/nginx.conf" <<EOF
# Written by a cqa benchmark; everything lives under $p.
$user_line
worker_processes 1;
pid $p/nginx.pid;
error_log $p/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	gzip off;
	open_file_cache max=10000 inactive=60s;
	client_body_temp_path $p/client_body;
	proxy_temp_path $p/proxy;
	fastcgi_temp_path $p/fastcgi;
	uwsgi_temp_path $p/uwsgi;
	scgi_temp_path $p/scgi;
	types {
		text/html html htm; text/plain txt; text/css css;
		application/javascript js; image/png png; image/svg+xml svg;
	}
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$try$ssl;
		server_name localhost;
		${tls}root $root;
		$extra
	}
}
EOF
		# -e: the compiled-in error log under /var/log is never opened.
		if "$nginx" -p "$p/" -e "$p/error.log" -c "$p/nginx.conf" 2>>"$p/start.log"; then
			BENCH_PORT=$try
			break
		fi
	done
	if [[ -z $BENCH_PORT ]]; then
		echo "nginx did not start:"
		cat "$p/start.log" "$p/error.log" 2>/dev/null | tail -5
		return 1
	fi
	for _ in {1..50}; do
		[[ -s $p/nginx.pid ]] && ! bench_port_free "$BENCH_PORT" && return 0
		sleep 0.1
	done
	return 0
}

bench_stop_nginx() {
	local pid
	[[ -s $1/nginx.pid ]] || return 0
	pid=$(<"$1/nginx.pid")
	kill -TERM "$pid" 2>/dev/null
	for _ in {1..50}; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
}

# The CA and the server certificate: tests/tls_server.sh makes them (its
# "good" certificate: localhost and 127.0.0.1, from a CA new every time,
# whose key stays in DIR), and they are linked under the names nginx is
# given here.
bench_protocols() {
	awk -F'"' '{ split($2, r, " "); split($6, a, "/"); n[tolower(a[1]) " " r[3]]++ }
		END { for (k in n) print k, n[k] }' "$1" 2>/dev/null | sort |
		awk -v w="$2" '{ line[$1] = line[$1] (line[$1] == "" ? "" : ", ") $2 " " $3 }
			END { for (t in line) printf "  %-*s %s\n", w, t, line[t] }' | sort
}

bench_make_certs() {
	local d=$1 lib
	lib=$(dirname "${BASH_SOURCE[0]}")
	mkdir -p "$d" || { echo "cannot make $d"; return 1; }
	if ! sh "$lib/../tests/tls_server.sh" certs "$d" >"$d/certs.log" 2>&1; then
		echo "making the test certificates failed:"
		tail -5 "$d/certs.log"
		return 1
	fi
	ln -sf good.pem "$d/server.pem" && ln -sf good.key "$d/server.key"
}
