#!/bin/bash
# A fresh deploy following docs/deploy.md, on throwaway Debian 12 machines: a
# database server, two app servers (the first also runs the admin instance),
# an Onionbalance host and a front server. Then checks that the result
# works. Run as root: deploy/check/run.sh   (README.md in this folder.)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DOC=$REPO/docs/deploy.md
. "$HERE/lib.sh"

bring_source() { mkdir -p "$(root_of "$1")/srv/selfhelp.git" && mount --bind "$WORK/selfhelp.git" "$(root_of "$1")/srv/selfhelp.git"; }

# Set KEY=VALUE in an env file on a machine, as "Edit ..." asks.
set_env() {
    on "$1" "f=$2; grep -q '^#\\?$3=' \$f || echo '$3=' >>\$f
             sed -i 's|^#\\?$3=.*|$3=$4|' \$f"
}

# All in a function, read whole before it runs: editing this file during a
# run cannot change the run.
main() {
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
# DEPLOYCHECK_RESUME=1 (with machines kept by DEPLOYCHECK_KEEP=1 from a run
# that stopped after the app servers' section 3): go on from section 4.
if [ -n "${DEPLOYCHECK_RESUME:-}" ]; then
    [ -n "${DEPLOYCHECK_KEEP:-}" ] || trap teardown EXIT
    FRONT=$(sed -n 's/^SELFHELP_ONION_HOST=\(.*\)\.onion$/\1/p' "$(root_of app1)/etc/selfhelp/selfhelp.env")
    if [ "$DEPLOYCHECK_RESUME" = verify ]; then after_tor; else after_install; fi
    return
fi
teardown
[ -n "${DEPLOYCHECK_KEEP:-}" ] || trap teardown EXIT
rm -rf "$WORK/machines"
mkdir -p "$WORK"
make_base
make_lan

# The one substitution: the document's clone URL is this repository's HEAD.
rm -rf "$WORK/selfhelp.git"
git clone -q --bare "$REPO" "$WORK/selfhelp.git"

# --- The database server (section 8, step 1; section 11) ---------------------
make_machine db
out=$(run_doc db 8.1 | tee /dev/stderr)
DATABASE_URL=$(printf '%s\n' "$out" | sed -n 's/^DATABASE_URL=//p')
say "db: section 11's PostgreSQL settings into conf.d/selfhelp.conf"
doc 11 1 ini >"$(root_of db)/tmp/selfhelp-log.conf"
on db "cat /tmp/selfhelp-log.conf >> /etc/postgresql/15/main/conf.d/selfhelp.conf; systemctl reload postgresql"

# --- The Onionbalance host (section 12, way B, step 1) ------------------------
make_machine ob
bring_source ob
out=$(run_doc ob 12.B.1 | tee /dev/stderr)
FRONT=$(printf '%s\n' "$out" | sed -n 's|^ob-keys/\([a-z2-7]\{56\}\)\.key$|\1|p')
[ -n "$FRONT" ] || { echo "no front address printed" >&2; exit 1; }
echo "front address: $FRONT.onion"

# --- The app servers (sections 1-4, 12 way B step 2; 5 on the first) --------
install_app() {
    local m=$1
    make_machine "$m"
    bring_source "$m"
    run_doc "$m" 1
    secret=$(run_doc "$m" 2 | tail -1)
    pepper=$(on "$m" "$(doc 2 | grep -F 'import secrets')")
    if [ "$m" = app1 ]; then
        say "app1: edit /etc/selfhelp/selfhelp.env (section 2, section 8)"
        set_env app1 /etc/selfhelp/selfhelp.env SELFHELP_SECRET_KEY "$secret"
        set_env app1 /etc/selfhelp/selfhelp.env SELFHELP_CODE_PEPPER "$pepper"
        set_env app1 /etc/selfhelp/selfhelp.env DATABASE_URL "$DATABASE_URL"
        set_env app1 /etc/selfhelp/selfhelp.env SELFHELP_ONION_HOST "$FRONT.onion"
        # Two app servers and the admin's instance (section 8's budget); two
        # workers each, to spare the machine that runs the check.
        set_env app1 /etc/selfhelp/selfhelp.env SELFHELP_APP_SERVERS 3
        set_env app1 /etc/selfhelp/selfhelp.env SELFHELP_WORKERS 2
    else
        say "$m: the same env file as app1 (section 8, step 2)"
        cp -p "$(root_of app1)/etc/selfhelp/selfhelp.env" "$(root_of "$m")/etc/selfhelp/selfhelp.env"
    fi
    run_doc "$m" 3
}
install_app app1
install_app app2
after_install
}

