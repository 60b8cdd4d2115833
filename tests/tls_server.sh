#!/bin/sh
# tls_server.sh - a loopback HTTPS server for the fetch tests: nginx with
# TLS (HTTP/1.1 and HTTP/2 by ALPN), its certificates made at test time by
# openssl from a test CA of its own.
#
# Usage:
#   tls_server.sh start DIR DOCROOT
#       DIR: a fresh directory the caller owns (made if missing; everything
#       the server needs or writes goes in it).  DOCROOT: the static files
#       every HTTPS server serves.  Prints nothing on success.
#   tls_server.sh stop DIR
#       Stops the nginx of DIR and waits until it has exited.
#   tls_server.sh certs DIR
#       Only makes the certificates in DIR (ca.pem, capath/, NAME.pem and
#       NAME.key as below), for other servers: bench/lib.sh uses good.
#
# Exit status: 0 when every port completes a TLS handshake; 77 (skip) when
# nginx or openssl is missing and cannot be installed (installing needs root
# or password-less sudo, and apt-get); 1 on any other failure, with a
# message on stderr (and the tail of DIR/error.log when nginx complained).
#
# What start leaves in DIR:
#   ports        shell-sourceable lines GOOD=, EXPIRED=, WRONGHOST=,
#                SELFSIGNED=, PLAIN= (one port each, all on 127.0.0.1)
#   ca.pem       the test CA's certificate (for --cacert / CURLOPT_CAINFO)
#   capath/      the same certificate under its subject-hash name
#                (for --capath / CURLOPT_CAPATH)
#   NAME.pem, NAME.key   each server's certificate and key, NAME one of
#                good, expired, wronghost, selfsigned
#   nginx.conf, nginx.pid, error.log, access.log, tmp/, ca/ (openssl ca's
#   database), ca.cnf (the openssl configuration all certificates use)
#
# The servers (one nginx, one server block each, each on its own port):
#   GOOD        signed by the CA, CN localhost, SANs DNS:localhost and
#               IP:127.0.0.1, valid from now for 30 days
#   EXPIRED     the same names and CA, valid only in January 2020
#   WRONGHOST   signed by the CA, valid, CN and SAN only wrong.example
#   SELFSIGNED  self-signed (not from the CA), SANs localhost/127.0.0.1
#   PLAIN       plain HTTP: every request is a 301 to the same path on
#               https://127.0.0.1:GOOD
# The HTTPS servers serve DOCROOT as static files, so nginx's own
# Last-Modified/If-Modified-Since and ETag/If-None-Match handling applies.
#
# Design:
#   - Certificates: EC P-256 keys (generated in milliseconds, unlike RSA).
#     The system openssl.cnf is never read: DIR/ca.cnf holds the request,
#     CA and extension sections.  Server certificates are issued with
#     `openssl ca`, because that is what sets an arbitrary notBefore and
#     notAfter (-startdate/-enddate); `openssl x509 -req` in OpenSSL 3.0
#     (Debian 12) has only -days, no -not_before/-not_after (those came in
#     3.4).
#   - nginx runs from its own configuration only (-p DIR -c DIR/nginx.conf
#     -e DIR/error.log, so not even the default error log is opened): pid,
#     logs and every temp path are inside DIR, it listens on 127.0.0.1 only,
#     `daemon on` with one worker.  Run as root, its worker would become
#     `nobody` and could not read a mkdtemp'd (0700) DOCROOT, so the config
#     then names the invoking user for the worker; as non-root the user
#     directive is left out (nginx would only warn about it).
#   - Ports: python3 binds port 0 five times at once and the kernel's
#     choices are used (without python3, random ports in 20000-59999 that
#     `ss` does not list).  nginx binds before it daemonizes, so a port
#     taken in between makes it exit non-zero; start then picks new ports
#     and tries again (three times in all).
#   - Readiness: once nginx has returned the sockets listen, but the handshake
#     is what the tests need, so start waits (at most 10 s) until
#     `openssl s_client` completes one on every HTTPS port and connects to
#     the plain one.
#   - There is no process to inherit death from (nginx daemonizes): a test
#     must call stop in its teardown; a crashed test leaves nginx running
#     until `tls_server.sh stop DIR` or a kill of the pid in DIR/nginx.pid.
set -u

