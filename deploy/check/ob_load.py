"""Run on the Onionbalance host as the onionbalance user: load the installed
config.yaml and front key with Onionbalance's own code, as it does at start
once tor has a consensus (which tor, with no network here, never gets), and
print the front address and the backends it would balance."""

import sys
from types import SimpleNamespace

from onionbalance.hs_v3 import onionbalance as ob_main
from onionbalance.hs_v3 import service as ob_service

CONFIG = "/etc/onionbalance/config.yaml"

balancer = ob_main.Onionbalance()
# Backends are bound to the running balancer's tor controller: none here.
ob_main.my_onionbalance.controller = SimpleNamespace(controller=None)
balancer.config_path = CONFIG
data = balancer.load_config_file()
for entry in data["services"]:
    service = ob_service.OnionbalanceService(entry, CONFIG)
    backends = " ".join(i.onion_address for i in service.instances)
    sys.stdout.write(f"front {service.onion_address} backends {backends}\n")
