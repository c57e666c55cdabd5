package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the change set of one command into per-host operations, queued on {@link HostQueues}.
 *
 * <p>For each (host, entry) pair the change can touch, it evaluates {@link Membership} before
 * and after the change and emits CREATE, UPDATE (only if the body changed) or DELETE. The pairs
 * come from indexes (hosts of a subnet, of a security group, of a router's subnets), so the work
 * is proportional to the hosts affected, never to the size of the VPC. Hosts whose own ports or
 * routers changed get their {@link HostScope} recomputed and the entries of whatever entered or
 * left their scope evaluated as well.
 */
public final class GoalStateCompiler {
  private final Model model;
  private final HostQueues queues;
  private final View current;
  private final Map<String, HostScope> scopes = new HashMap<>();
  private final NeighborEntries neighbors = new NeighborEntries();
  private final CompileStats stats = new CompileStats();

  public GoalStateCompiler(Model model, HostQueues queues) {
    this.model = model;
    this.queues = queues;
    this.current = View.current(model);
  }

  public HostQueues queues() { return queues; }

  public CompileStats stats() { return stats; }

  /** Computes every host's scope from the model; call once after loading, before compiling. */
  public void initialize() {
    scopes.clear();
    Set<String> hostKeys = new HashSet<>();
    for (Port p : model.ports()) if (p.isBound()) hostKeys.add(p.hostKey());
    for (String h : hostKeys) scopes.put(h, HostScope.of(model, h));
  }

  /** Ports whose neighbor keys and entries are cached (for tests and metrics). */
  public int cachedNeighborPorts() { return neighbors.size(); }

  public HostScope scopeOf(String host) { return scopes.getOrDefault(host, HostScope.EMPTY); }

  /** Every entry of a host's goal state, computed from scratch (FULL pushes, resync digests). */
  public Map<EntryKey, Entry> fullState(String host) {
    return FullState.of(model, current, scopeOf(host), host, neighbors);
  }

  /**
   * An upper bound of how many entries the host's goal state holds, without building it:
   * O(the host's subnets). Counts every port of the subnets whose neighbors it holds.
   */
  public int goalSizeBound(String host) {
    HostScope scope = scopeOf(host);
    long n = scope.networks.size() + scope.subnets.size() + scope.l3Subnets.size() + scope.securityGroups.size()
        + scope.routers.size() + 2L * scope.ports.size();
    for (String s : scope.subnets) n += pushedPorts(s);
    for (String s : scope.l3Subnets) n += pushedPorts(s);
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  private int pushedPorts(String subnet) { return Membership.pushes(current, subnet) ? portCount(subnet) : 0; }

  private int portCount(String subnet) {
    Set<String> ports = model.portsOfSubnet(subnet);
    return ports == null ? 0 : ports.size();
  }

  /** Compiles one applied change set straight into the host queues; returns the hosts that got new operations. */
  public Set<String> compile(ChangeSet changes) {
    Pass pass = new Pass(changes, new Sink() {
      public void emit(String host, Op op) { queues.enqueue(host, op); }
      public void full(String host) { queues.queue(host).fallBackToFull(); }
    }, true);
    pass.run();
    stats.record(pass.evaluations, pass.emitted);
    return pass.touchedHosts;
  }

  /**
   * Compiles one applied change set but holds its operations back: the service releases them
   * ({@link HostQueues#release}) only once the change set is durable, so no host ever sees a
   * change the database does not have. Staged batches must be released in compile order.
   */
  public StagedOps compileStaged(ChangeSet changes) {
    StagedCompile compile = beginStaged(changes);
    compile.step(Long.MAX_VALUE); // an unbounded step does it all
    return compile.staged();
  }

  /**
   * The same compile, done in steps of a bounded number of evaluations, so that a change reaching
   * thousands of hosts (a bulk create into a large push VPC: millions of (host, entry) pairs)
   * does not hold the caller's thread for seconds. The model must not change until it is done.
   */
  public StagedCompile beginStaged(ChangeSet changes) { return new StagedCompile(changes); }

  /** A staged compile in progress (see {@link #beginStaged}). */
  public final class StagedCompile {
    private final StagedOps staged = new StagedOps();
    private final Pass pass;
    private boolean started;
    private boolean done;

    private StagedCompile(ChangeSet changes) {
      pass = new Pass(changes, new Sink() {
        public void emit(String host, Op op) { staged.add(host, op); }
        public void full(String host) { staged.add(host, null); }
      }, false);
      pass.deferIndexed();
    }

    /**
     * Runs the compile on for about {@code evaluations} more (host, entry) evaluations (the first
     * step also does the host-scope work, which is not split); true once it is complete.
     */
    public boolean step(long evaluations) {
      if (done) return true;
      if (!started) {
        started = true;
        pass.start();
      }
      if (!pass.runDeferred(evaluations)) return false;
      pass.finish();
      stats.record(pass.evaluations, pass.emitted);
      done = true;
      return true;
    }

    /** The staged operations, in compile order (complete once {@link #step} returned true). */
    public StagedOps staged() {
      if (!done) throw new IllegalStateException("the compile is not finished");
      return staged;
    }
  }

  /**
   * An operation for a host, compiled but not yet released to its queue; or, with {@code op} null,
   * the host's next push must be a FULL state (see {@link #full}). Staged compiles hold them as
   * {@link StagedOps}; this is how one reads as an element.
   */
  public record StagedOp(String host, Op op) {
    public boolean isFull() { return op == null; }
  }

  private interface Sink {
    void emit(String host, Op op);

    /** The host gets a FULL state instead of this change's operations (they would be more than its queue takes). */
    void full(String host);
  }

  /** One compile: the before view, the recomputed scopes, and per-key entry caches. */
  private final class Pass {
    final ChangeSet changes;
    final Sink sink;
    final View before;
    final Map<String, HostScope> oldScopes = new LinkedHashMap<>();
    final Map<EntryKey, Entry> afterEntries = new HashMap<>();
    final Map<EntryKey, Entry> beforeEntries = new HashMap<>();
    final Set<String> touchedHosts = new LinkedHashSet<>();
    /** Scope hosts that get a FULL state instead of operations (see markFullScopeHosts). */
    final Set<String> fullHosts = new HashSet<>();
    /** The neighbor key last evaluated and its owners before and after (see Membership.neighborOwner). */
    private EntryKey ownerKey;
    private String ownerBefore;
    private String ownerAfter;
    /** One Op object per (key, type) for all hosts of this change: queued per host, shared by all. */
    final Map<EntryKey, Op[]> ops = new HashMap<>();
    final Map<String, Set<EntryKey>> evaluatedForScopeHosts = new HashMap<>();
    long evaluations;
    long emitted;

    /** Whether {@link #touchedHosts} is wanted (staged compiles leave it to the release). */
    final boolean trackHosts;

    Pass(ChangeSet changes, Sink sink, boolean trackHosts) {
      this.changes = changes;
      this.sink = sink;
      this.trackHosts = trackHosts;
      this.before = View.before(model, changes);
    }

    /**
     * Hosts of a key still to evaluate (see {@link #deferIndexed}). {@code l2Holders}: the hosts are
     * those with a port on the L2 neighbor key's own subnet (see {@link #l2NeighborChanged}).
     */
    private record IndexedWork(EntryKey key, Iterator<String> hosts, boolean l2Holders) {}

    /** Indexed (key, hosts) evaluations queued for {@link #runDeferred}; null = evaluated at once. */
    private ArrayDeque<IndexedWork> deferred;

    /** Queue the indexed evaluations (the bulk of a large fan-out) instead of running them at once. */
    void deferIndexed() { deferred = new ArrayDeque<>(); }

    void run() {
      start();
      runDeferred(Long.MAX_VALUE);
      finish();
    }

    /** Runs queued indexed evaluations, about {@code budget} of them; true when none are left. */
    boolean runDeferred(long budget) {
      if (deferred == null) return true;
      long limit = budget == Long.MAX_VALUE ? Long.MAX_VALUE : evaluations + budget;
      while (!deferred.isEmpty()) {
        if (!runIndexed(deferred.peek(), limit)) return false;
        deferred.poll();
      }
      return true;
    }

    /** Evaluates the work's hosts until {@code limit} evaluations in all; true when none are left. */
    private boolean runIndexed(IndexedWork w, long limit) {
      Iterator<String> hosts = w.hosts();
      EntryKey key = w.key();
      if (w.l2Holders()) {
        // Each of these hosts has a port on the key's subnet, and (not being a scope host) the same
        // scope before and after: Membership.holdsNeighbor then depends only on who owns the key. This
        // is the loop over every host of a push VPC that each port create runs; it skips the per-host
        // scope lookups, which were most of its cost (cache misses on thousands of hosts' scopes).
        evaluateOwners(key);
        String ownerBefore = this.ownerBefore;
        String ownerAfter = this.ownerAfter;
        while (hosts.hasNext()) {
          if (evaluations >= limit) return false;
          String h = hosts.next();
          if (oldScopes.containsKey(h)) continue; // scope hosts are evaluated once, by evaluateScopeHosts
          evaluations++;
          decide(h, key, ownerBefore != null && !ownerBefore.equals(h), ownerAfter != null && !ownerAfter.equals(h));
        }
        return true;
      }
      while (hosts.hasNext()) {
        if (evaluations >= limit) return false;
        String h = hosts.next();
        if (!oldScopes.containsKey(h)) evaluateOnce(h, key);
      }
      return true;
    }

    void finish() {
      for (ChangeSet.Change c : changes.changes()) {
        if (c.current() instanceof Port && c.after() == null) neighbors.forget(c.current().id());
      }
    }

    void start() {
      collectScopeHosts();
      markFullScopeHosts();
      for (ChangeSet.Change c : changes.changes()) {
        Resource r = c.current();
        if (r instanceof Port) portChanged((Port) c.before(), (Port) c.after());
        else if (r instanceof Network) networkChanged((Network) c.before(), (Network) c.after());
        else if (r instanceof Subnet) subnetChanged((Subnet) c.before(), (Subnet) c.after());
        else if (r instanceof SecurityGroup) keyChanged(EntryKey.securityGroup(r.id()), model.hostsOfSecurityGroup(r.id()));
        else if (r instanceof Router) routerChanged((Router) c.before(), (Router) c.after());
        else if (r instanceof Host) hostChanged(r.id());
      }
      for (Map.Entry<String, HostScope> e : oldScopes.entrySet()) {
        if (!fullHosts.contains(e.getKey())) scopeChanged(e.getKey(), e.getValue(), scopeOf(e.getKey()));
      }
    }

    /**
     * Scope hosts that enter or leave push subnets with more ports than a host queue holds (a host
     * joining a 10,000-port VPC): evaluating every neighbor for them would only overflow their queue
     * into a FULL state, so they get the FULL directly and are not evaluated (their share of a bulk
     * create was most of its compile time). The FULL is built from the model when sent, so it holds
     * this change too.
     */
    private void markFullScopeHosts() {
      int cap = queues.maxPendingOps();
      for (Map.Entry<String, HostScope> e : oldScopes.entrySet()) {
        HostScope o = e.getValue();
        HostScope n = scopeOf(e.getKey());
        long neighbors = 0;
        Set<String> only = new HashSet<>();
        for (String s : symmetricDifference(o.subnets, n.subnets, only)) neighbors += pushedPorts(s);
        for (String s : symmetricDifference(o.l3Subnets, n.l3Subnets, only)) neighbors += pushedPorts(s);
        if (neighbors > cap) {
          fullHosts.add(e.getKey());
          sink.full(e.getKey());
        }
      }
    }

    private int pushedPorts(String subnetId) {
      return Membership.pushes(before, subnetId) || Membership.pushes(current, subnetId) ? portCount(subnetId) : 0;
    }

    /** Hosts whose scope can change: those of changed ports, and those on changed routers' subnets. */
    private void collectScopeHosts() {
      Set<String> hosts = new LinkedHashSet<>();
      // hosts whose only scope changes are ports newly bound to them (a create, or Nova's binding
      // update), with those ports; every other scope host is computed again from the model
      Map<String, List<Port>> newlyBound = new HashMap<>();
      Set<String> recompute = new HashSet<>();
      for (ChangeSet.Change c : changes.changes()) {
        if (c.current() instanceof Port) {
          Port b = (Port) c.before();
          Port a = (Port) c.after();
          // a status change (every agent ACK makes one) or a rename leaves the host's scope as it was
          if (sameScopeContribution(b, a)) continue;
          if ((b == null || !b.isBound()) && a != null && a.isBound()) {
            hosts.add(a.hostKey());
            newlyBound.computeIfAbsent(a.hostKey(), h -> new ArrayList<>(1)).add(a);
            continue;
          }
          if (b != null && b.isBound()) {
            hosts.add(b.hostKey());
            recompute.add(b.hostKey());
          }
          if (a != null && a.isBound()) {
            hosts.add(a.hostKey());
            recompute.add(a.hostKey());
          }
        } else if (c.current() instanceof Router) {
          Router b = (Router) c.before();
          Router a = (Router) c.after();
          if (b != null && a != null && b.interfaces().equals(a.interfaces())) continue;
          for (Router rt : new Router[] {b, a}) {
            if (rt == null) continue;
            for (Router.Interface i : rt.interfaces()) {
              hosts.addAll(model.hostsOfSubnet(i.subnetId()));
              recompute.addAll(model.hostsOfSubnet(i.subnetId()));
            }
          }
        }
      }
      for (String h : hosts) {
        HostScope old = scopeOf(h);
        oldScopes.put(h, old);
        HostScope now = recompute.contains(h) ? null : old.withBoundPorts(newlyBound.get(h));
        if (now == null) now = HostScope.of(model, h);
        if (now.isEmpty()) scopes.remove(h);
        else scopes.put(h, now);
      }
    }

    /**
     * Whether a port change leaves its host's scope as it was: the same host, network, security
     * groups and subnets ({@link HostScope#of} reads nothing else of a port).
     */
    private static boolean sameScopeContribution(Port b, Port a) {
      if (b == null || a == null || b.isBound() != a.isBound()) return false;
      if (!b.isBound()) return true; // in no host's scope, before or after
      if (!b.hostKey().equals(a.hostKey()) || !b.networkId().equals(a.networkId())
          || !b.securityGroupIds().equals(a.securityGroupIds()) || b.fixedIps().size() != a.fixedIps().size()) {
        return false;
      }
      for (int i = 0; i < b.fixedIps().size(); i++) {
        if (!b.fixedIps().get(i).subnetId().equals(a.fixedIps().get(i).subnetId())) return false;
      }
      return true;
    }

    private void portChanged(Port b, Port a) {
      String id = (a != null ? a : b).id();
      Set<String> hosts = new LinkedHashSet<>(2);
      if (b != null && b.isBound()) hosts.add(b.hostKey());
      if (a != null && a.isBound()) hosts.add(a.hostKey());
      evaluate(EntryKey.port(id), hosts);
      evaluate(EntryKey.dhcp(id), hosts);
      neighborsOfPortChanged(b, a);
    }

    /** The port's neighbor entries, on every host of its subnets' L2 and L3 domains. */
    private void neighborsOfPortChanged(Port b, Port a) {
      Set<String> subnets = new LinkedHashSet<>();
      if (b != null) for (Port.FixedIp f : b.fixedIps()) subnets.add(f.subnetId());
      if (a != null) for (Port.FixedIp f : a.fixedIps()) subnets.add(f.subnetId());
      String id = (a != null ? a : b).id();
      for (String s : subnets) {
        if (!Membership.pushes(before, s) && !Membership.pushes(current, s)) continue;
        if (neighborUnchanged(b, a, s)) {
          // same body, same binding: only hosts whose scope changed can see a difference
          evaluateScopeHosts(neighbors.key(id, s, true));
          if (!oldScopes.isEmpty()) evaluateScopeHosts(neighbors.key(id, s, false, routed(s)));
          continue;
        }
        l2NeighborChanged(neighbors.key(id, s, true), s);
        l3NeighborChanged(id, s);
      }
    }

    private boolean neighborUnchanged(Port b, Port a, String subnet) {
      if (b == null || a == null || !b.hostKey().equals(a.hostKey())) return false;
      EntryKey k = neighbors.key(a.id(), subnet, true);
      Entry eb = beforeEntry(k);
      Entry ea = afterEntry(k);
      return eb == null ? ea == null : eb.sameBody(ea);
    }

    /** Subnets joined to {@code subnetId} by a router (now; routers that changed made their hosts scope hosts). */
    private Set<String> l3Peers(String subnetId) {
      Set<String> peers = new LinkedHashSet<>();
      for (String routerId : model.routersOfSubnet(subnetId)) {
        for (Router.Interface i : model.router(routerId).interfaces()) {
          if (!i.subnetId().equals(subnetId)) peers.add(i.subnetId());
        }
      }
      return peers;
    }

    private void networkChanged(Network b, Network a) {
      String id = (a != null ? a : b).id();
      EntryKey vpc = EntryKey.vpc(id);
      evaluateIndexed(vpc, model.hostsOfNetwork(id));
      for (String s : model.subnetsOf(id)) for (String peer : l3Peers(s)) evaluateIndexed(vpc, model.hostsOfSubnet(peer));
      evaluateScopeHosts(vpc);
      if (b != null && a != null && b.pushMode() != a.pushMode()) {
        // mode switch: every neighbor of the network appears or disappears on every host of its domains
        for (String s : model.subnetsOf(id)) {
          for (String portId : model.portsOfSubnet(s)) {
            Port q = model.port(portId);
            if (!q.isBound()) continue;
            l2NeighborChanged(neighbors.key(portId, s, true), s);
            l3NeighborChanged(portId, s);
          }
        }
      }
    }

    private void subnetChanged(Subnet b, Subnet a) {
      String id = (a != null ? a : b).id();
      EntryKey key = EntryKey.subnet(id);
      evaluateIndexed(key, model.hostsOfSubnet(id));
      for (String peer : l3Peers(id)) evaluateIndexed(key, model.hostsOfSubnet(peer));
      evaluateScopeHosts(key);
      if (b != null && a != null && b.enableDhcp() != a.enableDhcp()) {
        for (String portId : model.portsOfSubnet(id)) {
          Port p = model.port(portId);
          if (p.isBound()) evaluate(EntryKey.dhcp(portId), Set.of(p.hostKey()));
        }
      }
      if (b != null && a != null && !Objects.equals(b.gatewayIp(), a.gatewayIp())) {
        for (String routerId : model.routersOfSubnet(id)) routerChanged(model.router(routerId), model.router(routerId));
      }
    }

    private void routerChanged(Router b, Router a) {
      Router r = a != null ? a : b;
      EntryKey key = EntryKey.router(r.id());
      Set<String> subnets = new LinkedHashSet<>();
      for (Router rt : new Router[] {b, a}) if (rt != null) for (Router.Interface i : rt.interfaces()) subnets.add(i.subnetId());
      for (String s : subnets) evaluateIndexed(key, model.hostsOfSubnet(s));
      evaluateScopeHosts(key);
    }

    /** A host's address changed: the bodies of its ports and of their neighbor entries did. */
    private void hostChanged(String hostId) {
      for (String portId : model.portsOfHost(hostId)) {
        Port p = model.port(portId);
        evaluate(EntryKey.port(portId), Set.of(hostId));
        for (Port.FixedIp f : p.fixedIps()) {
          if (!Membership.pushes(current, f.subnetId())) continue;
          l2NeighborChanged(neighbors.key(portId, f.subnetId(), true), f.subnetId());
          l3NeighborChanged(portId, f.subnetId());
        }
      }
    }

    /** Whatever entered or left a host's scope. */
    private void scopeChanged(String host, HostScope o, HostScope n) {
      Set<String> only = new HashSet<>();
      for (String p : symmetricDifference(o.ports, n.ports, only)) {
        evaluate(host, EntryKey.port(p));
        evaluate(host, EntryKey.dhcp(p));
      }
      for (String v : symmetricDifference(o.networks, n.networks, only)) evaluate(host, EntryKey.vpc(v));
      for (String g : symmetricDifference(o.securityGroups, n.securityGroups, only)) evaluate(host, EntryKey.securityGroup(g));
      for (String r : symmetricDifference(o.routers, n.routers, only)) evaluate(host, EntryKey.router(r));
      Set<String> subnets = new HashSet<>(symmetricDifference(o.subnets, n.subnets, only));
      subnets.addAll(symmetricDifference(o.l3Subnets, n.l3Subnets, only));
      for (String s : subnets) {
        evaluate(host, EntryKey.subnet(s));
        if (!Membership.pushes(before, s) && !Membership.pushes(current, s)) continue;
        boolean routed = routed(s);
        for (String portId : model.portsOfSubnet(s)) {
          evaluate(host, neighbors.key(portId, s, true));
          evaluate(host, neighbors.key(portId, s, false, routed));
        }
      }
    }

    private Collection<String> symmetricDifference(Set<String> a, Set<String> b, Set<String> scratch) {
      scratch.clear();
      for (String x : a) if (!b.contains(x)) scratch.add(x);
      for (String x : b) if (!a.contains(x)) scratch.add(x);
      return new ArrayList<>(scratch);
    }

    /** An entry's body changed (or may have): every host in {@code holders} plus the scope hosts. */
    private void keyChanged(EntryKey key, Set<String> holders) {
      evaluateIndexed(key, holders);
      evaluateScopeHosts(key);
    }

    /** A port's L2 neighbor entry on {@code subnetId} changed (or may have): every host of that subnet. */
    private void l2NeighborChanged(EntryKey key, String subnetId) {
      evaluateIndexed(key, model.hostsOfSubnet(subnetId), true);
      evaluateScopeHosts(key);
    }

    /** A port's L3 neighbor entry on a subnet changed (or may have): the hosts across its routers, plus the scope hosts. */
    private void l3NeighborChanged(String portId, String subnetId) {
      Set<String> peers = l3Peers(subnetId);
      if (peers.isEmpty() && oldScopes.isEmpty()) return; // no host can hold it, or stop holding it
      EntryKey l3 = neighbors.key(portId, subnetId, false, !peers.isEmpty());
      for (String other : peers) evaluateIndexed(l3, model.hostsOfSubnet(other));
      evaluateScopeHosts(l3);
    }

    /**
     * Whether a router joins the subnet to another one, so that hosts keep its ports' L3 neighbor
     * entries: only then is an L3 key worth caching for the port's lifetime.
     */
    private boolean routed(String subnetId) {
      return !model.routersOfSubnet(subnetId).isEmpty() && !l3Peers(subnetId).isEmpty();
    }

    private void evaluateIndexed(EntryKey key, Set<String> hosts) { evaluateIndexed(key, hosts, false); }

    private void evaluateIndexed(EntryKey key, Set<String> hosts, boolean l2Holders) {
      if (hosts.isEmpty()) return;
      IndexedWork w = new IndexedWork(key, hosts.iterator(), l2Holders);
      if (deferred != null) deferred.add(w);
      else runIndexed(w, Long.MAX_VALUE);
    }

    private void evaluateScopeHosts(EntryKey key) {
      for (String h : oldScopes.keySet()) evaluate(h, key);
    }

    private void evaluate(EntryKey key, Set<String> hosts) {
      for (String h : hosts) evaluate(h, key);
    }

    private void evaluate(String host, EntryKey key) {
      if (fullHosts.contains(host)) return; // a FULL state is coming: it holds this change
      if (oldScopes.containsKey(host)) {
        if (!evaluatedForScopeHosts.computeIfAbsent(host, k -> new HashSet<>()).add(key)) return;
      }
      evaluateOnce(host, key);
    }

    private void evaluateOnce(String host, EntryKey key) {
      evaluations++;
      HostScope oldScope = oldScopes.getOrDefault(host, scopeOf(host));
      HostScope newScope = scopeOf(host);
      boolean was;
      boolean now;
      if (key.type() == ResourceType.NEIGHBOR) {
        evaluateOwners(key);
        was = Membership.holdsNeighbor(oldScope, host, key, ownerBefore);
        now = Membership.holdsNeighbor(newScope, host, key, ownerAfter);
      } else {
        was = Membership.holds(oldScope, before, host, key);
        now = Membership.holds(newScope, current, host, key);
      }
      decide(host, key, was, now);
    }

    /** The neighbor key's owners before and after, once per key: the hosts of one key come in a row. */
    private void evaluateOwners(EntryKey key) {
      if (key == ownerKey) return;
      ownerKey = key;
      ownerBefore = Membership.neighborOwner(before, key);
      ownerAfter = Membership.neighborOwner(current, key);
    }

    /** The operation, if any, that takes a host from holding the entry ({@code was}) or not to {@code now}. */
    private void decide(String host, EntryKey key, boolean was, boolean now) {
      if (now) {
        Entry after = afterEntry(key);
        if (was) {
          if (after.sameBody(beforeEntry(key))) return;
          emit(host, op(key, OperationType.UPDATE, after));
        } else {
          emit(host, op(key, OperationType.CREATE, after));
        }
      } else if (was) {
        emit(host, op(key, OperationType.DELETE, null));
      }
    }

    private Op op(EntryKey key, OperationType type, Entry entry) {
      Op[] byType = ops.computeIfAbsent(key, k -> new Op[OperationType.DELETE.getNumber() + 1]);
      Op o = byType[type.getNumber()];
      if (o == null) {
        o = type == OperationType.DELETE ? Op.delete(key) : new Op(key, type, entry);
        byType[type.getNumber()] = o;
      }
      return o;
    }

    private void emit(String host, Op op) {
      emitted++;
      sink.emit(host, op);
      if (trackHosts) touchedHosts.add(host);
    }

    private Entry afterEntry(EntryKey key) {
      Entry e = afterEntries.get(key);
      if (e == null && !afterEntries.containsKey(key)) {
        e = entryOf(current, key);
        afterEntries.put(key, e);
      }
      return e;
    }

    private Entry entryOf(View view, EntryKey key) {
      return key.type() == ResourceType.NEIGHBOR ? neighbors.entry(view, key) : Contents.of(view, key);
    }

    private Entry beforeEntry(EntryKey key) {
      Entry e = beforeEntries.get(key);
      if (e == null && !beforeEntries.containsKey(key)) {
        e = entryOf(before, key);
        beforeEntries.put(key, e);
      }
      return e;
    }
  }
}
