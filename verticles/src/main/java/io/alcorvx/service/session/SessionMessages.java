package io.alcorvx.service.session;

import io.alcorvx.engine.goalstate.Delta;
import java.util.List;

/**
 * What the agent gateway and the engine owner say to each other about agent sessions, over the
 * local event bus (objects by reference, codec {@link io.alcorvx.service.engine.LocalCodec}).
 * The gateway translates these to and from the wire (AgentSession protobuf); the engine owner
 * decides. Requests go to {@link #ENGINE_ADDRESS}; pushes come back to the gateway's own
 * delivery address named in the hello.
 */
public final class SessionMessages {
  private SessionMessages() {}

  /** Where the engine owner takes hellos, ACKs, NACKs and closes. */
  public static final String ENGINE_ADDRESS = "alcor.engine.session";

  /**
   * An agent connected. {@code deliveryAddress} is the event-bus address where the engine sends
   * this host's later {@link Push}es and {@link Notice}s (one address per gateway instance is fine:
   * every message names its host). {@code session} tells this stream from the host's other
   * streams on the same instance (see {@link Replaced}). Reply: a {@link HelloResult}.
   */
  public record Hello(String hostId, String hostName, String hostIp, String hostMac, long epoch, long version,
      long digest, int entryCount, String deliveryAddress, long session) {}

  /** The answer to a hello: refused (with a reason), or the first thing to send to the agent. */
  public record HelloResult(String error, Push push, Notice notice) {
    public boolean accepted() { return error == null; }
  }

  /** The agent applied {@code version}. No reply needed (the engine answers with the next push if any). */
  public record Ack(String hostId, long epoch, long version) {}

  /**
   * The agent could not apply {@code version}; {@code failedPortIds} are the ports whose
   * resources failed (they turn ERROR). The engine answers with a FULL push.
   */
  public record Nack(String hostId, long epoch, long version, List<String> failedPortIds, String detail) {}

  /** The agent's stream ended. Pushes for it stop until it says hello again. */
  public record Closed(String hostId, String deliveryAddress) {}

  /**
   * Engine → the gateway instance that held a host's session before a newer hello arrived through
   * another instance: end the old stream (an instance only knows its own streams).
   */
  public record Replaced(String hostId, long session) {}

  /** Engine -> gateway: write this delta to the host's stream (one outstanding per host); committedAtMicros is wall-clock epoch micros of when its changes became durable. */
  public record Push(String hostId, Delta delta, long committedAtMicros) {}

  /** Where the engine sends pushes for upstream-style agents (gRPC servers the gateway dials). */
  public static final String UPSTREAM_ADDRESS = "alcor.upstream.push";

  /**
   * Engine -> upstream pusher: stream this delta to the agent server at {@code endpoint} with
   * PushGoalStatesStream; answer with an {@link Ack} or a {@link Nack}.
   */
  public record UpstreamPush(String hostId, String endpoint, String hostIp, Delta delta, long committedAtMicros) {}

  /**
   * Upstream pusher -> engine: a (new) stream to this host's agent server is open; what it holds
   * is unknown, so the engine sends its whole goal state.
   */
  public record UpstreamAttach(String hostId) {}

  /** Engine -> gateway: the host already holds its goal state at (epoch, version). */
  public record Notice(String hostId, long epoch, long version) {}
}
