package io.alcorvx.service.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code alcor_api_request_seconds{route,method,status}}: one histogram per route template. */
final class ApiMetrics {
  static final String TIMER = "alcor_api_request_seconds";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  ApiMetrics(MeterRegistry registry) { this.registry = registry; }

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