prog=tls_server.sh
NGINX=${NGINX:-/usr/sbin/nginx}

die() {
	echo "$prog: $*" >&2
	exit 1
}

usage() {
	echo "usage: $prog start DIR DOCROOT | stop DIR | certs DIR" >&2
	exit 1
}

# --- tools ---------------------------------------------------------------

# Runs "$@" as root: directly when we are root, else through sudo when it
# needs no password.  Returns 1 when neither is possible.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		return 1
	fi
}

# Installs Debian packages $@ quietly, with an apt-get update when the
# first try fails (an empty or stale package list).
apt_install() {
	command -v apt-get >/dev/null 2>&1 || return 1
	as_root true 2>/dev/null || return 1
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$@" >/dev/null 2>&1 && return 0
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
		>/dev/null 2>&1
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$@" >/dev/null 2>&1
}

# openssl, installed when missing if we can; exit 77 if not.
need_openssl() {
	if ! command -v openssl >/dev/null 2>&1; then
		apt_install openssl || {
			echo "$prog: openssl is not installed (apt-get install openssl)" >&2
			exit 77
		}
	fi
}

# nginx and openssl, installed when missing if we can; exit 77 if not.
need_tools() {
	need_openssl
	if [ ! -x "$NGINX" ]; then
		apt_install nginx || {
			echo "$prog: $NGINX is not installed (apt-get install nginx)" >&2
			exit 77
		}
		# The package may have started the system nginx (port 80); we never
		# use it.  Stopping it is a courtesy: neither service nor systemctl
		# need exist in a container.
		as_root service nginx stop >/dev/null 2>&1 ||
			as_root systemctl stop nginx >/dev/null 2>&1 || :
		[ -x "$NGINX" ] || {
			echo "$prog: installing nginx gave no $NGINX" >&2
			exit 77
		}
	fi
}

# --- certificates ----------------------------------------------------------

