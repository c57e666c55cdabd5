package io.alcorvx.service.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.perf.sim.AckPolicy;
import io.alcorvx.perf.sim.HostConfig;
import io.alcorvx.perf.sim.HostState;
import io.alcorvx.perf.sim.ReconnectPolicy;
import io.alcorvx.perf.sim.SimulatedHost;
import io.alcorvx.service.AlcorService;
import io.alcorvx.service.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole fan-out path: the real OpenStack client builds a topology whose ports are bound to
 * simulated hosts connected to the agent gateway; every host converges to exactly the goal state
 * the engine computes, ports turn ACTIVE, a slow host does not hold the others back, a host that
 * was away gets only a delta, and after a service restart on the same database the hosts resync
 * without a FULL.
 */
class FanoutEndToEndTest {
  private static final String TOKEN = "fanout-e2e-token-0123456789";
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** JUnit deletes these after the class, once the service (and its embedded PostgreSQL) is closed. */
  @TempDir private static Path dataDir;
  @TempDir private static Path clientWorkDirs;
  private static int apiPort;
  private static int gatewayPort;
  private static AlcorService service;
  private static Vertx clients;
  private static GrpcClient grpc;
  private static final Map<String, SimulatedHost> hosts = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    boolean sdk = new File("/usr/bin/python3").canExecute()
        && new ProcessBuilder("/usr/bin/python3", "-c", "import openstack").start().waitFor() == 0;
    Assumptions.assumeTrue(sdk, "skipped: needs Debian's python3-openstacksdk (CI installs it)");
    apiPort = ServiceProcess.freePort();
    gatewayPort = ServiceProcess.freePort();
    service = startService();
    clients = Vertx.vertx();
    grpc = GrpcClient.client(clients);
    SocketAddress gateway = SocketAddress.inetSocketAddress(gatewayPort, "127.0.0.1");
    int i = 1;
    for (String id : new String[] {"sim-1", "sim-2", "sim-3", "sim-slow"}) {
      AckPolicy ack = id.equals("sim-slow") ? new AckPolicy(3_000, 0) : AckPolicy.IMMEDIATE;
      HostConfig config = new HostConfig(id, id, "192.168.70." + i, "02:00:00:00:70:0" + i, TOKEN, ack, new ReconnectPolicy(50, 500));
      hosts.put(id, new SimulatedHost(clients.getOrCreateContext(), grpc, gateway, config, null));
      i++;
    }
    for (SimulatedHost h : hosts.values()) h.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static AlcorService startService() throws Exception {
    return AlcorService.start(ServiceConfig.load(new String[] {"--data-dir", dataDir.toString(), "--http-host", "127.0.0.1",
        "--http-port", Integer.toString(apiPort), "--gateway-port", Integer.toString(gatewayPort), "--api-instances", "1",
        "--agent-token", TOKEN}, Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (SimulatedHost h : hosts.values()) h.stop();
    if (grpc != null) grpc.close();
    if (clients != null) clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (service != null) service.close();
  }

  private static JsonObject openstack(String... args) throws Exception {
    Path script = Path.of(FanoutEndToEndTest.class.getResource("/e2e/openstack_hosts.py").toURI());
    String[] cmd = new String[args.length + 3];
    cmd[0] = "/usr/bin/python3";
    cmd[1] = script.toString();
    cmd[2] = "http://127.0.0.1:" + apiPort;
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).directory(Files.createTempDirectory(clientWorkDirs, "os").toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
    return new JsonObject(last);
  }

  private static String portStatus(String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v2.0/ports/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getJsonObject("port").getString("status");
  }

  /** TYPE:key -> hex of the configuration bytes. */
  private static Map<String, String> held(SimulatedHost h) throws Exception {
    HostState s = h.state().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Map<String, String> out = new TreeMap<>();
    s.entries().forEach((type, byKey) -> byKey.forEach((k, v) -> out.put(type + ":" + k, HexFormat.of().formatHex(v))));
    return out;
  }

  private static Map<String, String> expected(String host) throws Exception {
    Map<EntryKey, Entry> goal = service.engine().goalStateOf(host).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Map<String, String> out = new TreeMap<>();
    goal.forEach((k, e) -> out.put(k.type() + ":" + k.key(), HexFormat.of().formatHex(e.configuration().toByteArray())));
    return out;
  }

  /** From the admin hosts resource: nothing outstanding or pending for any host. */
  private static boolean allAcknowledged() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v2.0/hosts"))
          .header("X-Roles", "admin").build(), HttpResponse.BodyHandlers.ofString());
      io.vertx.core.json.JsonArray list = new JsonObject(r.body()).getJsonArray("hosts");
      for (int i = 0; i < list.size(); i++) {
        JsonObject h = list.getJsonObject(i);
        if (h.getValue("outstanding_version") != null || h.getInteger("unacked_changes") != 0) return false;
      }
      return list.size() == hosts.size();
    } catch (Exception e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  private static void awaitConverged(String... ids) throws Exception {
    for (String id : ids) {
      await(() -> {
        try {
          return held(hosts.get(id)).equals(expected(id));
        } catch (Exception e) {
          return false;
        }
      }, id + " holds exactly its goal state");
    }
  }

  @Test
  void hostsConvergeToExactlyTheirGoalStatesThroughChangesOutagesAndARestart() throws Exception {
    JsonObject built = openstack("build");
    JsonObject ports = built.getJsonObject("ports");

    // the fast hosts converge and their ports turn ACTIVE while the slow host still sits on its ACK
    await(() -> {
      try {
        return "ACTIVE".equals(portStatus(ports.getString("sim-1"))) && "ACTIVE".equals(portStatus(ports.getString("sim-3")));
      } catch (Exception e) {
        return false;
      }
    }, "the fast hosts' ports are ACTIVE");
    assertEquals("DOWN", portStatus(ports.getString("sim-slow")), "the slow host has not acknowledged yet");
    awaitConverged("sim-1", "sim-2", "sim-3");
    assertTrue(held(hosts.get("sim-1")).keySet().stream().anyMatch(k -> k.startsWith("NEIGHBOR:L3/" + ports.getString("sim-3"))),
        "sim-1 has sim-3's port as an L3 neighbor through the router");
    await(() -> {
      try {
        return "ACTIVE".equals(portStatus(ports.getString("sim-slow")));
      } catch (Exception e) {
        return false;
      }
    }, "the slow host's port is ACTIVE eventually");
    awaitConverged("sim-slow");

    // updates and deletes converge too
    openstack("change", ports.getString("sim-1"), ports.getString("sim-2"));
    awaitConverged("sim-1", "sim-2", "sim-3", "sim-slow");
    assertTrue(held(hosts.get("sim-2")).isEmpty(), "sim-2 lost its only port: it holds nothing");

    // sim-3 is away while its port and a new one change: it comes back to a DELTA, not a FULL
    SimulatedHost away = hosts.get("sim-3");
    away.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    long fullsBefore = away.counters().fulls();
    openstack("port", "sim-3", built.getString("network"));
    away.start();
    awaitConverged("sim-3");
    assertEquals(fullsBefore, away.counters().fulls(), "a host that was away gets only what it missed");

    // a service restart on the same database: hosts that hold their goal state resync without a FULL
    // (first let every push be acknowledged, the slow host's too: a host that missed a change
    // rightly gets a FULL)
    await(FanoutEndToEndTest::allAcknowledged, "every host acknowledged everything");
    awaitConverged("sim-1", "sim-2", "sim-3", "sim-slow");
    Map<String, Long> fulls = new LinkedHashMap<>();
    hosts.forEach((id, h) -> fulls.put(id, h.counters().fulls()));
    service.close();
    service = startService();
    awaitConverged("sim-1", "sim-2", "sim-3", "sim-slow");
    for (String id : hosts.keySet()) {
      SimulatedHost h = hosts.get(id);
      await(h::connected, id + " reconnected");
      assertEquals(fulls.get(id), h.counters().fulls(), id + " resynced without a FULL after the restart");
      assertEquals(0, h.counters().digestMismatches(), id + " never held a state that did not match");
    }
  }
}
