package io.alcorvx.engine;

import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.DeleteNetwork;
import io.alcorvx.engine.command.Command.UpdateNetwork;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Stamp;
import java.util.ArrayList;

/** Networks (VPCs): VNI allocation, MTU, and the push/on-demand mode with hysteresis. */
final class NetworkCommands {
  private NetworkCommands() {}

  static final int MIN_MTU = 68;
  static final int MAX_MTU = 9000;

  static Network create(Tx tx, CreateNetwork c) {
    String project = tx.ownerProject(c.projectId());
    String id = tx.idOr(c.id());
    if (tx.model.network(id) != null) throw EngineException.conflict("NetworkExists", "Network " + id + " already exists.");
    int mtu = checkMtu(Tx.or(c.mtu(), tx.config.defaultMtu()));
    long vni;
    if (c.segmentationId() != null) {
      if (!tx.actor.admin()) throw EngineException.forbidden("Only an admin can choose provider:segmentation_id");
      vni = c.segmentationId();
      if (vni < 1 || vni > 0xFFFFFF) throw EngineException.badRequest("segmentation id " + vni + " is outside 1..16777215");
      if (tx.model.networkByVni(vni) != null) {
        throw EngineException.conflict("TunnelIdInUse", "Unable to create the network. The tunnel ID " + vni + " is in use.");
      }
    } else {
      vni = tx.model.vnis.allocate();
      if (vni < 0) throw EngineException.conflict("NoNetworkAvailable", "Unable to create the network. No tenant network is available for allocation.");
    }
    FanoutPolicy policy = Tx.or(c.fanoutPolicy(), FanoutPolicy.AUTO);
    Network n = new Network(id, project, Tx.orEmpty(c.name()), Tx.orEmpty(c.description()),
        Tx.or(c.adminStateUp(), true), Tx.or(c.shared(), false), Tx.or(c.external(), false), mtu, vni,
        policy, policy != FanoutPolicy.ON_DEMAND, Stamp.created(tx.now));
    tx.create(n);
    return n;
  }

  static Network update(Tx tx, UpdateNetwork c) {
    Network old = Lookups.ownedNetwork(tx, c.id());
    if (c.shared() != null && c.shared() != old.shared() && !tx.actor.admin() && !tx.actor.projectId().equals(old.projectId())) {
      throw EngineException.forbidden("Only the owner or an admin can change shared");
    }
    FanoutPolicy policy = Tx.or(c.fanoutPolicy(), old.fanoutPolicy());
    Network n = new Network(old.id(), old.projectId(), Tx.or(c.name(), old.name()),
        Tx.or(c.description(), old.description()), Tx.or(c.adminStateUp(), old.adminStateUp()),
        Tx.or(c.shared(), old.shared()), Tx.or(c.external(), old.external()),
        c.mtu() == null ? old.mtu() : checkMtu(c.mtu()), old.segmentationId(), policy,
        decideMode(tx, policy, tx.model.portCount(old.id()), old.pushMode()), old.stamp().bumped(tx.now));
    tx.update(old, n);
    return n;
  }

  static void delete(Tx tx, DeleteNetwork c) {
    Network n = Lookups.ownedNetwork(tx, c.id());
    if (!tx.model.portsOfNetwork(n.id()).isEmpty()) {
      throw EngineException.conflict("NetworkInUse", "Unable to complete operation on network " + n.id()
          + ". There are one or more ports still in use on the network.");
    }
    // Like Neutron, deleting a network takes its (now port-less) subnets with it.
    for (String subnetId : new ArrayList<>(tx.model.subnetsOf(n.id()))) {
      tx.delete(tx.model.subnet(subnetId));
    }
    tx.delete(n);
  }

  /** Re-evaluates the fan-out mode after the network's port count changed. */
  static void reconsiderMode(Tx tx, String networkId) {
    Network n = tx.model.network(networkId);
    if (n == null) return;
    boolean push = decideMode(tx, n.fanoutPolicy(), tx.model.portCount(networkId), n.pushMode());
    if (push != n.pushMode()) tx.update(n, n.withPushMode(push, tx.now));
  }

  private static boolean decideMode(Tx tx, FanoutPolicy policy, int ports, boolean currentPush) {
    return switch (policy) {
      case PUSH -> true;
      case ON_DEMAND -> false;
      case AUTO -> {
        if (currentPush && ports > tx.config.onDemandAbovePorts()) yield false;
        if (!currentPush && ports < tx.config.pushBelowPorts()) yield true;
        yield currentPush;
      }
    };
  }

  private static int checkMtu(int mtu) {
    if (mtu < MIN_MTU || mtu > MAX_MTU) throw EngineException.badRequest("mtu " + mtu + " is outside " + MIN_MTU + ".." + MAX_MTU);
    return mtu;
  }
}
