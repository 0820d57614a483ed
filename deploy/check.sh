#!/bin/sh
# Checks the files in deploy/ with the tools that will read them (Debian 12: nginx, systemd, kannel installed):
# nginx -t on the site (with a throw-away certificate), systemd-analyze verify on the units, and Kannel's bearerbox
# and smsbox reading kannel.conf (they stop at once on an unknown field). Exit code 0: all three read them cleanly.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=tongban.example.gov.cn \
    -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
sed "s|/etc/ssl/tongban|$work|" "$here/nginx/tongban.conf" > "$work/site.conf"
printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp { access_log off; include %s/site.conf; }\n' \
    "$work" "$work" "$work" > "$work/nginx.conf"
nginx -t -c "$work/nginx.conf"

echo "== systemd"
out=$(systemd-analyze verify "$here/systemd/tongban.service" "$here/systemd/tongban-backup.service" "$here/systemd/tongban-backup.timer" 2>&1)
if [ -n "$out" ]; then echo "$out"; exit 1; fi
echo "units verified"

echo "== kannel"
mkdir -p "$work/store" "$work/log"
# Own ports and folders; the SMSC is unreachable on purpose: only reading the configuration is checked.
sed -e "s|/var/spool/kannel/store|$work/store|; s|/var/log/kannel|$work/log|g; s|host = REPLACE_ME|host = 127.0.0.1|" \
    -e 's|13000|23000|; s|13001|23001|; s|13013|23013|; s|port = 7890|port = 27890|' "$here/kannel/kannel.conf" > "$work/kannel.conf"
timeout 4 bearerbox -v 1 "$work/kannel.conf" > "$work/bearerbox.out" 2>&1 &
sleep 2
timeout 2 smsbox -v 1 "$work/kannel.conf" > "$work/smsbox.out" 2>&1 || true
wait || true
if grep -h "PANIC\|may not contain\|Error found" "$work/bearerbox.out" "$work/smsbox.out"; then exit 1; fi
echo "kannel.conf read by bearerbox and smsbox"
