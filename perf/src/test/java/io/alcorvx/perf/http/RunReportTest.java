package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunReportTest {

  private static PhaseResult measured() {
    TreeMap<String, Long> status = new TreeMap<>(Map.of("201", 1990L, "409", 7L, "error:TimeoutException", 3L));
    LatencySummary l = new LatencySummary(2000, 2345.6, 2000, 4000, 9000, 15_000, 20_123);
    return new PhaseResult("measured", 2000, 2000, 1990, status, 2_000_000_000L, l, null, List.of("409 {\"NeutronError\":{}}"), 150_000_000L);
  }

  private static Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("url", "http://127.0.0.1:9696");
    c.put("ports", 2000L);
    c.put("rate", "max");
    c.put("concurrency", 64);
    return c;
  }

  @Test
  void phaseArithmetic() {
    PhaseResult p = measured();
    assertEquals(1990, p.ok());
    assertEquals(10, p.notOk(), "7 conflicts and 3 timeouts");
    assertEquals(995.0, p.portsPerSecond(), 1e-9);
    assertEquals(1000.0, p.requestsPerSecond(), 1e-9);
    assertTrue(PhaseResult.is2xx("200"));
    assertTrue(PhaseResult.is2xx("201"));
    assertFalse(PhaseResult.is2xx("2xx"));
    assertFalse(PhaseResult.is2xx("409"));
    assertFalse(PhaseResult.is2xx("error:X"));
    assertEquals("error:TimeoutException", PhaseResult.errorKey(new TimeoutException()));
    assertEquals("error:unknown", PhaseResult.errorKey(null));
  }

  @Test
  void humanReportShowsThroughputStatusAndLatencyInMilliseconds() {
    String text = new RunReport(config(), null, measured(), null).human();
    assertTrue(text.contains("concurrency      64"), text);
    assertTrue(text.contains("-- measured --"), text);
    assertTrue(text.contains("duration         2.000 s"), text);
    assertTrue(text.contains("ports created    1990 (995.0 ports/s)"), text);
    assertTrue(text.contains("2000 of 2000 planned (1000.0 req/s): 1990 2xx, 10 not 2xx"), text);
    assertTrue(text.contains("status           201: 1990, 409: 7, error:TimeoutException: 3"), text);
    assertTrue(text.contains("p50 2.000  p90 4.000  p99 9.000  p99.9 15.000  max 20.123  mean 2.346"), text);
    assertTrue(text.contains("! 409 {\"NeutronError\":{}}"), text);
    assertTrue(text.contains("driver CPU       0.150 s (75.0 us a request)"), text);
    assertFalse(text.contains("-- preload --"));
    assertFalse(text.contains("-- verify --"));
  }

  @Test
  void jsonLineIsOneParsableLine() {
    PhaseResult pre = new PhaseResult("preload", 4, 4, 2000, new TreeMap<>(Map.of("201", 4L)), 500_000_000L,
        LatencySummary.EMPTY, null, List.of(), -1);
    VerifyResult v = new VerifyResult(3990, 3990, 0, 0, 0, 4, 1_234_000_000L, List.of());
    String line = new RunReport(config(), pre, measured(), v).jsonLine();
    assertFalse(line.contains("\n"));
    JsonObject o = new JsonObject(line);
    assertEquals("PortCreateDriver", o.getString("driver"));
    assertEquals("max", o.getJsonObject("config").getString("rate"));
    assertEquals(64, o.getJsonObject("config").getInteger("concurrency"));
    JsonObject m = o.getJsonObject("measured");
    assertEquals(1990, m.getLong("ok_2xx"));
    assertEquals(10, m.getLong("not_2xx"));
    assertEquals(7, m.getJsonObject("status").getLong("409"));
    assertEquals(995.0, m.getDouble("ports_per_s"));
    assertEquals(2.0, m.getDouble("duration_s"));
    assertNull(m.getString("stopped_by"));
    JsonObject lat = m.getJsonObject("latency_ms");
    assertEquals(2.0, lat.getDouble("p50"));
    assertEquals(15.0, lat.getDouble("p999"));
    assertEquals(20.123, lat.getDouble("max"));
    assertEquals(2.346, lat.getDouble("mean"));
    assertEquals(0.15, m.getDouble("driver_cpu_s"));
    assertEquals(75.0, m.getDouble("driver_cpu_us_per_request"));
    assertNull(o.getJsonObject("preload").getValue("driver_cpu_us_per_request"), "unknown stays null, not a number");
    assertEquals(4000.0, o.getJsonObject("preload").getDouble("ports_per_s"));
    assertTrue(o.getJsonObject("verify").getBoolean("passed"));
    assertEquals(1.234, o.getJsonObject("verify").getDouble("duration_s"));
  }

  @Test
  void failedVerificationIsShown() {
    VerifyResult v = new VerifyResult(1999, 2000, 1, 0, 0, 2, 1_000_000, List.of("ip 10.0.0.5 held by a and b"));
    assertFalse(v.passed());
    String text = new RunReport(config(), null, measured(), v).human();
    assertTrue(text.contains("result           FAIL"), text);
    assertTrue(text.contains("1999 (expected 2000)"), text);
    assertTrue(text.contains("! ip 10.0.0.5 held by a and b"), text);
    assertFalse(new JsonObject(new RunReport(config(), null, measured(), v).jsonLine()).getJsonObject("verify").getBoolean("passed"));
  }

  @Test
  void stoppedEarlyIsShown() {
    PhaseResult p = new PhaseResult("measured", 100, 40, 40, new TreeMap<>(Map.of("201", 40L)), 1_000_000_000L,
        LatencySummary.EMPTY, "max-seconds", List.of(), -1);
    String text = new RunReport(config(), null, p, null).human();
    assertTrue(text.contains("1.000 s (stopped early: max-seconds)"), text);
    assertTrue(text.contains("40 of 100 planned"), text);
    assertFalse(text.contains("driver CPU"), "an unknown driver CPU is not shown: " + text);
  }

  @Test
  void latencySummaryFromHistogramInMicroseconds() {
    Histogram h = LatencySummary.newHistogram();
    for (int i = 1; i <= 1000; i++) LatencySummary.record(h, i * 1_000_000L); // 1..1000 ms
    LatencySummary l = LatencySummary.of(h);
    assertEquals(1000, l.count());
    assertEquals(500_000, l.p50Us(), 500_000 * 0.001);
    assertEquals(900_000, l.p90Us(), 900_000 * 0.001);
    assertEquals(990_000, l.p99Us(), 990_000 * 0.001);
    assertEquals(999_000, l.p999Us(), 999_000 * 0.001);
    assertEquals(1_000_000, l.maxUs(), 1_000_000 * 0.001);
    assertEquals(LatencySummary.EMPTY, LatencySummary.of(LatencySummary.newHistogram()));
    LatencySummary.record(h, Long.MAX_VALUE / 2);
    assertTrue(LatencySummary.of(h).maxUs() >= LatencySummary.HIGHEST_TRACKABLE_US, "huge values are clamped, not thrown");
    LatencySummary.record(h, -5);
  }

  @Test
  void progressLine() {
    String line = RunReport.progressLine("measured", 10_000_000_000L, 5000, 20000, 3, 2500, 5_000_000_000L);
    assertEquals("[measured    10.0s] 5000/20000 requests (25.0%), 3 not 2xx, 500.0 req/s overall, 500.0 req/s last interval", line);
  }
}
