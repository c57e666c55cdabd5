package io.alcorvx.service.engine;

import io.alcorvx.engine.Model;
import io.alcorvx.engine.goalstate.HostQueue;
import io.alcorvx.engine.goalstate.HostQueues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine owner's meters (DESIGN.md §9): apply and compile latency, outcomes, and what it
 * holds. Gauges read numbers the owner samples on its own event loop ({@link #sample}), because
 * the scrape runs on another thread and the engine's maps are not thread-safe.
 */
final class EngineMetrics {
  final Timer apply;
  final Timer compile;
  final Timer commandTotal;
  final Counter refused;
  final Counter unavailable;
  private final Counter pendingOverflows;
  private final Counter connectedOverflows;
  private final AtomicLong ports = new AtomicLong();
  private final AtomicLong networks = new AtomicLong();
  private final AtomicLong subnets = new AtomicLong();
  private final AtomicLong hosts = new AtomicLong();
  private final AtomicLong unackedHosts = new AtomicLong();
  private final AtomicLong pendingOps = new AtomicLong();
  private final AtomicLong ready = new AtomicLong();
  private final AtomicLong fullsWaiting = new AtomicLong();
  private final AtomicLong fullsInFlight = new AtomicLong();
  private final AtomicLong expiredFullSlots = new AtomicLong();
  /** The queues whose overflow count was last read, and that count (the queues are replaced on reload). */
  private HostQueues countedQueues;
  private long countedOverflows;
  private long countedConnectedOverflows;

  EngineMetrics(MeterRegistry registry) {
    apply = Timer.builder("alcor_engine_apply_seconds").description("Engine apply latency per command")
        .publishPercentileHistogram().register(registry);
    compile = Timer.builder("alcor_engine_compile_seconds").description("Goal-state compile latency per command")
        .publishPercentileHistogram().register(registry);
    commandTotal = Timer.builder("alcor_engine_command_seconds").description("Command received to durable reply")
        .publishPercentileHistogram().register(registry);
    refused = Counter.builder("alcor_engine_commands_refused_total").description("Commands refused by validation").register(registry);
    unavailable = Counter.builder("alcor_engine_commands_unavailable_total").description("Commands failed: not ready or not durable").register(registry);
    Gauge.builder("alcor_engine_ports", ports, AtomicLong::get).description("Ports held in memory").register(registry);
    Gauge.builder("alcor_engine_networks", networks, AtomicLong::get).description("Networks (VPCs) held in memory").register(registry);
    Gauge.builder("alcor_engine_subnets", subnets, AtomicLong::get).description("Subnets held in memory").register(registry);
    Gauge.builder("alcor_engine_hosts", hosts, AtomicLong::get).description("Registered hosts").register(registry);
    Gauge.builder("alcor_goalstate_unacked_hosts", unackedHosts, AtomicLong::get).description("Hosts with a push awaiting ACK").register(registry);
    Gauge.builder("alcor_goalstate_pending_ops", pendingOps, AtomicLong::get).description("Operations queued behind outstanding pushes").register(registry);
    Gauge.builder("alcor_engine_ready", ready, AtomicLong::get).description("1 when the engine has loaded and takes commands").register(registry);
    pendingOverflows = Counter.builder("alcor_goalstate_pending_overflows_total")
        .description("Hosts that fell further behind than their allowance (max-pending-ops-per-host; while connected, their goal state if larger) and were given a FULL state instead").register(registry);
    connectedOverflows = Counter.builder("alcor_goalstate_pending_overflows_connected_total")
        .description("Of alcor_goalstate_pending_overflows_total, hosts whose agent was connected: behind by more than their whole goal state").register(registry);
    Gauge.builder("alcor_goalstate_fulls_waiting", fullsWaiting, AtomicLong::get)
        .description("Hosts due a FULL push (or a delta larger than max-pending-ops-per-host) waiting for a slot (max-fulls-in-flight)").register(registry);
    Gauge.builder("alcor_goalstate_fulls_in_flight", fullsInFlight, AtomicLong::get)
        .description("FULL pushes, and deltas larger than max-pending-ops-per-host, awaiting ACK").register(registry);
    FunctionCounter.builder("alcor_goalstate_full_slots_expired_total", expiredFullSlots, AtomicLong::get)
        .description("FULL pushes unanswered past the slot lease, whose slot was given to the next host").register(registry);
  }

  /** Called on the engine owner's event loop. */
  void sample(Model model, HostQueues queues, AgentSessions sessions, boolean isReady) {
    ports.set(model.ports().size());
    networks.set(model.networks().size());
    subnets.set(model.subnets().size());
    hosts.set(model.hosts().size());
    long unacked = 0;
    long pending = 0;
    for (HostQueue q : queues.all()) {
      if (q.outstanding() != null) unacked++;
      pending += q.queuedCount(); // before coalescing: sampling must not do the coalescing work
    }
    unackedHosts.set(unacked);
    pendingOps.set(pending);
    ready.set(isReady ? 1 : 0);
    fullsWaiting.set(sessions.fullsWaiting());
    fullsInFlight.set(sessions.fullsInFlight());
    expiredFullSlots.set(sessions.expiredFullSlots);
    countOverflows(queues);
  }

  /** Adds the overflows {@code queues} counted since the last call (on the owner's event loop). */
  void countOverflows(HostQueues queues) {
    if (queues != countedQueues) {
      countedQueues = queues;
      countedOverflows = 0;
      countedConnectedOverflows = 0;
    }
    long total = queues.overflows();
    if (total > countedOverflows) pendingOverflows.increment(total - countedOverflows);
    countedOverflows = total;
    long connected = queues.overflowsOfConnectedHosts();
    if (connected > countedConnectedOverflows) connectedOverflows.increment(connected - countedConnectedOverflows);
    countedConnectedOverflows = connected;
  }
}
