package io.alcorvx.perf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FleetDriverTest {

  @Test
  void defaults() {
    FleetDriver d = new FleetDriver();
    new CommandLine(d).parseArgs();
    SimulatedFleet.Options o = d.resolve();
    assertEquals("127.0.0.1", o.gateway().host());
    assertEquals(9697, o.gateway().port(), "GatewayConfig.DEFAULT_PORT");
    assertEquals(1000, o.hosts());
    assertEquals(4, o.connections());
    assertEquals("sim-", o.hostPrefix());
    assertEquals(AckPolicy.IMMEDIATE, o.ack());
    assertEquals(60, d.durationS);
    assertEquals(5, d.progressSeconds);
    assertEquals(false, d.noHeapProbe);
  }

  @Test
  void options() {
    FleetDriver d = new FleetDriver();
    new CommandLine(d).parseArgs("--gateway", "gw.example:7000", "--hosts", "3", "--connections", "8", "--token", "T",
        "--ack-delay-ms", "4", "--nack-rate", "0.25", "--duration-s", "9", "--host-prefix", "host-", "--no-heap-probe",
        "--start-rate", "100", "--event-loops", "3");
    SimulatedFleet.Options o = d.resolve();
    assertEquals("gw.example", o.gateway().host());
    assertEquals(7000, o.gateway().port());
    assertEquals(3, o.connections(), "never more connections than hosts");
    assertEquals(3, o.eventLoops());
    assertEquals("T", o.token());
    assertEquals(new AckPolicy(4, 0.25), o.ack());
    assertEquals("host-", o.hostPrefix());
    assertEquals(100.0, o.startRatePerSecond());
    assertEquals(true, d.noHeapProbe);
    assertEquals(List.of("gateway", "hosts", "connections", "event_loops", "host_prefix", "first_index", "token",
        "ack_delay_ms", "nack_rate", "start_rate", "reconnect_ms", "duration_s"), List.copyOf(d.config().keySet()));
    assertEquals("set", d.config().get("token"), "the token itself is never printed");
  }

  @Test
  void rejectsNonsense() {
    for (String[] args : List.of(new String[] {"--nack-rate", "2"}, new String[] {"--hosts", "0"},
        new String[] {"--gateway", "nohost"}, new String[] {"--gateway", "h:99999"}, new String[] {"--duration-s", "0"})) {
      FleetDriver d = new FleetDriver();
      new CommandLine(d).parseArgs(args);
      assertThrows(IllegalArgumentException.class, d::resolve, String.join(" ", args));
    }
    SocketAddress v6 = FleetDriver.parseGateway("[::1]:9");
    assertEquals("::1", v6.host());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    FleetDriver d = new FleetDriver(System.out, new PrintStream(err, true));
    assertEquals(2, new CommandLine(d).execute("--connections", "0"));
  }

  @Test
  void runsForItsDurationAgainstAGatewayAndPrintsAJsonLine() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    FakeGateway gateway = FakeGateway.start(vertx, 1000);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      FleetDriver d = new FleetDriver(new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      long t0 = System.nanoTime();
      int code = new CommandLine(d).execute("--gateway", "127.0.0.1:" + gateway.port(), "--hosts", "50",
          "--connections", "2", "--duration-s", "2", "--progress-seconds", "1", "--ack-delay-ms", "1");
      double took = (System.nanoTime() - t0) / 1e9;
      assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
      assertTrue(took < 15, "stops by itself: " + took + " s");
      String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
      JsonObject json = new JsonObject(lines[lines.length - 1]);
      assertEquals("FleetDriver", json.getString("driver"));
      assertEquals(50, json.getInteger("hosts"));
      assertEquals(50, json.getInteger("connected"));
      assertEquals(FakeGateway.V2, json.getLong("min_version"));
      assertEquals(100, json.getLong("acks"));
      assertEquals(100, json.getJsonObject("latency_ms").getLong("count"));
      assertTrue(json.getLong("heap_bytes_per_host") >= 0);
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("== simulated host fleet =="));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("connected 50/50"), err.toString(StandardCharsets.UTF_8));
      assertEquals(2, gateway.connections.size());
    } finally {
      gateway.close();
      FakeGateway.await(vertx.close());
    }
  }
}
