"""Every tor and Onionbalance configuration shipped in deploy/ is accepted by
the program that reads it: tor (--verify-config) for each torrc, with the
ob_config a backend needs, and the onionbalance package for config.yaml."""

import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from onionbalance.hs_v3 import onionbalance as ob_main
from onionbalance.hs_v3 import service as ob_service
from stem.descriptor.hidden_service import HiddenServiceDescriptorV3

from tests.helpers import REPO, require_tool

DEPLOY = REPO / "deploy"
TORRCS = sorted(p for p in DEPLOY.rglob("torrc*") if p.is_file())


def new_onion():
    """A fresh v3 onion key: (private key, address with .onion)."""
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    return key, HiddenServiceDescriptorV3.address_from_identity_key(public)


def localised_torrc(path, tmp_path):
    """The torrc with its server paths moved into tmp_path, as tor reads it."""
    text = path.read_text()
    for server, local in (
        ("/var/lib/tor", tmp_path / "tor"),
        ("/run/selfhelp", tmp_path / "run"),
        ("/run/tor", tmp_path / "runtor"),
    ):
        text = text.replace(server, str(local))
    (tmp_path / "run").mkdir(exist_ok=True)
    (tmp_path / "runtor").mkdir(mode=0o700, exist_ok=True)
    return text.replace("Log notice syslog", "Log notice stderr")


def verify(tor, torrc_text, tmp_path):
    (tmp_path / "torrc").write_text(torrc_text)
    return subprocess.run(  # noqa: S603 (tor found on PATH, our file)
        [tor, "--verify-config", "-f", str(tmp_path / "torrc")],
        capture_output=True,
        text=True,
        timeout=60,
    )


def write_ob_config(tmp_path, front_address):
    """The shipped ob_config, with a front address, in the backend's
    HiddenServiceDir (tor wants that directory private)."""
    service_dir = tmp_path / "tor" / "selfhelp"
    service_dir.mkdir(parents=True, mode=0o700, exist_ok=True)
    (tmp_path / "tor").chmod(0o700)
    shipped = (DEPLOY / "onionbalance" / "ob_config").read_text()
    assert "MasterOnionAddress FRONT-ONION-ADDRESS.onion" in shipped
    (service_dir / "ob_config").write_text(
        shipped.replace("FRONT-ONION-ADDRESS.onion", front_address)
    )


def test_every_shipped_torrc_is_found():
    names = {p.relative_to(DEPLOY).as_posix() for p in TORRCS}
    assert {
        "torrc",
        "torrc-front",
        "onionbalance/torrc-backend",
        "onionbalance/torrc-onionbalance",
    } <= names


@pytest.mark.parametrize("path", TORRCS, ids=lambda p: p.relative_to(DEPLOY).as_posix())
def test_tor_accepts_every_shipped_torrc(path, tmp_path):
    tor = shutil.which("tor")
    require_tool(tor, "tor (apt-get install tor)")
    text = localised_torrc(path, tmp_path)
    if "HiddenServiceOnionbalanceInstance 1" in text:
        write_ob_config(tmp_path, new_onion()[1])
    result = verify(tor, text, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration was valid" in result.stdout
    assert "SafeLogging 1" in text


def test_a_backend_without_ob_config_does_not_start(tmp_path):
    """Why ob_config is shipped and documented: tor refuses the backend
    configuration without it."""
    tor = shutil.which("tor")
    require_tool(tor, "tor (apt-get install tor)")
    text = localised_torrc(DEPLOY / "onionbalance" / "torrc-backend", tmp_path)
    (tmp_path / "tor" / "selfhelp").mkdir(parents=True, mode=0o700)
    (tmp_path / "tor").chmod(0o700)
    result = verify(tor, text, tmp_path)
    assert result.returncode != 0
    assert "ob_config" in result.stdout + result.stderr


def test_the_front_keeps_proof_of_work_and_backends_do_not_pretend_to():
    front = (DEPLOY / "torrc-front").read_text()
    assert "HiddenServicePoWDefensesEnabled 1" in front
    assert front.count("HiddenServicePort 80 ") >= 2
    backend = (DEPLOY / "onionbalance" / "torrc-backend").read_text()
    assert "HiddenServicePoWDefensesEnabled 1" not in backend
    assert "HiddenServiceEnableIntroDoSDefense 1" in backend


def test_onionbalance_loads_the_shipped_config(tmp_path, monkeypatch):
    """The onionbalance package reads config.yaml as shipped (placeholders
    filled in) with its own validation, then loads the front key and the
    backends the way it does at start, short of connecting to tor."""
    front_key, front_address = new_onion()
    backends = [new_onion()[1] for _ in range(2)]
    text = (DEPLOY / "onionbalance" / "config.yaml").read_text()
    assert "key: /etc/onionbalance/front.key" in text
    key_file = tmp_path / "front.key"
    key_file.write_bytes(
        front_key.private_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PrivateFormat.PKCS8,
            encryption_algorithm=serialization.NoEncryption(),
        )
    )
    text = text.replace("/etc/onionbalance/front.key", str(key_file))
    for number, address in enumerate(backends, 1):
        text = text.replace(f"BACKEND-{number}-ONION-ADDRESS.onion", address)
    config = tmp_path / "config.yaml"
    config.write_text(text)

    balancer = ob_main.Onionbalance()
    # Backends are bound to the running balancer's tor controller; here there
    # is no tor to talk to.
    monkeypatch.setattr(
        ob_main.my_onionbalance,
        "controller",
        SimpleNamespace(controller=None),
        raising=False,
    )
    balancer.config_path = str(config)
    data = balancer.load_config_file()
    assert len(data["services"]) == 1
    service = ob_service.OnionbalanceService(data["services"][0], str(config))
    assert service.onion_address == front_address
    assert [i.onion_address for i in service.instances] == [
        a.removesuffix(".onion") for a in backends
    ]

    # A typo in a backend's address is refused by the same validation.
    config.write_text(text.replace(backends[0], "not-an-onion.onion"))
    with pytest.raises(ob_main.ConfigError):
        balancer.load_config_file()


def test_the_onionbalance_unit_starts_onionbalance_on_tors_socket():
    unit = (DEPLOY / "onionbalance" / "onionbalance.service").read_text()
    data = yaml.safe_load((DEPLOY / "onionbalance" / "config.yaml").read_text())
    assert data["services"][0]["key"] == "/etc/onionbalance/front.key"
    assert "--config /etc/onionbalance/config.yaml" in unit
    assert "--socket /run/tor/control" in unit
    torrc = (DEPLOY / "onionbalance" / "torrc-onionbalance").read_text()
    assert "ControlSocket /run/tor/control" in torrc
    assert "SupplementaryGroups=debian-tor" in unit


def test_systemd_accepts_the_onionbalance_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    text = (DEPLOY / "onionbalance" / "onionbalance.service").read_text()
    text = text.replace("/opt/onionbalance/bin/onionbalance", sys.executable)
    (tmp_path / "onionbalance.service").write_text(text)
    result = subprocess.run(  # noqa: S603 (systemd-analyze found on PATH, our file)
        [analyze, "verify", str(tmp_path / "onionbalance.service")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
