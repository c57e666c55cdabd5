package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The driver end to end against {@link FakeNeutron}. */
class PortCreateDriverTest {
  private FakeNeutron fake;
  private int port;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeNeutron();
    port = fake.start();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private int run(String... args) {
    PortCreateDriver d = new PortCreateDriver(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String[] all = new String[args.length + 2];
    all[0] = "--url";
    all[1] = "http://127.0.0.1:" + port;
    System.arraycopy(args, 0, all, 2, args.length);
    return new CommandLine(d).execute(all);
  }

  private JsonObject lastJson() {
    String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
    return new JsonObject(lines[lines.length - 1]);
  }

  @Test
  void preloadThenMeasuredThenVerify() {
    int code = run("--ports", "700", "--concurrency", "16", "--event-loops", "3", "--preload", "1201", "--bulk", "500",
        "--hosts", "7", "--verify", "--page-size", "250");
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text + err);
    JsonObject o = lastJson();
    JsonObject m = o.getJsonObject("measured");
    assertEquals(700, m.getLong("ok_2xx"), text);
    assertEquals(0, m.getLong("not_2xx"));
    assertEquals(700, m.getLong("ports_created"));
    assertTrue(m.getDouble("ports_per_s") > 0);
    assertTrue(m.getJsonObject("latency_ms").getDouble("max") >= m.getJsonObject("latency_ms").getDouble("p50"));
    JsonObject pre = o.getJsonObject("preload");
    assertEquals(3, pre.getLong("requests"), "1201 ports at 500 a request");
    assertEquals(1201, pre.getLong("ports_created"));
    JsonObject v = o.getJsonObject("verify");
    assertTrue(v.getBoolean("passed"), v.encode());
    assertEquals(1901, v.getLong("listed"));
    assertEquals(8, v.getLong("pages"), "1901 ports at 250 a page");
    assertEquals(1901, fake.ports.size());
    assertTrue(fake.projects.stream().allMatch("perf/admin"::equals));
    long bound = fake.ports.values().stream().filter(p -> "host-3".equals(p.getString("binding:host_id"))).count();
    assertTrue(bound > 0);
    assertTrue(text.contains("-- preload --") && text.contains("-- measured --") && text.contains("result           PASS"), text);
  }

  @Test
  void bothClientsCountTheSameAndReportTheirOwnCpu() {
    for (String client : new String[] {"raw", "vertx"}) {
      out.reset();
      fake.conflictEvery = 5;
      int code = run("--ports", "100", "--concurrency", "4", "--client", client);
      assertEquals(0, code, client + ": " + out.toString(StandardCharsets.UTF_8) + err);
      JsonObject o = lastJson();
      assertEquals(client, o.getJsonObject("config").getString("client"));
      JsonObject m = o.getJsonObject("measured");
      assertEquals(80, m.getLong("ok_2xx"), client);
      assertEquals(20, m.getJsonObject("status").getLong("409"), client);
      assertTrue(m.getDouble("driver_cpu_us_per_request") > 0, client + ": " + m.encode());
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("! 409 {\"NeutronError\""), client);
    }
  }

  @Test
  void unknownClientIsRefused() {
    assertEquals(2, run("--ports", "10", "--client", "curl"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--client must be raw or vertx, got curl"));
    assertEquals(0, fake.ports.size(), "nothing was sent");
  }

  @Test
  void openLoopRateTakesItsTime() {
    long t = System.nanoTime();
    int code = run("--ports", "300", "--rate", "1000", "--concurrency", "8");
    long ms = (System.nanoTime() - t) / 1_000_000;
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8) + err);
    JsonObject m = lastJson().getJsonObject("measured");
    assertEquals(300, m.getLong("ok_2xx"));
    assertTrue(m.getDouble("duration_s") >= 0.299, "the last of 300 at 1000/s is due 0.299 s in: " + m.encode());
    assertTrue(m.getDouble("ports_per_s") <= 1010, m.encode());
    assertTrue(ms >= 299);
    assertEquals(1000.0, lastJson().getJsonObject("config").getDouble("rate"));
  }

  @Test
  void timelineHasEveryMeasuredRequestInOrderOfItsTimes(@TempDir Path dir) throws Exception {
    fake.conflictEvery = 10;
    Path file = dir.resolve("t.csv");
    long before = System.currentTimeMillis();
    int code = run("--ports", "200", "--rate", "2000", "--concurrency", "4", "--event-loops", "2", "--warmup", "50",
        "--timeline", file.toString());
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8) + err);
    List<String> lines = Files.readAllLines(file);
    long phaseStart = Long.parseLong(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    assertTrue(phaseStart >= before && phaseStart <= System.currentTimeMillis(), lines.get(0));
    assertEquals("index,due_us,sent_us,answered_us,status", lines.get(1));
    assertEquals(202, lines.size(), "the measured requests only, not the warm-up");
    Set<Long> indexes = new HashSet<>();
    int conflicts = 0;
    for (String line : lines.subList(2, lines.size())) {
      String[] f = line.split(",");
      long index = Long.parseLong(f[0]);
      long due = Long.parseLong(f[1]);
      long sent = Long.parseLong(f[2]);
      long answered = Long.parseLong(f[3]);
      assertTrue(indexes.add(index), line);
      assertEquals(index * 500, due, "at 2,000/s request i is due at i * 500 µs: " + line);
      assertTrue(sent >= due - 1 && answered >= sent, line);
      if (f[4].equals("409")) conflicts++; else assertEquals("201", f[4], line);
    }
    assertEquals(200, indexes.size());
    assertTrue(conflicts > 0, "statuses are the answers' own");
  }

  @Test
  void statusesAreCountedAndDuplicatesFailTheVerification() {
    fake.conflictEvery = 10;
    fake.duplicateIps = true;
    int code = run("--ports", "200", "--concurrency", "4", "--verify");
    assertEquals(1, code, out.toString(StandardCharsets.UTF_8));
    JsonObject o = lastJson();
    JsonObject m = o.getJsonObject("measured");
    assertEquals(180, m.getLong("ok_2xx"));
    assertEquals(20, m.getJsonObject("status").getLong("409"));
    assertEquals(180, m.getLong("ports_created"));
    JsonObject v = o.getJsonObject("verify");
    assertFalse(v.getBoolean("passed"));
    assertEquals(180, v.getLong("listed"));
    assertTrue(v.getLong("duplicate_ips") > 0);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("! 409 {\"NeutronError\""));
  }

  @Test
  void reusesANetworkAndCountsWhatWasThere() {
    assertEquals(0, run("--ports", "50", "--concurrency", "4"));
    String net = lastJson().getJsonObject("config").getString("network_id");
    out.reset();
    assertEquals(0, run("--ports", "30", "--concurrency", "4", "--network-id", net, "--verify"));
    JsonObject v = lastJson().getJsonObject("verify");
    assertEquals(80, v.getLong("listed"));
    assertEquals(80, v.getLong("expected"));
  }

  @Test
  void unreachableServiceIsASetupFailure() throws Exception {
    fake.close();
    assertEquals(2, run("--ports", "10", "--timeout-ms", "2000"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("setup failed"));
    fake = new FakeNeutron();
  }
}
