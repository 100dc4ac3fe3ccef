#!/bin/sh
# First setup of one API machine (Debian 12 or newer, as root), from a checkout in /opt/cnscd:
#   CNSCD_DOMAIN=cnscd.tinh.example.vn sh /opt/cnscd/deploy/setup.sh
# Installs Debian's packages, the Python environment, the units and the nginx front; the
# settings are /etc/cnscd/cnscd.env (made from deploy/cnscd.env the first time: edit it).
set -eu
: "${CNSCD_DOMAIN:?set CNSCD_DOMAIN to the province's domain}"
here=/opt/cnscd
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv nginx postgresql-client \
    gettext-base openssl certbot
id cnscd >/dev/null 2>&1 || useradd --system --home /var/lib/cnscd --shell /usr/sbin/nologin cnscd
install -d -o cnscd -g cnscd /var/lib/cnscd
install -d -m 750 -g cnscd /etc/cnscd
[ -f /etc/cnscd/cnscd.env ] || install -m 640 -g cnscd "$here/deploy/cnscd.env" /etc/cnscd/cnscd.env
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install -q "$here[server]"
install -m 644 "$here"/deploy/cnscd-api@.service "$here"/deploy/cnscd-backup.service \
    "$here"/deploy/cnscd-backup.timer "$here"/deploy/cnscd-reports.service \
    "$here"/deploy/cnscd-reports.timer /etc/systemd/system/
# A self-signed certificate until certbot has the real one (see the README).
if [ ! -f /etc/cnscd/tls/fullchain.pem ]; then
    install -d -m 700 /etc/cnscd/tls
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$CNSCD_DOMAIN" \
        -keyout /etc/cnscd/tls/privkey.pem -out /etc/cnscd/tls/fullchain.pem
fi
export CNSCD_DOMAIN
export CNSCD_HTTP_PORT="${CNSCD_HTTP_PORT:-80}" CNSCD_HTTPS_PORT="${CNSCD_HTTPS_PORT:-443}"
export CNSCD_TLS_CERT="${CNSCD_TLS_CERT:-/etc/cnscd/tls/fullchain.pem}"
export CNSCD_TLS_KEY="${CNSCD_TLS_KEY:-/etc/cnscd/tls/privkey.pem}"
export CNSCD_UPSTREAMS="${CNSCD_UPSTREAMS:-server 127.0.0.1:8001 max_fails=1 fail_timeout=5s; server 127.0.0.1:8002 max_fails=1 fail_timeout=5s;}"
export CNSCD_CACHE_DIR="${CNSCD_CACHE_DIR:-/var/cache/nginx/cnscd}"
install -d -o www-data "$CNSCD_CACHE_DIR"
envsubst '${CNSCD_DOMAIN} ${CNSCD_HTTP_PORT} ${CNSCD_HTTPS_PORT} ${CNSCD_TLS_CERT} ${CNSCD_TLS_KEY} ${CNSCD_UPSTREAMS} ${CNSCD_CACHE_DIR}' \
    < "$here/deploy/nginx.conf" > /etc/nginx/conf.d/cnscd.conf
rm -f /etc/nginx/sites-enabled/default
nginx -t
systemctl daemon-reload
systemctl enable --now cnscd-api@8001 cnscd-api@8002 cnscd-reports.timer
systemctl reload nginx
echo "ready: https://$CNSCD_DOMAIN (python -m server admin ... for the first accounts)"
