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
# bench_make_certs DIR        makes a throwaway CA and a server certificate
#                             for localhost and 127.0.0.1 in DIR (made if
#                             missing): ca.pem (give it to the clients:
#                             --cacert, --ca-certificate), server.pem and
#                             server.key (for nginx), with ca.key, ca.cnf
#                             and openssl ca's database beside them;
#                             returns 0, or 1 with openssl's messages
#                             printed.  Needs openssl.
#
# A package's postinst must not start a system nginx: while installing, a
# policy-rc.d answering 101 tells invoke-rc.d and deb-systemd-invoke to
# leave services alone.  Only a policy-rc.d created here is removed again.

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

# The CA and the server certificate: EC P-256 keys (made in milliseconds,
# unlike RSA), the server's issued with `openssl ca` from a configuration
# of our own (the system openssl.cnf is never read), as tests/tls_server.sh
# does.  The CA is new every time and its key stays in DIR: nothing is
# trusted beyond the clients that are handed ca.pem.
bench_make_certs() {
	local d=$1
	mkdir -p "$d/ca/newcerts" || { echo "cannot make $d"; return 1; }
	cat >"$d/ca.cnf" <<'EOF'
# Written by bench/lib.sh; read instead of the system openssl.cnf.
[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = cqa bench CA

[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[ ca ]
default_ca = bench_ca

[ bench_ca ]
database = ca/index.txt
serial = ca/serial
new_certs_dir = ca/newcerts
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[ policy_any ]
commonName = supplied

[ leaf_localhost ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:localhost,IP:127.0.0.1
EOF
	: >"$d/ca/index.txt"
	echo 1000 >"$d/ca/serial"
	# In a subshell: the paths of ca.cnf are relative to DIR.
	if ! (
		cd "$d" &&
			openssl req -config ca.cnf -x509 -new -newkey ec \
				-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
				-out ca.pem -days 30 -subj "/CN=cqa bench CA" -extensions v3_ca &&
			openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
				-out server.key &&
			openssl req -config ca.cnf -new -key server.key -subj /CN=localhost \
				-out server.csr &&
			openssl ca -config ca.cnf -batch -notext -in server.csr \
				-out server.pem -extensions leaf_localhost -days 30 &&
			openssl verify -CAfile ca.pem server.pem
	) >"$d/openssl.log" 2>&1; then
		echo "making the test certificates failed (openssl):"
		tail -5 "$d/openssl.log"
		return 1
	fi
	rm -f "$d/server.csr"
}
