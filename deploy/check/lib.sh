# Machines for deploy/check/run.sh: throwaway Debian 12 roots (overlays on one
# debootstrap), each with its own /run, sharing one private network
# namespace (dc-lan, 10.8.0.0/24) in which their services run. Sourced.

WORK=${DEPLOYCHECK_DIR:-/var/tmp/deploycheck}
BASE=$WORK/base
NETNS=dc-lan
MIRROR=${DEPLOYCHECK_MIRROR:-http://deb.debian.org/debian}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
root_of() { echo "$WORK/machines/$1/root"; }

make_base() {
    [ -x "$BASE/usr/bin/apt-get" ] && return
    command -v debootstrap >/dev/null || apt-get install -y -q debootstrap
    say "debootstrap bookworm (minbase) into $BASE"
    debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$WORK/debootstrap.log"
}

make_lan() {
    ip netns list | grep -qw "$NETNS" && ip netns del "$NETNS"
    ip netns add "$NETNS"
    ip -n "$NETNS" link set lo up
    # The machines' addresses, and 10.8.0.1 for this host's side: the install
    # steps run in this host's network (they need Debian's mirror and PyPI)
    # and reach the database server at 10.8.0.10 through this pair.
    ip link add dc-host type veth peer name lan0 netns "$NETNS"
    ip addr add 10.8.0.1/24 dev dc-host
    ip link set dc-host up
    ip -n "$NETNS" link set lan0 up
    for n in 10 11 12 13 14; do ip -n "$NETNS" addr add "10.8.0.$n/24" dev lan0; done
}

# A fresh machine: an overlay on the base, with /proc, /dev, its own /run and
# /tmp, the host's DNS, the check's systemctl, and no service started by apt
# (policy-rc.d: the document's own systemctl lines start them).
make_machine() {
    local name=$1 dir=$WORK/machines/$1 r
    r=$(root_of "$name")
    mkdir -p "$dir/upper" "$dir/work" "$r" "$WORK/cache/apt" "$WORK/cache/pip"
    mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$dir/upper,workdir=$dir/work" "$r"
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev" && mount --make-rslave "$r/dev"
    mount -t tmpfs -o mode=0755 tmpfs "$r/run"
    mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
    # Download caches only: the same files apt and pip would fetch again.
    mount --bind "$WORK/cache/apt" "$r/var/cache/apt/archives"
    mkdir -p "$r/root/.cache/pip" && mount --bind "$WORK/cache/pip" "$r/root/.cache/pip"
    touch "$r/run/dc-lan" && mount --bind "/run/netns/$NETNS" "$r/run/dc-lan"
    cp /etc/resolv.conf "$r/etc/resolv.conf"
    # This host reaches PyPI through a proxy with its own certificate
    # authority: pip trusts what this host trusts (PIP_CERT in on()).
    cp /etc/ssl/certs/ca-certificates.crt "$r/etc/dc-host-ca.crt"
    # On a real server apt starts PostgreSQL on install (systemd); here the
    # check's systemctl does, in the private network. pg_createcluster ran in
    # this host's network, where the host's own PostgreSQL holds 5432, so it
    # chose 5433: put back the port a clean server would get.
    cat >"$r/usr/sbin/policy-rc.d" <<'POLICY'
#!/bin/sh
while [ "${1#-}" != "$1" ]; do shift; done
if [ "$1" = postgresql ] && case "$2" in *start*) true;; *) false;; esac; then
    sed -i 's/^port = 5433/port = 5432/' /etc/postgresql/*/main/postgresql.conf
    /usr/local/sbin/systemctl start postgresql >&2
fi
exit 101
POLICY
    chmod +x "$r/usr/sbin/policy-rc.d"
    # What the Debian installer writes; debootstrap leaves /etc/hosts empty.
    printf "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n127.0.1.1 %s\n" "$(hostname)" >"$r/etc/hosts"
    install -m 0755 "$HERE/systemctl" "$r/usr/local/sbin/systemctl"
    install -m 0644 "$HERE/systemctl.py" "$r/usr/local/lib/dc-systemctl.py"
    echo "$name" >"$r/etc/hostname"
    echo "$name" >>"$WORK/machines.list"
}

# Run shell text as root on a machine, as an operator's login shell would
# (no environment from this host: no pip settings, no virtualenv).
on() {
    local name=$1
    shift
    chroot "$(root_of "$name")" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive PIP_CERT=/etc/dc-host-ca.crt /bin/sh -e ${TRACE:+-x} -c "$*"
}

# The Nth shell block of a section of the document, with the substitutions
# the check is allowed (each printed).
doc() {
    local text
    text=$(python3 "$HERE/extract.py" "$DOC" "$@")
    printf '%s\n' "$text" | sed -e "s|https://YOUR-MIRROR/selfhelp.git|/srv/selfhelp.git|g" ${SUBST:+-e "$SUBST"}
}

run_doc() {
    local name=$1
    shift
    say "$name: docs/deploy.md section $*"
    local text
    text=$(doc "$@")
    printf '%s\n' "$text" | sed 's/^/    | /'
    on "$name" "$text"
}

teardown() {
    [ -f "$WORK/machines.list" ] || return 0
    local name r pidfile
    while read -r name; do
        r=$(root_of "$name")
        for pidfile in "$r"/run/dc-systemctl/*.pid; do
            [ -f "$pidfile" ] && kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
        done
        if [ -d "$r/etc/postgresql" ] && [ -x "$r/usr/bin/pg_ctlcluster" ]; then
            chroot "$r" sh -c 'for v in $(ls /etc/postgresql); do pg_ctlcluster $v main stop -m fast; done' 2>/dev/null || true
        fi
    done <"$WORK/machines.list"
    sleep 2
    while read -r name; do
        r=$(root_of "$name")
        umount -R "$r" 2>/dev/null || umount -lR "$r" 2>/dev/null || true
    done <"$WORK/machines.list"
    rm -f "$WORK/machines.list"
    ip netns del "$NETNS" 2>/dev/null || true   # and with it the dc-host pair
}
