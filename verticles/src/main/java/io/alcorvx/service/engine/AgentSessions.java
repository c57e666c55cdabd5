package io.alcorvx.service.engine;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.HostQueue;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.goalstate.Op;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.service.session.SessionMessages;
import io.alcorvx.service.session.SessionMessages.Ack;
import io.alcorvx.service.session.SessionMessages.Closed;
import io.alcorvx.service.session.SessionMessages.Hello;
import io.alcorvx.service.session.SessionMessages.HelloResult;
import io.alcorvx.service.session.SessionMessages.Nack;
import io.alcorvx.service.session.SessionMessages.Notice;
import io.alcorvx.service.session.SessionMessages.Push;
import io.alcorvx.service.session.SessionMessages.Replaced;
import io.alcorvx.service.session.SessionMessages.UpstreamAttach;
import io.alcorvx.service.session.SessionMessages.UpstreamPush;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The engine owner's side of agent sessions (runs on its event loop): a hello registers the host
 * and resyncs it; an ACK completes the host's push, turns its acknowledged ports ACTIVE through
 * an ordinary command and sends the next push; a NACK turns the failed ports ERROR and leads to a
 * FULL push. Which gateway holds a host's stream is remembered by its delivery address.
 *
 * <p>FULL states are whole goal states, built when sent: when many hosts need one at once (a
 * NACK storm, hosts that fell too far behind), building and sending them all together would cost
 * the memory of all of them. So at most {@code maxFullsInFlight} FULL pushes are outstanding (a
 * delta of more than max-pending-ops-per-host operations counts as one: a connected host may be
 * behind by up to its goal state);
 * further hosts wait in arrival order and get theirs as FULLs are acknowledged, refused or their
 * sessions close. FULLs that answer a hello are sent at once (the agent waits for them), but
 * count while outstanding.
 */
final class AgentSessions {
  private final EngineVerticle owner;
  private final int maxFullsInFlight;
  private final Map<String, String> deliveryAddress = new HashMap<>();
  /** The gateway's session number of the stream at {@link #deliveryAddress}. */
  private final Map<String, Long> sessionOf = new HashMap<>();
  /** Hosts whose outstanding push is a FULL state. */
  private final Set<String> fullsInFlight = new HashSet<>();
  /** Hosts due a FULL state that wait for one of the {@code maxFullsInFlight} slots, first come first served. */
  private final LinkedHashSet<String> waitingForFull = new LinkedHashSet<>();
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  /** See {@link EngineVerticle#fullSlotLease}. */
  long fullSlotLeaseMs = EngineVerticle.DEFAULT_FULL_SLOT_LEASE_MS;
  /** FULL slots given back because their push went unanswered past the lease. */
  long expiredFullSlots;

  AgentSessions(EngineVerticle owner, int maxFullsInFlight) {
    if (maxFullsInFlight < 1) throw new IllegalArgumentException("maxFullsInFlight must be at least 1, got " + maxFullsInFlight);
    this.owner = owner;
    this.maxFullsInFlight = maxFullsInFlight;
  }

  void onMessage(Message<Object> message) {
    Object body = message.body();
    if (body instanceof Hello h) hello(h, message);
    else if (body instanceof Ack a) ack(a);
    else if (body instanceof Nack n) nack(n);
    else if (body instanceof Closed c) closed(c);
    else if (body instanceof UpstreamAttach u) attachUpstream(u.hostId());
    else message.fail(400, "unexpected session message " + (body == null ? "null" : body.getClass().getSimpleName()));
  }

  private void hello(Hello h, Message<Object> message) {
    Command register = new Command.RegisterHost(Actor.SYSTEM, h.hostId(), h.hostName(), h.hostIp(), h.hostMac());
    owner.execute(register).onComplete(ar -> {
      if (ar.failed()) {
        String reason = ar.cause() instanceof EngineException e ? e.getMessage() : String.valueOf(ar.cause().getMessage());
        message.reply(new HelloResult(reason, null, null), local);
        return;
      }
      owner.queues().connected(h.hostId(), true);
      HostQueues.Resync r = owner.queues().resync(h.hostId(), h.epoch(), h.version(), h.digest(), h.entryCount(),
          owner.changesInFlightFor(h.hostId()));
      String previous = deliveryAddress.put(h.hostId(), h.deliveryAddress());
      Long previousSession = sessionOf.put(h.hostId(), h.session());
      if (previous != null && !previous.equals(h.deliveryAddress())) {
        // the agent came back through another gateway instance: the old one must end that stream
        // (and only that one: the host may have reconnected there again meanwhile)
        owner.vertxRef().eventBus().send(previous,
            new Replaced(h.hostId(), previousSession == null ? -1 : previousSession), local);
      }
      resynced(h.hostId(), r);
      if (r.inSync()) {
        message.reply(new HelloResult(null, null, new Notice(h.hostId(), r.epoch(), r.version())), local);
      } else if (!r.delta().full()) {
        message.reply(new HelloResult(null, new Push(h.hostId(), r.delta(), committedAt(r.delta())), null), local);
      } else {
        // a FULL is read from memory, which may hold changes still being committed: answer once they are durable
        owner.whenDurable().onComplete(durable -> {
          message.reply(durable.succeeded()
              ? new HelloResult(null, new Push(h.hostId(), r.delta(), committedAt(r.delta())), null)
              : new HelloResult("the network engine is reloading; reconnect", null, null), local);
          if (durable.succeeded()) leaseFullSlot(h.hostId(), r.delta());
        });
      }
    });
  }

