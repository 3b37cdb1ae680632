#!/usr/bin/python3
"""A stand-in for systemctl inside the check's throwaway roots.

systemd cannot run as PID 1 there, so this does what systemd would do with
the units the document installs, reading them from /etc/systemd/system/:
for a service with a socket unit it makes the socket as the .socket unit
says (path or address, owner, group, mode), then starts ExecStart as the
service's User and Group, with its EnvironmentFile, WorkingDirectory, UMask,
RuntimeDirectory and StateDirectory, handing the socket over as systemd does
(LISTEN_FDS). A oneshot service (the purge timer's) runs once, at once. (tor
and PostgreSQL: the sh wrapper, deploy/check/systemctl.) Every process runs
in the network namespace of the check's private network (/run/dc-lan).

What this does not check (the README says so): systemd's sandboxing lines
(ProtectSystem=, SystemCallFilter=, ...) and Type=notify.
"""

import ctypes
import grp
import os
import pwd
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

UNIT_DIRS = [Path("/etc/systemd/system"), Path("/lib/systemd/system")]
STATE = Path("/run/dc-systemctl")
NETNS = Path("/run/dc-lan")
LOG = Path("/var/log/dc-systemctl.log")


def log(message):
    with LOG.open("a") as fp:
        fp.write(message + "\n")


def enter_lan():
    if NETNS.exists():
        libc = ctypes.CDLL(None, use_errno=True)
        with NETNS.open() as fp:
            if libc.setns(fp.fileno(), 0x40000000) != 0:  # CLONE_NEWNET
                raise OSError(ctypes.get_errno(), "setns")


def read_unit(name):
    """The unit's [Section] -> {key: [values]}, drop-ins included."""
    paths = []
    for directory in UNIT_DIRS:
        if (directory / name).exists():
            paths.append(directory / name)
            break
    for directory in UNIT_DIRS:
        paths += sorted((directory / f"{name}.d").glob("*.conf"))
    if not paths:
        return None
    unit, section = {}, None
    for path in paths:
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = unit.setdefault(line.strip("[]"), {})
                continue
            key, _, value = line.partition("=")
            values = section.setdefault(key.strip(), [])
            if value.strip() == "":
                values.clear()  # an empty assignment resets the list
            else:
                values.append(value.strip())
    return unit


def one(section, key, default=None):
    values = section.get(key) or []
    return values[-1] if values else default


def env_file(path):
    env = {}
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        env[key.strip()] = value.strip().strip('"')
    return env


def make_socket(sock_unit):
    s = sock_unit["Socket"]
    listen = one(s, "ListenStream")
    if listen.startswith("/"):
        path = Path(listen)
        mode = int(one(s, "DirectoryMode", "0755"), 8)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(mode)
        if path.exists():
            path.unlink()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(path))
        user = pwd.getpwnam(one(s, "SocketUser", "root")).pw_uid
        group = grp.getgrnam(one(s, "SocketGroup", "root")).gr_gid
        os.chown(path, user, group)
        path.chmod(int(one(s, "SocketMode", "0666"), 8))
    else:
        host, _, port = listen.rpartition(":")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host or "0.0.0.0", int(port)))  # noqa: S104 (as the unit says)
    sock.listen(int(one(s, "Backlog", "128")))
    return sock, listen


def service_dirs(svc, uid, gid):
    for key, base in (("RuntimeDirectory", "/run"), ("StateDirectory", "/var/lib")):
        name = one(svc, key)
        if not name:
            continue
        mode = int(one(svc, key + "Mode", "0755"), 8)
        path = Path(base) / name
        path.mkdir(parents=True, exist_ok=True)
        os.chown(path, uid, gid)
        path.chmod(mode)
        yield key.upper(), str(path)


