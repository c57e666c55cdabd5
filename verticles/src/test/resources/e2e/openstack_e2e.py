"""End-to-end check of the Neutron API with the real OpenStack SDK and CLI (auth_type none).

Run by OpenStackClientTest against a running service; exits non-zero on the first failed check.
Usage: /usr/bin/python3 openstack_e2e.py http://127.0.0.1:PORT
"""
import json
import os
import subprocess
import sys
import urllib.request
import urllib.error

import openstack
from openstack import exceptions

ENDPOINT = sys.argv[1]
conn = openstack.connect(auth_type="none", auth={"endpoint": ENDPOINT}, network_endpoint_override=ENDPOINT)
net = conn.network
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        print("FAILED: " + what, flush=True)
        sys.exit(1)
    print("ok: " + what, flush=True)


def expect(exc_type, what, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except exc_type as e:
        check(True, "%s -> %s (%s)" % (what, type(e).__name__, str(e).splitlines()[0][:120]))
        return e
    except Exception as e:  # noqa: BLE001 - report whatever came instead
        check(False, "%s -> expected %s, got %s: %s" % (what, exc_type.__name__, type(e).__name__, e))
    check(False, "%s -> expected %s, got success" % (what, exc_type.__name__))


def raw(method, path, body=None, raw_body=None):
    data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(ENDPOINT + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


# --- networks -------------------------------------------------------------------------------
n1 = net.create_network(name="e2e-net1")
check(n1.id and n1.name == "e2e-net1", "create network")
n2 = net.create_network(name="e2e-net2", mtu=1400)
check(n2.mtu == 1400, "create network with mtu")
check(net.get_network(n1.id).name == "e2e-net1", "show network")
names = sorted(n.name for n in net.networks(name=["e2e-net1", "e2e-net2"]))
check(names == ["e2e-net1", "e2e-net2"], "list networks filtered by repeated name (OR)")
n1 = net.update_network(n1, name="e2e-net1b")
check(n1.name == "e2e-net1b" and n1.revision_number == 2, "update network bumps revision")

# --- subnets --------------------------------------------------------------------------------
s1 = net.create_subnet(network_id=n1.id, ip_version=4, cidr="10.10.0.0/24", name="e2e-s1")
check(s1.gateway_ip == "10.10.0.1" and s1.allocation_pools == [{"start": "10.10.0.2", "end": "10.10.0.254"}],
      "create subnet with default gateway and pools")
s6 = net.create_subnet(network_id=n1.id, ip_version=6, cidr="fd00:10::/64", name="e2e-s6")
check(s6.ip_version == 6, "create IPv6 subnet")
s2 = net.create_subnet(network_id=n2.id, ip_version=4, cidr="10.20.0.0/24", name="e2e-s2", enable_dhcp=False)
expect(exceptions.ConflictException, "overlapping subnet is a conflict",
       net.create_subnet, network_id=n1.id, ip_version=4, cidr="10.10.0.128/25")
expect(exceptions.BadRequestException, "malformed CIDR is a bad request",
       net.create_subnet, network_id=n1.id, ip_version=4, cidr="10.10.300.0/24")
check({s.name for s in net.subnets(network_id=n1.id)} == {"e2e-s1", "e2e-s6"}, "list subnets by network")
s2 = net.update_subnet(s2, name="e2e-s2b", enable_dhcp=True)
check(s2.name == "e2e-s2b" and s2.is_dhcp_enabled, "update subnet")

# --- ports ----------------------------------------------------------------------------------
p1 = net.create_port(network_id=n1.id, name="e2e-p1")
ips = {ip["subnet_id"]: ip["ip_address"] for ip in p1.fixed_ips}
check(s1.id in ips and s6.id in ips and p1.mac_address.startswith("fa:16:3e"), "create port: dual-stack IPs and MAC allocated")
check(p1.status == "DOWN", "a new port is DOWN")
p2 = net.create_port(network_id=n1.id, name="e2e-p2", fixed_ips=[{"subnet_id": s1.id, "ip_address": "10.10.0.50"}])
check(p2.fixed_ips == [{"subnet_id": s1.id, "ip_address": "10.10.0.50"}], "create port with explicit IP")
expect(exceptions.ConflictException, "duplicate IP is a conflict",
       net.create_port, network_id=n1.id, fixed_ips=[{"subnet_id": s1.id, "ip_address": "10.10.0.50"}])
expect(exceptions.BadRequestException, "IP outside its subnet is a bad request",
       net.create_port, network_id=n1.id, fixed_ips=[{"subnet_id": s1.id, "ip_address": "10.99.0.5"}])
p2 = net.update_port(p2, binding_host_id="compute-1")
check(p2.binding_host_id == "compute-1", "bind a port to a host (Nova's flow)")
found = list(net.ports(fixed_ips=["ip_address=10.10.0.50"]))
check([p.id for p in found] == [p2.id], "list ports filtered by fixed IP")
for i in range(5):
    net.create_port(network_id=n2.id, name="e2e-page-%d" % i)
status, page1 = raw("GET", "/v2.0/ports?network_id=%s&limit=2&sort_key=name&sort_dir=asc" % n2.id)
check(status == 200 and [p["name"] for p in page1["ports"]] == ["e2e-page-0", "e2e-page-1"], "first page, sorted")
nxt = [l for l in page1.get("ports_links", []) if l["rel"] == "next"]
check(len(nxt) == 1, "next link on a limited page")
status, page2 = raw("GET", nxt[0]["href"].split(ENDPOINT.rstrip("/"), 1)[-1] if nxt[0]["href"].startswith("http") else nxt[0]["href"])
check([p["name"] for p in page2["ports"]] == ["e2e-page-2", "e2e-page-3"], "second page via next link")
check(len(list(net.ports(network_id=n2.id))) == 5, "SDK list follows pagination")
status, fields = raw("GET", "/v2.0/ports?network_id=%s&fields=id&fields=name" % n2.id)
check(all(set(p) == {"id", "name"} for p in fields["ports"]), "fields= returns only those fields")

# --- security groups ------------------------------------------------------------------------
sg = net.create_security_group(name="e2e-web")
check(len(sg.security_group_rules) == 2, "new group has the two egress rules")
rule = net.create_security_group_rule(security_group_id=sg.id, direction="ingress", protocol="tcp",
                                      port_range_min=80, port_range_max=80, ethertype="IPv4", remote_ip_prefix="0.0.0.0/0")
check(rule.port_range_min == 80, "create rule")
expect(exceptions.ConflictException, "duplicate rule is a conflict", net.create_security_group_rule,
       security_group_id=sg.id, direction="ingress", protocol="tcp", port_range_min=80, port_range_max=80,
       ethertype="IPv4", remote_ip_prefix="0.0.0.0/0")
check(any(r.id == rule.id for r in net.security_group_rules(security_group_id=sg.id)), "list rules of a group")
p3 = net.create_port(network_id=n1.id, name="e2e-p3", security_group_ids=[sg.id])
expect(exceptions.ConflictException, "deleting a group in use is a conflict", net.delete_security_group, sg)
net.delete_security_group_rule(rule)
check(all(r.id != rule.id for r in net.security_group_rules(security_group_id=sg.id)), "delete rule")

# --- routers --------------------------------------------------------------------------------
r = net.create_router(name="e2e-router")
net.add_interface_to_router(r, subnet_id=s1.id)
net.add_interface_to_router(r, subnet_id=s2.id)
rports = list(net.ports(device_id=r.id))
check(sorted(p.fixed_ips[0]["ip_address"] for p in rports) == ["10.10.0.1", "10.20.0.1"], "router interfaces hold the gateway IPs")
r = net.update_router(r, routes=[{"destination": "172.16.0.0/24", "nexthop": "10.10.0.50"}])
check(r.routes == [{"destination": "172.16.0.0/24", "nexthop": "10.10.0.50"}], "router routes")
expect(exceptions.ConflictException, "deleting a subnet attached to a router is a conflict", net.delete_subnet, s2)
net.update_router(r, routes=[])
net.remove_interface_from_router(r, subnet_id=s1.id)
net.remove_interface_from_router(r, subnet_id=s2.id)
net.delete_router(r)
expect(exceptions.ResourceNotFound, "deleted router is gone", net.get_router, r.id)

# --- in-use and malformed -------------------------------------------------------------------
expect(exceptions.ConflictException, "deleting a subnet in use is a conflict", net.delete_subnet, s1)
status, body = raw("POST", "/v2.0/networks", raw_body=b'{"network": {"name": ')
check(status == 400 and "NeutronError" in body, "malformed JSON is a 400 in Neutron's shape")
status, body = raw("POST", "/v2.0/networks", {"network": {"name": "x", "bogus_field": 1}})
check(status == 400 and "NeutronError" in body, "unknown field is a 400")
status, body = raw("POST", "/v2.0/ports", {"port": {"network_id": n1.id, "fixed_ips": "not-a-list"}})
check(status == 400 and "NeutronError" in body, "wrongly typed field is a 400")

# --- the CLI, as an operator types it -------------------------------------------------------
env = dict(os.environ, OS_AUTH_TYPE="none", OS_ENDPOINT=ENDPOINT)
env.pop("OS_CLOUD", None)


def cli(*args):
    out = subprocess.run(["openstack", *args, "-f", "json"], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        check(False, "openstack %s: %s" % (" ".join(args), out.stderr.strip()[-300:]))
    return json.loads(out.stdout) if out.stdout.strip() else None


cnet = cli("network", "create", "e2e-cli-net")
csub = cli("subnet", "create", "--network", cnet["id"], "--subnet-range", "192.168.77.0/24", "e2e-cli-sub")
cport = cli("port", "create", "--network", cnet["id"], "--fixed-ip", "subnet=%s,ip-address=192.168.77.10" % csub["id"], "e2e-cli-port")
listed = cli("port", "list", "--network", cnet["id"])
check([p["ID"] for p in listed] == [cport["id"]], "CLI: network, subnet, port create and port list")

# --- deletes --------------------------------------------------------------------------------
for p in list(net.ports()):
    if p.device_owner != "network:router_interface":
        net.delete_port(p)
check(list(net.ports(network_id=n1.id)) == [], "delete ports")
net.delete_subnet(s1)
net.delete_network(n2)
expect(exceptions.ResourceNotFound, "deleted network is gone", net.get_network, n2.id)
net.delete_security_group(sg)
print("e2e: all %d checks passed" % checks)