# The openssl configuration of every certificate; paths are relative to DIR,
# where all openssl commands run.
write_openssl_cnf() {
	cat >ca.cnf <<'EOF'
# Written by tests/tls_server.sh; read instead of the system openssl.cnf.
[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = cqa test CA

[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[ ca ]
default_ca = test_ca

[ test_ca ]
database = ca/index.txt
serial = ca/serial
new_certs_dir = ca/newcerts
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = policy_any
# good and expired share their subject
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

[ leaf_wronghost ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:wrong.example

[ self_localhost ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = DNS:localhost,IP:127.0.0.1
EOF
}

# Runs openssl "$@", its chatter to ossl.log; on failure the log goes to
# stderr and start fails.
ossl() {
	openssl "$@" >>ossl.log 2>&1 || {
		cat ossl.log >&2
		die "openssl $1 failed (in $dir)"
	}
}

# A key and certificate request: NAME CN.
leaf_request() {
	ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"
	ossl req -config ca.cnf -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
}

make_certs() {
	write_openssl_cnf
	mkdir -p ca/newcerts capath || die "cannot write in $dir"
	: >ca/index.txt
	echo 1000 >ca/serial

	# The CA: key and self-signed certificate in one go.
	ossl req -config ca.cnf -x509 -new -newkey ec \
		-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
		-out ca.pem -days 3650 -subj "/CN=cqa test CA" -extensions v3_ca

	# good: valid from now, for 30 days.
	leaf_request good localhost
	ossl ca -config ca.cnf -batch -notext -in good.csr -out good.pem \
		-extensions leaf_localhost -days 30
	# expired: the same names, valid only in January 2020.
	leaf_request expired localhost
	ossl ca -config ca.cnf -batch -notext -in expired.csr -out expired.pem \
		-extensions leaf_localhost \
		-startdate 20200101000000Z -enddate 20200201000000Z
	# wronghost: valid, but only for wrong.example.
	leaf_request wronghost wrong.example
	ossl ca -config ca.cnf -batch -notext -in wronghost.csr \
		-out wronghost.pem -extensions leaf_wronghost -days 30
	# selfsigned: right names, no CA.
	ossl req -config ca.cnf -x509 -new -newkey ec \
		-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout selfsigned.key \
		-out selfsigned.pem -days 30 -subj /CN=localhost \
		-extensions self_localhost

	# capath: the CA under its subject-hash name (HASH.0).
	cp ca.pem capath/ca.pem || die "cannot write in $dir/capath"
	hash=$(openssl x509 -noout -subject_hash -in ca.pem) ||
		die "openssl x509 -subject_hash failed"
	openssl rehash capath >>ossl.log 2>&1 ||
		c_rehash capath >>ossl.log 2>&1 || :
	[ -e "capath/$hash.0" ] || cp ca.pem "capath/$hash.0" ||
		die "cannot write $dir/capath/$hash.0"
	rm -f ./*.csr
}

# --- ports ---------------------------------------------------------------

# Five free TCP ports on 127.0.0.1, space-separated.
free_ports() {
	if command -v python3 >/dev/null 2>&1 &&
		python3 -c '
import socket
ss = [socket.socket() for _ in range(5)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
' 2>/dev/null; then
		return 0
	fi
	# No python3: random ports nothing listens on (as far as ss knows).
	used=$(ss -Htan 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }')
	awk -v seed="$$$(date +%N 2>/dev/null)" -v used="$used" 'BEGIN {
		srand(seed % 2147483647)
		n = split(used, u, "\n")
		for (i = 1; i <= n; i++) taken[u[i]] = 1
		out = ""; k = 0
		while (k < 5) {
			p = 20000 + int(rand() * 40000)
			if (p in taken) continue
			taken[p] = 1; out = out (k ? " " : "") p; k++
		}
		print out
	}'
}

# --- nginx ---------------------------------------------------------------

# nginx.conf for ports GOOD EXPIRED WRONGHOST SELFSIGNED PLAIN ($1..$5).
write_nginx_conf() {
	user_line=
	if [ "$(id -u)" = 0 ]; then
		user_line="user $(id -un) $(id -gn);"
	fi
	if [ -r /etc/nginx/mime.types ]; then
		types="include /etc/nginx/mime.types;"
	else
		types="types { text/html html htm; text/plain txt; text/css css;
	        application/javascript js; application/json json;
	        application/xml xml; application/pdf pdf; image/png png;
	        image/jpeg jpg jpeg; image/gif gif; image/svg+xml svg;
	        application/gzip gz; }"
	fi
	{
		cat <<EOF
# Written by tests/tls_server.sh; nothing of /etc/nginx is used.
$user_line
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;

events {
	worker_connections 256;
}

http {
	$types
	default_type application/octet-stream;
	access_log $dir/access.log;
	client_body_temp_path $dir/tmp/client_body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	sendfile on;
	keepalive_timeout 30s;
	server_tokens off;

EOF
		for spec in "good $1" "expired $2" "wronghost $3" "selfsigned $4"; do
			name=${spec% *}
			port=${spec#* }
			cat <<EOF
	server {
		listen 127.0.0.1:$port ssl http2;
		server_name _;
		ssl_certificate $dir/$name.pem;
		ssl_certificate_key $dir/$name.key;
		root $docroot;
	}

EOF
		done
		cat <<EOF
	server {
		listen 127.0.0.1:$5;
		server_name _;
		return 301 https://127.0.0.1:$1\$request_uri;
	}
}
EOF
	} >nginx.conf
}

# 0 once openssl s_client completes a handshake with 127.0.0.1:$1.
handshake() {
	openssl s_client -connect "127.0.0.1:$1" -servername localhost \
		</dev/null >/dev/null 2>&1
}

# 0 once something accepts a TCP connection on 127.0.0.1:$1 (s_client gets
# that far before failing on plain HTTP: "connect:errno" means no).
plain_connects() {
	! openssl s_client -connect "127.0.0.1:$1" </dev/null 2>&1 |
		grep -q 'connect:errno'
}

# Waits until every port answers, at most about 10 s.
wait_ready() {
	tries=0
	for p in $GOOD $EXPIRED $WRONGHOST $SELFSIGNED; do
		until handshake "$p"; do
			tries=$((tries + 1))
			[ "$tries" -lt 100 ] || return 1
			sleep 0.1
		done
	done
	until plain_connects "$PLAIN"; do
		tries=$((tries + 1))
		[ "$tries" -lt 100 ] || return 1
		sleep 0.1
	done
}

start() {
	dir=$1
	docroot=$2
	[ -d "$docroot" ] || die "no such DOCROOT: $docroot"
	docroot=$(cd "$docroot" && pwd) || die "cannot enter $docroot"
	need_tools
	mkdir -p "$dir" || die "cannot make $dir"
	dir=$(cd "$dir" && pwd) || die "cannot enter $dir"
	cd "$dir" || die "cannot enter $dir"
	[ ! -e nginx.pid ] || die "$dir/nginx.pid exists: stop that server first"
	mkdir -p tmp || die "cannot write in $dir"
	make_certs

	attempt=1
	while :; do
		# shellcheck disable=SC2046 # five words wanted
		set -- $(free_ports)
		[ $# = 5 ] || die "cannot find free ports"
		GOOD=$1 EXPIRED=$2 WRONGHOST=$3 SELFSIGNED=$4 PLAIN=$5
		write_nginx_conf "$@"
		if "$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" \
			>nginx.out 2>&1; then
			break
		fi
		# A port taken since free_ports looked: try others.
		if [ "$attempt" -lt 3 ] && grep -q 'Address already in use' \
			nginx.out error.log 2>/dev/null; then
			attempt=$((attempt + 1))
			continue
		fi
		cat nginx.out >&2
		tail -n 5 error.log >&2 2>/dev/null
		die "nginx did not start (config $dir/nginx.conf)"
	done
	cat >ports <<EOF
GOOD=$GOOD
EXPIRED=$EXPIRED
WRONGHOST=$WRONGHOST
SELFSIGNED=$SELFSIGNED
PLAIN=$PLAIN
EOF
	if ! wait_ready; then
		tail -n 5 error.log >&2 2>/dev/null
		stop "$dir"
		die "nginx started but its ports do not answer"
	fi
}

# --- stop ----------------------------------------------------------------

# 0 while process $1 exists and is not a zombie (a daemon's parent may be a
# PID 1 that never reaps it).
alive() {
	kill -0 "$1" 2>/dev/null || return 1
	[ -r "/proc/$1/stat" ] || return 0
	state=$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)
	[ "$state" != Z ]
}

stop() {
	dir=$1
	[ -f "$dir/nginx.pid" ] || return 0 # never started, or stopped already
	pid=$(cat "$dir/nginx.pid") || return 1
	case $pid in '' | *[!0-9]*) die "bad pid in $dir/nginx.pid" ;; esac
	kill -TERM "$pid" 2>/dev/null || {
		rm -f "$dir/nginx.pid"
		return 0
	}
	i=0
	while alive "$pid"; do
		i=$((i + 1))
		if [ "$i" = 50 ]; then
			kill -KILL "$pid" 2>/dev/null
		elif [ "$i" -gt 100 ]; then
			die "nginx $pid does not exit"
		fi
		sleep 0.1
	done
	# nginx removes it on a clean exit, not after SIGKILL.
	rm -f "$dir/nginx.pid"
}

case ${1:-} in
start)
	[ $# = 3 ] || usage
	start "$2" "$3"
	;;
stop)
	[ $# = 2 ] || usage
	stop "$2"
	;;
certs)
	[ $# = 2 ] || usage
	need_openssl
	mkdir -p "$2" || die "cannot make $2"
	dir=$(cd "$2" && pwd) || die "cannot enter $2"
	cd "$dir" || die "cannot enter $dir"
	make_certs
	;;
*) usage ;;
esac