def run_service(name, svc_unit, sock=None, *, wait=False):
    svc = svc_unit["Service"]
    user = pwd.getpwnam(one(svc, "User", "root"))
    group = grp.getgrnam(one(svc, "Group", user.pw_name))
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    for path in svc.get("EnvironmentFile", []):
        env.update(env_file(path.lstrip("-")))
    env.update(dict(service_dirs(svc, user.pw_uid, group.gr_gid)))
    env["HOME"] = user.pw_dir
    extra = [
        grp.getgrnam(g).gr_gid
        for g in " ".join(svc.get("SupplementaryGroups", [])).split()
    ]
    commands = [shlex.split(c) for c in svc.get("ExecStart", [])]
    out = open(f"/var/log/dc-{name}.log", "ab")

    def child_setup():
        enter_lan()
        os.setgroups(extra)
        os.setgid(group.gr_gid)
        os.setuid(user.pw_uid)
        os.umask(int(one(svc, "UMask", "0022"), 8))
        os.chdir(one(svc, "WorkingDirectory", "/"))

    if wait or one(svc, "Type") == "oneshot":
        for command in commands:
            result = subprocess.run(
                command, env=env, preexec_fn=child_setup, stdout=out, stderr=out
            )
            if result.returncode:
                sys.exit(
                    f"{name}: {command} failed ({result.returncode}); see /var/log/dc-{name}.log"
                )
        return
    pass_fds = ()
    if sock is not None:
        # As systemd hands a socket over: fd 3, LISTEN_FDS=1, LISTEN_PID.
        os.dup2(sock.fileno(), 3, inheritable=True)
        pass_fds = (3,)
        env["LISTEN_FDS"] = "1"
        command = ["/bin/sh", "-c", 'LISTEN_PID=$$ exec "$@"', "sh", *commands[0]]
    else:
        command = commands[0]
    proc = subprocess.Popen(
        command,
        env=env,
        preexec_fn=child_setup,
        stdout=out,
        stderr=out,
        pass_fds=pass_fds,
        start_new_session=True,
    )
    (STATE / f"{name}.pid").write_text(str(proc.pid))


def stop(name):
    pidfile = STATE / f"{name}.pid"
    if not pidfile.exists():
        return
    pid = int(pidfile.read_text())
    try:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(150):
            os.kill(pid, 0)
            time.sleep(0.2)
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pidfile.unlink()


def wait_for(listen, seconds=60):
    for _ in range(seconds * 5):
        try:
            if listen.startswith("/"):
                s = socket.socket(socket.AF_UNIX)
                s.connect(listen)
            else:
                enter_lan()
                host, _, port = listen.rpartition(":")
                s = socket.create_connection((host, int(port)))
            s.close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"nothing answers on {listen}")


def start(name):
    base = name.removesuffix(".service")
    if base == "systemd-journald":
        log("  (no journald here: its drop-in is checked by run.sh)")
        return None
    if name.endswith(".socket"):
        return None  # made when its service starts
    if name.endswith(".timer"):
        timer = read_unit(name)
        target = one(
            timer.get("Timer", {}), "Unit", name.removesuffix(".timer") + ".service"
        )
        log(f"  {name}: running {target} once now")
        return run_service(
            target.removesuffix(".service"), read_unit(target), wait=True
        )
    unit = read_unit(base + ".service")
    if unit is None:
        sys.exit(f"Unit {base}.service not found.")
    stop(base)
    requires = " ".join(unit["Unit"].get("Requires", [])).split()
    sockets = [r for r in requires if r.endswith(".socket")]
    sock = listen = None
    if sockets:
        sock_unit = read_unit(sockets[0])
        if sock_unit is None:
            sys.exit(f"Unit {sockets[0]} not found.")
        # The shim itself joins the private network: a socket on an address
        # is made there, as on the server.
        enter_lan()
        sock, listen = make_socket(sock_unit)
        run_service(base, unit, sock)
        sock.close()
        wait_for(listen)
        return None
    run_service(base, unit)
    return None


def main():
    STATE.mkdir(parents=True, exist_ok=True)
    args = sys.argv[1:]

    verb, *rest = args
    units = [a for a in rest if not a.startswith("-")]
    if verb == "daemon-reload" or (verb == "enable" and "--now" not in rest):
        return
    if verb in ("enable", "start", "restart", "reload"):
        for unit in units:
            if unit.removesuffix(".service") == "postgresql" and verb == "reload":
                enter_lan()
                for version in os.listdir("/etc/postgresql"):
                    subprocess.run(
                        ["pg_ctlcluster", version, "main", "reload"], check=True
                    )
                continue
            start(unit)
        return
    if verb == "stop":
        for unit in units:
            stop(unit.removesuffix(".service"))
        return
    sys.exit(f"check's systemctl: {verb} is not supported")


if __name__ == "__main__":
    main()
