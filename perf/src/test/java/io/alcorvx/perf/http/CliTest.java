package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

  @Test
  void driverDefaults() {
    PortCreateDriver d = new PortCreateDriver();
    new CommandLine(d).parseArgs();
    d.resolve();
    assertEquals("http://127.0.0.1:9696", d.api.url);
    assertEquals("perf", d.api.project);
    assertEquals("10.0.0.0/8", d.cidr);
    assertEquals(64, d.concurrency);
    assertEquals(64, d.connections, "one connection per in-flight request unless told otherwise");
    assertEquals(500, d.bulk);
    assertEquals(0.0, d.rate);
    assertTrue(d.eventLoops >= 1 && d.eventLoops <= 4);
  }

  @Test
  void driverOptions() {
    PortCreateDriver d = new PortCreateDriver();
    new CommandLine(d).parseArgs("--ports", "2000", "--concurrency", "8", "--connections", "2", "--event-loops", "16",
        "--rate", "500", "--hosts", "100", "--warmup", "3000", "--preload", "1000000", "--bulk", "250", "--verify", "--network-id", "n1");
    d.resolve();
    assertEquals(2000, d.ports);
    assertEquals(2, d.eventLoops, "never more event loops than connections");
    assertEquals(500.0, d.rate);
    assertEquals(100, d.hosts);
    assertEquals(1_000_000, d.preload);
    assertEquals(3000, d.warmup);
    assertEquals(250, d.bulk);
    assertTrue(d.verify);
    assertEquals("n1", d.networkId);
    assertEquals(List.of("url", "project", "network_id", "subnet_id", "ports", "rate", "concurrency", "connections",
        "event_loops", "client", "hosts", "warmup", "preload", "bulk", "max_seconds"), List.copyOf(d.config("n1", "s1").keySet()));
  }

  @Test
  void driverRejectsNonsense() {
    PortCreateDriver d = new PortCreateDriver();
    new CommandLine(d).parseArgs("--rate", "-1");
    assertThrows(IllegalArgumentException.class, d::resolve);
    PortCreateDriver z = new PortCreateDriver();
    new CommandLine(z).parseArgs("--concurrency", "0");
    assertThrows(IllegalArgumentException.class, z::resolve);
    PortCreateDriver w = new PortCreateDriver();
    new CommandLine(w).parseArgs("--warmup", "-5");
    assertThrows(IllegalArgumentException.class, w::resolve);
  }

  @Test
  void badOptionsExitWithUsageCode() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    PortCreateDriver d = new PortCreateDriver(System.out, new java.io.PrintStream(err, true));
    assertEquals(2, new CommandLine(d).execute("--bulk", "0"));
    assertTrue(err.toString().contains("--bulk"), err.toString());
  }

  @Test
  void defaultEventLoops() {
    assertEquals(1, PortCreateDriver.defaultEventLoops(1));
    assertEquals(1, PortCreateDriver.defaultEventLoops(2));
    assertEquals(4, PortCreateDriver.defaultEventLoops(8));
    assertEquals(4, PortCreateDriver.defaultEventLoops(64));
  }

  @Test
  void restartTimerFormatting() {
    RestartTimer.Cycle ok = new RestartTimer.Cycle(150_000_000L, 1_234_500_000L, 80_000_000L, 143, false, null);
    assertEquals("run 1: ready after 1235 ms (listening after 150 ms); SIGTERM stop took 80 ms, exit code 143",
        RestartTimer.describe(1, ok));
    RestartTimer.Cycle bad = new RestartTimer.Cycle(-1, -1, -1, 1, false, "service exited with 1 before it was ready");
    assertEquals("run 2: NOT READY: service exited with 1 before it was ready", RestartTimer.describe(2, bad));
    assertEquals("{\"driver\":\"RestartTimer\",\"runs\":[{\"ready\":true,\"ready_ms\":1234.5,\"listening_ms\":150.0,"
        + "\"stop_ms\":80.0,\"exit_code\":143,\"killed\":false},{\"ready\":false,\"ready_ms\":null,\"listening_ms\":null,"
        + "\"stop_ms\":null,\"exit_code\":1,\"killed\":false}]}", RestartTimer.jsonLine(List.of(ok, bad)));
    assertEquals("min 3, median 5, max 9 (3 runs)", RestartTimer.summary(new long[] {9, 3, 5}));
    assertEquals("min 2, median 3, max 4 (2 runs)", RestartTimer.summary(new long[] {4, 2}));
  }

  @Test
  void restartTimerNeedsACommand() {
    assertEquals(2, new CommandLine(new RestartTimer()).setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
        .execute());
  }
}