  private void ack(Ack a) {
    HostQueues.Ack result = owner.queues().ack(a.hostId(), a.epoch(), a.version());
    if (!result.accepted()) return; // stale or duplicate: the gateway already ended bad streams
    releaseFull(a.hostId());
    Map<String, PortStatus> statuses = null; // most pushes hold only other hosts' neighbors: no map for them
    for (Op op : result.delta().ops()) {
      if (op.key().type() != ResourceType.PORT || op.isDelete()) continue;
      Port p = owner.engine().model().port(op.key().key());
      if (p == null || p.status() == PortStatus.ACTIVE) continue;
      if (statuses == null) statuses = new LinkedHashMap<>();
      statuses.put(p.id(), PortStatus.ACTIVE);
    }
    if (statuses != null) setStatuses(statuses);
    push(a.hostId());
  }

  private void nack(Nack n) {
    HostQueues.Ack result = owner.queues().nack(n.hostId(), n.epoch(), n.version());
    if (!result.accepted()) return;
    releaseFull(n.hostId()); // its next FULL queues up behind the hosts already waiting
    Map<String, PortStatus> statuses = new LinkedHashMap<>();
    for (String portId : n.failedPortIds()) {
      Port p = owner.engine().model().port(portId);
      if (p != null && n.hostId().equals(p.hostKey()) && p.status() != PortStatus.ERROR) statuses.put(portId, PortStatus.ERROR);
    }
    setStatuses(statuses);
    push(n.hostId());
  }

  private void setStatuses(Map<String, PortStatus> statuses) {
    if (statuses.isEmpty()) return;
    // an ordinary command: durable, compiled, and pushed like any other change
    owner.execute(new Command.SetPortStatus(Actor.SYSTEM, statuses));
  }

  /**
   * Sends the host's next push, if it is connected (or an upstream-style agent) and has one. A
   * FULL state waits (unbuilt) while {@code maxFullsInFlight} are outstanding.
   */
  void push(String host) {
    if (!deliveryAddress.containsKey(host) && !isUpstreamAgent(host)) return;
    HostQueue q = owner.queues().find(host);
    if (q == null || !q.hasWork()) return;
    if ((q.needsFull() || isLarge(q.queuedCount())) && fullsInFlight.size() >= maxFullsInFlight) {
      waitingForFull.add(host); // changes meanwhile cost nothing: the FULL is built from the model when sent
      return;
    }
    Delta d = owner.queues().poll(host);
    if (d == null) return;
    if (!d.full()) {
      if (isLarge(d.ops().size())) {
        // a connected host may be behind by up to its goal state: such a delta is as large as a
        // FULL and is held as bytes until its agent reads it, so it takes a FULL slot too
        fullsInFlight.add(host);
        leaseFullSlot(host, d);
      }
      deliver(host, d);
      return;
    }
    fullsInFlight.add(host);
    deliverWhenDurable(host, d);
  }

  /**
   * A FULL is read from memory, which may hold changes still being committed: it is sent once they
   * are durable, unless it was voided meanwhile (a resync, a reload, the host went away).
   */
  private void deliverWhenDurable(String host, Delta full) {
    owner.whenDurable().onSuccess(v -> {
      HostQueue now = owner.queues().find(host);
      if (now != null && now.outstanding() == full) {
        deliver(host, full);
        leaseFullSlot(host, full);
      }
    });
  }

  /** Gives the slot back if {@code full} is still the host's unanswered push when the lease ends. */
  private void leaseFullSlot(String host, Delta full) {
    owner.vertxRef().setTimer(fullSlotLeaseMs, id -> {
      HostQueue q = owner.queues().find(host);
      if (q != null && q.outstanding() == full && fullsInFlight.contains(host)) {
        expiredFullSlots++;
        releaseFull(host);
      }
    });
  }

