package io.alcorvx.service.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@code alcor_api_request_seconds{route,method,status}}: one histogram per route template. */
final class ApiMetrics {
  static final String TIMER = "alcor_api_request_seconds";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  ApiMetrics(MeterRegistry registry) { this.registry = registry; }

  static final String OPEN_CONNECTIONS = "alcor_api_open_connections";

  /** One count per registry, shared by every API instance that records into it. */
  private static final Map<MeterRegistry, AtomicLong> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The open-connections count of {@code registry}'s API (the {@value #OPEN_CONNECTIONS} gauge),
   * registered with the first instance. The API instances share one port, so the gauge is their
   * total.
   */
  static AtomicLong openConnections(MeterRegistry registry) {
    return OPEN.computeIfAbsent(registry, r -> {
      AtomicLong open = new AtomicLong();
      Gauge.builder(OPEN_CONNECTIONS, open, AtomicLong::get).description("Open HTTP connections to the Neutron API").register(r);
      return open;
    });
  }

  void record(String route, String method, int status, long nanos) {
    String m = METHODS.contains(method) ? method : "OTHER"; // bounded tag values
    String s = Integer.toString(status);
    timers.computeIfAbsent(route + ' ' + m + ' ' + s, k -> Timer.builder(TIMER)
            .description("Neutron API requests by route template, method and status")
            .tags("route", route, "method", m, "status", s)
            .publishPercentileHistogram()
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