after_install() {

# --- The admin instance on app1 (section 5) -----------------------------------
# Section 4 first (the single-server onion, whose torrc carries the admin's
# commented-out service), as an operator who starts with one server does.
run_doc app1 4
run_doc app1 5.1
out=$(run_doc app1 5.2 1 | tee /dev/stderr)
ADMIN_HOST=$(printf '%s\n' "$out" | grep -o '^[a-z2-7]\{56\}\.onion$')
say "app1: put the admin onion in admin.env (section 5, step 2)"
set_env app1 /etc/selfhelp/admin.env SELFHELP_ONION_HOST "$ADMIN_HOST"
run_doc app1 5.2 2
run_doc app1 5.3
ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
say "app1: docs/deploy.md section 5.4 (the password typed twice)"
out=$(printf '%s\n%s\n' "$ADMIN_PASSWORD" "$ADMIN_PASSWORD" |
    chroot "$(root_of app1)" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/sh -e -c "$(doc 5.4)" 2>&1 | tee /dev/stderr)
ADMIN_SECRET=$(printf '%s\n' "$out" | grep -o 'secret=[A-Z2-7]*' | head -1 | cut -d= -f2)
[ -n "$ADMIN_SECRET" ] || { echo "createadmin printed no key" >&2; exit 1; }
printf 'alice %s %s\n' "$ADMIN_PASSWORD" "$ADMIN_SECRET" >"$WORK/admin-account"
chmod 600 "$WORK/admin-account"

# --- tor on the app servers behind Onionbalance (section 12, way B, step 2) --
for m in app1 app2; do
    SUBST="s|<front address>|$FRONT|g" run_doc "$m" 12.B.2 1
done
run_doc app1 12.B.2 2   # the admin's onion service again, on its server
say "tor runs on app1 and app2 with torrc-backend (and the admin service on app1)"
for m in app1 app2; do
    on "$m" 'grep -q "^HiddenServiceOnionbalanceInstance 1" /etc/tor/torrc && kill -0 $(cat /run/dc-systemctl/tor.pid)'
done
on app1 'test -s /var/lib/tor/selfhelp-admin/hostname && ls /var/lib/tor/selfhelp-admin/authorized_clients/alice.auth'
APP1_BACKEND=$(cat "$(root_of app1)/var/lib/tor/selfhelp/hostname")
APP2_BACKEND=$(cat "$(root_of app2)/var/lib/tor/selfhelp/hostname")
after_tor
}

after_tor() {
ADMIN_HOST=$(sed -n 's/^SELFHELP_ONION_HOST=//p' "$(root_of app1)/etc/selfhelp/admin.env")
APP1_BACKEND=$(cat "$(root_of app1)/var/lib/tor/selfhelp/hostname")
APP2_BACKEND=$(cat "$(root_of app2)/var/lib/tor/selfhelp/hostname")

# --- Onionbalance's configuration with both backends (12.B step 3) ------------
say "ob: the backends' addresses in config.yaml (section 12, way B, step 3)"
on ob "sed -i -e 's/BACKEND-1-ONION-ADDRESS.onion/$APP1_BACKEND/' -e 's/BACKEND-2-ONION-ADDRESS.onion/$APP2_BACKEND/' /etc/onionbalance/config.yaml"
say "ob: systemctl enable --now onionbalance (it must load its config and key, and reach tor)"
on ob "systemctl enable --now onionbalance"
sleep 10
# tor here has no network, so no consensus: Onionbalance gets that far (its
# config and key loaded, tor's control socket opened and authenticated as
# the onionbalance user) and stops there, where on a real host it goes on.
# (The unit's Restart=on-failure retries every 10 s until tor has one.)
OBLOG=$(root_of ob)/var/log/dc-onionbalance.log
cat "$OBLOG"
grep -q "Loaded the config file '/etc/onionbalance/config.yaml'" "$OBLOG"
if grep -q Traceback "$OBLOG"; then
    tail -1 "$OBLOG" | grep -q "stem.OperationFailed: Could not open cached consensus" ||
        { echo "Onionbalance failed before it reached tor" >&2; exit 1; }
fi
echo "Onionbalance loaded its config and key and talked to tor (which has no network here)"
say "ob: Onionbalance's own code loads config.yaml and front.key, as the onionbalance user"
install -m 0644 "$HERE/ob_load.py" "$(root_of ob)/tmp/ob_load.py"
loaded=$(on ob "runuser -u onionbalance -- /opt/onionbalance/bin/python /tmp/ob_load.py")
echo "$loaded"
[ "$loaded" = "front $FRONT.onion backends ${APP1_BACKEND%.onion} ${APP2_BACKEND%.onion}" ] ||
    { echo "Onionbalance would not publish $FRONT for app1 and app2" >&2; exit 1; }

# --- Does it work? --------------------------------------------------------------
say "verify: both app servers, a journal across them, an admin translation edit"
python3 "$HERE/verify.py" \
    "$(root_of app1)/run/selfhelp/gunicorn.sock" "$(root_of app2)/run/selfhelp/gunicorn.sock" \
    "$(root_of app1)/run/selfhelp-admin/gunicorn.sock" "$FRONT.onion" "$ADMIN_HOST" \
    "$WORK/admin-account"

# --- Way A: a front server, the app servers on the private network ----------
say "way A of section 12: the app servers listen on their private addresses"
SUBST= run_doc app1 12.A 1
SUBST="s|10.8.0.11|10.8.0.12|" run_doc app2 12.A 1
make_machine front
bring_source front
run_doc front 12.A 2   # torrc-front already names 10.8.0.11 and .12
say "verify: both app servers answer over the private network, as the front's tor reaches them"
ip netns exec "$NETNS" python3 "$HERE/verify.py" home "$FRONT.onion" 10.8.0.11:8000 10.8.0.12:8000

# --- The purge timer, backups (sections 6 and 11) ------------------------------
say "app1: the purge timer's service, run once as its unit says"
on app1 "systemctl start selfhelp-purge.timer"
run_doc app1 6
on app1 'ls -l /var/lib/selfhelp/backups/'
run_doc db 11
on db 'ls -l /var/backups/selfhelp/'

echo
echo "deploycheck: the deploy in docs/deploy.md worked, and the site works."
}
main "$@"
