package io.alcorvx.engine;

import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;

/**
 * Reference lookups with Neutron's visibility rule: what the actor may not see does not exist
 * for it (404), so projects cannot probe each other's ids.
 */
final class Lookups {
  private Lookups() {}

  /** A network the actor may attach to: its own, a shared one, or any for an admin. */
  static Network usableNetwork(Tx tx, String id) {
    Network n = id == null ? null : tx.model.network(id);
    if (n == null || !(tx.actor.canSee(n.projectId()) || n.shared())) throw EngineException.notFound("Network", String.valueOf(id));
    return n;
  }

  /** A network the actor may change or extend with subnets. */
  static Network ownedNetwork(Tx tx, String id) {
    Network n = id == null ? null : tx.model.network(id);
    if (n == null || !tx.actor.canSee(n.projectId())) throw EngineException.notFound("Network", String.valueOf(id));
    return n;
  }

  static Subnet subnet(Tx tx, String id) {
    Subnet s = id == null ? null : tx.model.subnet(id);
    if (s == null) throw EngineException.notFound("Subnet", String.valueOf(id));
    Network n = tx.model.network(s.networkId());
    if (!tx.actor.canSee(s.projectId()) && !(n != null && n.shared())) throw EngineException.notFound("Subnet", id);
    return s;
  }

  static Subnet ownedSubnet(Tx tx, String id) {
    Subnet s = id == null ? null : tx.model.subnet(id);
    if (s == null || !tx.actor.canSee(s.projectId())) throw EngineException.notFound("Subnet", String.valueOf(id));
    return s;
  }

  static Port port(Tx tx, String id) {
    Port p = id == null ? null : tx.model.port(id);
    if (p == null || !tx.actor.canSee(p.projectId())) throw EngineException.notFound("Port", String.valueOf(id));
    return p;
  }

  static SecurityGroup securityGroup(Tx tx, String id) {
    SecurityGroup g = id == null ? null : tx.model.securityGroup(id);
    if (g == null || !tx.actor.canSee(g.projectId())) throw EngineException.notFound("SecurityGroup", String.valueOf(id));
    return g;
  }

  static Router router(Tx tx, String id) {
    Router r = id == null ? null : tx.model.router(id);
    if (r == null || !tx.actor.canSee(r.projectId())) throw EngineException.notFound("Router", String.valueOf(id));
    return r;
  }
}