  /** More operations than a disconnected host may have waiting: a push that counts like a FULL. */
  private boolean isLarge(int ops) { return ops > owner.queues().maxPendingOps(); }

  private boolean isUpstreamAgent(String host) {
    Host h = owner.engine().model().host(host);
    return h != null && h.isUpstreamAgent();
  }

  /** Hands a push to the host's gateway instance (or to the upstream pusher). */
  private void deliver(String host, Delta d) {
    String address = deliveryAddress.get(host);
    if (address != null) {
      owner.vertxRef().eventBus().send(address, new Push(host, d, committedAt(d)), local);
      return;
    }
    Host upstream = owner.engine().model().host(host);
    if (upstream != null && upstream.isUpstreamAgent()) sendUpstream(upstream, d);
  }

  /** The host's push is done (ACK, NACK) or will never be answered (its session closed, it was deleted). */
  private void releaseFull(String host) {
    if (fullsInFlight.remove(host)) admitWaiting();
  }

  /** Gives free FULL slots to waiting hosts, oldest first. */
  private void admitWaiting() {
    while (fullsInFlight.size() < maxFullsInFlight && !waitingForFull.isEmpty()) {
      String next = waitingForFull.iterator().next();
      waitingForFull.remove(next);
      push(next); // below the limit, so it sends (or finds the host no longer needs a FULL)
    }
  }

  /** A resync answered the host: whatever it was waiting for or had in flight, its outstanding push is now that answer. */
  private void resynced(String host, HostQueues.Resync r) {
    waitingForFull.remove(host);
    if (r.delta() != null && r.delta().full()) fullsInFlight.add(host); // sent at once, but it counts
    else releaseFull(host);
  }

  /**
   * The host's stream ended. Its outstanding push will not be answered on it (on hello it is
   * resynced), so it stops holding a FULL slot or a place in line.
   */
  private void closed(Closed c) {
    if (!deliveryAddress.remove(c.hostId(), c.deliveryAddress())) return; // a newer session holds the host
    sessionOf.remove(c.hostId());
    if (!isUpstreamAgent(c.hostId())) owner.queues().connected(c.hostId(), false);
    waitingForFull.remove(c.hostId());
    releaseFull(c.hostId());
  }

  /** The engine reloaded under a new epoch: the pushes of the old queues are void (their ACKs are refused). */
  void queuesReplaced() {
    fullsInFlight.clear();
    waitingForFull.clear();
    // the sessions outlive the queues: their hosts are still connected
    for (String host : deliveryAddress.keySet()) owner.queues().connected(host, true);
  }

  int fullsInFlight() { return fullsInFlight.size(); }

  int fullsWaiting() { return waitingForFull.size(); }

  /**
   * An upstream-style agent holds nothing we can prove (it keeps no versions): its next push is
   * its whole goal state, then deltas as for any host.
   */
  void attachUpstream(String host) {
    Host h = owner.engine().model().host(host);
    if (h == null || !h.isUpstreamAgent() || deliveryAddress.containsKey(host)) return;
    // the gateway keeps a channel to it (and retries), so it counts as connected
    owner.queues().connected(host, true);
    HostQueues.Resync r = owner.queues().resync(host, 0, 0, 0, -1);
    resynced(host, r);
    if (r.delta() != null) deliverWhenDurable(host, r.delta());
  }

  /** Registered or changed hosts with an upstream agent endpoint get attached. */
  void hostsChanged(ChangeSet changes) {
    for (ChangeSet.Change c : changes.changes()) {
      if (!(c.after() instanceof Host after) || !after.isUpstreamAgent()) continue;
      Host before = (Host) c.before();
      if (before == null || !before.agentEndpoint().equals(after.agentEndpoint())) attachUpstream(after.id());
    }
  }

  private void sendUpstream(Host h, Delta d) {
    owner.vertxRef().eventBus().send(SessionMessages.UPSTREAM_ADDRESS,
        new UpstreamPush(h.id(), h.agentEndpoint(), h.ipAddress().toString(), d, committedAt(d)),
        local);
  }

  /** When the delta's oldest change became durable; "now" for deltas with no such change (a FULL on resync). */
  private static long committedAt(Delta d) { return d.committedAtMicros() > 0 ? d.committedAtMicros() : nowMicros(); }

  static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  boolean connected(String host) { return deliveryAddress.containsKey(host); }

  /** A deleted host: no more pushes, no queue. */
  void forget(String host) {
    deliveryAddress.remove(host);
    sessionOf.remove(host);
    owner.queues().remove(host);
    waitingForFull.remove(host);
    releaseFull(host);
  }

  void pushAll(Iterable<String> hosts) {
    for (String h : hosts) push(h);
  }
}
