"""Phases of the fan-out end-to-end test, driven with the real OpenStack SDK (auth_type none).

Usage: /usr/bin/python3 openstack_hosts.py ENDPOINT PHASE [ARGS...]; prints one JSON object.
  build                      network, two subnets joined by a router, ports on sim-1, sim-2, sim-3 and sim-slow
  change PORT_ID PORT_ID     rename the first port, delete the second, detach the second subnet from the router
  port HOST NETWORK_ID       one more port bound to HOST
"""
import json
import sys

import openstack

endpoint, phase = sys.argv[1], sys.argv[2]
conn = openstack.connect(auth_type="none", auth={"endpoint": endpoint}, network_endpoint_override=endpoint)
net = conn.network

if phase == "build":
    n = net.create_network(name="fanout")
    s1 = net.create_subnet(network_id=n.id, ip_version=4, cidr="10.70.1.0/24", name="fanout-1")
    s2 = net.create_subnet(network_id=n.id, ip_version=4, cidr="10.70.2.0/24", name="fanout-2")
    r = net.create_router(name="fanout-router")
    net.add_interface_to_router(r, subnet_id=s1.id)
    net.add_interface_to_router(r, subnet_id=s2.id)
    ports = {}
    for host, subnet in [("sim-1", s1), ("sim-2", s1), ("sim-3", s2), ("sim-slow", s1)]:
        p = net.create_port(network_id=n.id, name="vm-on-" + host, fixed_ips=[{"subnet_id": subnet.id}],
                            binding_host_id=host, device_owner="compute:nova", device_id="vm-" + host)
        ports[host] = p.id
    print(json.dumps({"network": n.id, "subnets": [s1.id, s2.id], "router": r.id, "ports": ports}))
elif phase == "change":
    keep, drop = sys.argv[3], sys.argv[4]
    net.update_port(keep, name="renamed")
    net.delete_port(drop)
    router = next(net.routers(name="fanout-router"))
    s2 = next(net.subnets(name="fanout-2"))
    net.remove_interface_from_router(router, subnet_id=s2.id)
    print(json.dumps({"ok": True}))
elif phase == "port":
    host, network = sys.argv[3], sys.argv[4]
    p = net.create_port(network_id=network, binding_host_id=host, name="late-" + host)
    print(json.dumps({"port": p.id}))
else:
    raise SystemExit("unknown phase " + phase)
