package io.alcorvx.service.engine;

import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.goalstate.Op;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.service.session.SessionMessages.Ack;
import io.alcorvx.service.session.SessionMessages.Closed;
import io.alcorvx.service.session.SessionMessages.Hello;
import io.alcorvx.service.session.SessionMessages.HelloResult;
import io.alcorvx.service.session.SessionMessages.Nack;
import io.alcorvx.service.session.SessionMessages.Notice;
import io.alcorvx.service.session.SessionMessages.Push;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine owner's side of agent sessions (runs on its event loop): a hello registers the host
 * and resyncs it; an ACK completes the host's push, turns its acknowledged ports ACTIVE through
 * an ordinary command and sends the next push; a NACK turns the failed ports ERROR and leads to a
 * FULL push. Which gateway holds a host's stream is remembered by its delivery address.
 */
final class AgentSessions {
  private final EngineVerticle owner;
  private final Map<String, String> deliveryAddress = new HashMap<>();
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(LocalCodec.NAME);

  AgentSessions(EngineVerticle owner) { this.owner = owner; }

  void onMessage(Message<Object> message) {
    Object body = message.body();
    if (body instanceof Hello h) hello(h, message);
    else if (body instanceof Ack a) ack(a);
    else if (body instanceof Nack n) nack(n);
    else if (body instanceof Closed c) deliveryAddress.remove(c.hostId(), c.deliveryAddress());
    else if (body instanceof io.alcorvx.service.session.SessionMessages.UpstreamAttach u) attachUpstream(u.hostId());
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
      HostQueues.Resync r = owner.queues().resync(h.hostId(), h.epoch(), h.version(), h.digest(), h.entryCount());
      deliveryAddress.put(h.hostId(), h.deliveryAddress());
      message.reply(r.inSync()
          ? new HelloResult(null, null, new Notice(h.hostId(), r.epoch(), r.version()))
          : new HelloResult(null, new Push(h.hostId(), r.delta(), committedAt(r.delta())), null), local);
    });
  }

  private void ack(Ack a) {
    HostQueues.Ack result = owner.queues().ack(a.hostId(), a.epoch(), a.version());
    if (!result.accepted()) return; // stale or duplicate: the gateway already ended bad streams
    Map<String, PortStatus> statuses = new LinkedHashMap<>();
    for (Op op : result.delta().ops()) {
      if (op.key().type() != ResourceType.PORT || op.isDelete()) continue;
      Port p = owner.engine().model().port(op.key().key());
      if (p != null && p.status() != PortStatus.ACTIVE) statuses.put(p.id(), PortStatus.ACTIVE);
    }
    setStatuses(statuses);
    push(a.hostId());
  }

  private void nack(Nack n) {
    HostQueues.Ack result = owner.queues().nack(n.hostId(), n.epoch(), n.version());
    if (!result.accepted()) return;
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

  /** Sends the host's next push, if it is connected (or an upstream-style agent) and has one. */
  void push(String host) {
    String address = deliveryAddress.get(host);
    if (address != null) {
      Delta d = owner.queues().poll(host);
      if (d != null) owner.vertxRef().eventBus().send(address, new Push(host, d, committedAt(d)), local);
      return;
    }
    io.alcorvx.engine.model.Host h = owner.engine().model().host(host);
    if (h == null || !h.isUpstreamAgent()) return;
    Delta d = owner.queues().poll(host);
    if (d != null) sendUpstream(h, d);
  }

  /**
   * An upstream-style agent holds nothing we can prove (it keeps no versions): its next push is
   * its whole goal state, then deltas as for any host.
   */
  void attachUpstream(String host) {
    io.alcorvx.engine.model.Host h = owner.engine().model().host(host);
    if (h == null || !h.isUpstreamAgent() || deliveryAddress.containsKey(host)) return;
    HostQueues.Resync r = owner.queues().resync(host, 0, 0, 0, -1);
    if (r.delta() != null) sendUpstream(h, r.delta());
  }

  /** Registered or changed hosts with an upstream agent endpoint get attached. */
  void hostsChanged(io.alcorvx.engine.ChangeSet changes) {
    for (io.alcorvx.engine.ChangeSet.Change c : changes.changes()) {
      if (!(c.after() instanceof io.alcorvx.engine.model.Host after) || !after.isUpstreamAgent()) continue;
      io.alcorvx.engine.model.Host before = (io.alcorvx.engine.model.Host) c.before();
      if (before == null || !before.agentEndpoint().equals(after.agentEndpoint())) attachUpstream(after.id());
    }
  }

  private void sendUpstream(io.alcorvx.engine.model.Host h, Delta d) {
    owner.vertxRef().eventBus().send(io.alcorvx.service.session.SessionMessages.UPSTREAM_ADDRESS,
        new io.alcorvx.service.session.SessionMessages.UpstreamPush(h.id(), h.agentEndpoint(), h.ipAddress().toString(), d, committedAt(d)),
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
    owner.queues().remove(host);
  }

  void pushAll(Iterable<String> hosts) {
    for (String h : hosts) push(h);
  }
}
