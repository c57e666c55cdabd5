package io.alcorvx.engine;

import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.*;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.List;

/**
 * The network state machine: {@code apply(command, now) -> (result, changes)}. Deterministic,
 * single-threaded (exactly one owner calls it), and all-or-nothing: a command that is refused, or
 * that fails half-way, leaves the model exactly as it was.
 */
public final class Engine {
  private final EngineConfig config;
  private final IdSource ids;
  private final Model model;

  public Engine(EngineConfig config, IdSource ids) {
    this.config = config;
    this.ids = ids;
    this.model = new Model(config);
  }

  public EngineConfig config() { return config; }

  /** Read access for the compiler, the resolver and tests; mutate only through {@link #apply}. */
  public Model model() { return model; }

  /**
   * Applies one command at time {@code now} (epoch millis).
   *
   * @throws EngineException when the command is refused; nothing has changed then
   */
  public Result apply(Command command, long now) {
    Tx tx = new Tx(model, config, ids, now, command.actor());
    try {
      Object value = dispatch(tx, command);
      return new Result(value, tx.changes);
    } catch (RuntimeException e) {
      revert(tx.changes);
      throw e;
    }
  }

  /**
   * Undoes an applied change set (newest first). Used when a command fails half-way and when the
   * store could not make a change set durable, so memory and database never disagree.
   */
  public void revert(ChangeSet changes) {
    List<ChangeSet.Change> list = changes.changes();
    for (int i = list.size() - 1; i >= 0; i--) {
      ChangeSet.Change c = list.get(i);
      if (c.after() != null) model.remove(c.after());
      if (c.before() != null) model.put(c.before());
    }
  }

  /**
   * Adds a stored resource while loading from the database. Order: hosts, networks, security
   * groups, subnets, routers, ports (ports last, so their addresses index under their subnets).
   */
  public void load(Resource r) { model.put(r instanceof Port p ? sharingReferences(p) : r); }

  /**
   * A loaded port whose references to loaded records are those records' own strings (network,
   * project, subnets, security groups, registered host). Decoded rows carry a copy of every id:
   * at a million ports that is hundreds of megabytes of duplicates, and the on-demand checks
   * compare them by content in memory that is rarely cached. Ports made by commands share them
   * already (the commands take them from the records).
   */
  private Port sharingReferences(Port p) {
    Network network = model.network(p.networkId());
    String networkId = network == null ? p.networkId() : network.id();
    String projectId = network != null && network.projectId().equals(p.projectId()) ? network.projectId() : p.projectId();
    List<Port.FixedIp> fixedIps = new ArrayList<>(p.fixedIps().size());
    for (Port.FixedIp f : p.fixedIps()) {
      Subnet subnet = model.subnet(f.subnetId());
      fixedIps.add(subnet == null ? f : new Port.FixedIp(subnet.id(), f.ipAddress()));
    }
    List<String> groups = new ArrayList<>(p.securityGroupIds().size());
    for (String id : p.securityGroupIds()) {
      SecurityGroup g = model.securityGroup(id);
      groups.add(g == null ? id : g.id());
    }
    Host host = p.hostKey().isEmpty() ? null : model.host(p.hostKey());
    String hostKey = host == null ? p.hostKey() : host.id();
    return new Port(p.id(), projectId, networkId, p.name(), p.description(), p.macAddress(), fixedIps, p.deviceId(),
        p.deviceOwner(), HostCommands.sharedBinding(host, p.bindingHostId()), hostKey, groups, p.allowedAddressPairs(), p.adminStateUp(), p.status(), p.stamp());
  }

  private Object dispatch(Tx tx, Command command) {
    if (command instanceof Batch b) {
      List<Object> values = new ArrayList<>(b.commands().size());
      for (Command c : b.commands()) {
        tx.actor = c.actor();
        values.add(dispatch(tx, c));
      }
      return values;
    }
    if (command instanceof CreatePort c) return PortCommands.create(tx, c);
    if (command instanceof UpdatePort c) return PortCommands.update(tx, c);
    if (command instanceof DeletePort c) { PortCommands.delete(tx, c); return null; }
    if (command instanceof SetPortStatus c) return PortCommands.setStatus(tx, c);
    if (command instanceof CreateNetwork c) return NetworkCommands.create(tx, c);
    if (command instanceof UpdateNetwork c) return NetworkCommands.update(tx, c);
    if (command instanceof DeleteNetwork c) { NetworkCommands.delete(tx, c); return null; }
    if (command instanceof CreateSubnet c) return SubnetCommands.create(tx, c);
    if (command instanceof UpdateSubnet c) return SubnetCommands.update(tx, c);
    if (command instanceof DeleteSubnet c) { SubnetCommands.delete(tx, c); return null; }
    if (command instanceof CreateSecurityGroup c) return SecurityGroupCommands.create(tx, c);
    if (command instanceof UpdateSecurityGroup c) return SecurityGroupCommands.update(tx, c);
    if (command instanceof DeleteSecurityGroup c) { SecurityGroupCommands.delete(tx, c); return null; }
    if (command instanceof CreateSecurityGroupRule c) return SecurityGroupCommands.createRule(tx, c);
    if (command instanceof DeleteSecurityGroupRule c) { SecurityGroupCommands.deleteRule(tx, c); return null; }
    if (command instanceof CreateRouter c) return RouterCommands.create(tx, c);
    if (command instanceof UpdateRouter c) return RouterCommands.update(tx, c);
    if (command instanceof DeleteRouter c) { RouterCommands.delete(tx, c); return null; }
    if (command instanceof AddRouterInterface c) return RouterCommands.addInterface(tx, c);
    if (command instanceof RemoveRouterInterface c) return RouterCommands.removeInterface(tx, c);
    if (command instanceof RegisterHost c) return HostCommands.register(tx, c);
    if (command instanceof DeleteHost c) { HostCommands.delete(tx, c); return null; }
    throw new IllegalArgumentException("unknown command " + command.getClass().getSimpleName());
  }
}
