package io.alcorvx.service.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters (DESIGN.md §9). One instance per registry, shared by every gateway
 * verticle instance (the connected-agents gauge sums them).
 */
public final class GatewayMetrics {
  /** Why the gateway refused or ended a stream (label values of {@code alcor_gateway_streams_refused_total}). */
  public enum Refusal {
    UNAUTHENTICATED("unauthenticated"),
    CAPACITY("capacity"),
    BAD_HELLO("bad_hello"),
    HELLO_REFUSED("hello_refused"),
    ENGINE_UNAVAILABLE("engine_unavailable"),
    OUT_OF_ORDER("out_of_order"),
    UNDECODABLE("undecodable"),
    REPLACED("replaced"),
    SLOW_AGENT("slow_agent"),
    INTERNAL("internal");

    final String label;

    Refusal(String label) { this.label = label; }
  }

  final AtomicInteger connected = new AtomicInteger();
  final Counter pushMessages;
  final Counter pushBytes;
  final Counter bodiesEncoded;
  final Counter bodiesReused;
  final Counter resyncDelta;
  final Counter resyncFull;
  final Counter resyncInSync;
  final Timer convergence;
  private final Map<Refusal, Counter> refused = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("alcor_gateway_connected_agents", connected, AtomicInteger::get)
        .description("Agents with an accepted session (hello answered) on this gateway").register(registry);
    pushMessages = Counter.builder("alcor_gateway_push_messages_total")
        .description("Goal-state deltas written to agent streams").register(registry);
    pushBytes = Counter.builder("alcor_gateway_push_bytes_total")
        .description("Bytes of goal-state deltas written to agent streams (protobuf message bytes)").register(registry);
    bodiesEncoded = bodies("encoded");
    bodiesReused = bodies("reused");
    resyncDelta = resync("delta");
    resyncFull = resync("full");
    resyncInSync = resync("in_sync");
    convergence = Timer.builder("alcor_gateway_convergence_seconds")
        .description("Per host: change committed (push) to the agent's ACK of that version arriving")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(120))
        .register(registry);
    for (Refusal r : Refusal.values()) refused(r); // every reason shows from the start, at 0
  }

  private Counter bodies(String source) {
    return Counter.builder("alcor_gateway_push_bodies_total").tag("source", source)
        .description("Goal-state deltas by where their entries' part came from: encoded, or reused from another host's delta with the same operations")
        .register(registry);
  }

  private Counter resync(String kind) {
    return Counter.builder("alcor_gateway_resyncs_total").tag("kind", kind)
        .description("Answers to agent hellos (and FULL pushes after a NACK) by kind").register(registry);
  }

  Counter refused(Refusal reason) {
    return refused.computeIfAbsent(reason, r -> Counter.builder("alcor_gateway_streams_refused_total").tag("reason", r.label)
        .description("Agent streams the gateway refused or ended, by reason").register(registry));
  }

  void convergedMicros(long micros) {
    if (micros >= 0) convergence.record(micros, TimeUnit.MICROSECONDS);
  }

  /** Agents connected now (all instances sharing these metrics). */
  public int connectedAgents() { return connected.get(); }
}
