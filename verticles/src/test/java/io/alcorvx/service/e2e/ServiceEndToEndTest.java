package io.alcorvx.service.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.service.AlcorService;
import io.alcorvx.service.ServiceConfig;
import io.alcorvx.service.store.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service (real embedded PostgreSQL) driven over HTTP and by the real OpenStack client. */
class ServiceEndToEndTest {
  private static AlcorService service;
  /** JUnit deletes these after the class, once the service (and its embedded PostgreSQL) is closed. */
  @TempDir private static Path dataDir;
  @TempDir private static Path clientWorkDirs;
  private static int port;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    port = ServiceProcess.freePort();
    service = AlcorService.start(ServiceConfig.load(new String[] {"--data-dir", dataDir.toString(),
        "--http-port", Integer.toString(port), "--http-host", "127.0.0.1", "--api-instances", "2", "--gateway-port", "0"}, Map.of()));
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  private static HttpResponse<String> send(String method, String path, String body, String project) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-Project-Id", project);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRealOpenStackClientDrivesTheService() throws Exception {
    boolean sdk = new File("/usr/bin/python3").canExecute()
        && new ProcessBuilder("/usr/bin/python3", "-c", "import openstack").start().waitFor() == 0;
    Assumptions.assumeTrue(sdk, "skipped: needs Debian's python3-openstacksdk and python3-openstackclient (CI installs them)");
    Path script = Path.of(getClass().getResource("/e2e/openstack_e2e.py").toURI());
    Path workDir = Files.createTempDirectory(clientWorkDirs, "os-client"); // no clouds.yaml here
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "http://127.0.0.1:" + port)
        .directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), "OpenStack client checks failed:\n" + out);
    assertTrue(out.contains("e2e: all"), out);
  }

  @Test
  void parallelClientsInOneSubnetNeverGetTheSameAddress() throws Exception {
    String net = new JsonObject(send("POST", "/v2.0/networks", "{\"network\":{\"name\":\"conc\"}}", "conc").body())
        .getJsonObject("network").getString("id");
    assertEquals(201, send("POST", "/v2.0/subnets", "{\"subnet\":{\"network_id\":\"" + net
        + "\",\"ip_version\":4,\"cidr\":\"10.77.0.0/22\"}}", "conc").statusCode());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<List<JsonObject>>> results = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      results.add(pool.submit(() -> {
        List<JsonObject> ports = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          HttpResponse<String> r = send("POST", "/v2.0/ports", "{\"port\":{\"network_id\":\"" + net + "\"}}", "conc");
          assertEquals(201, r.statusCode(), r.body());
          ports.add(new JsonObject(r.body()).getJsonObject("port"));
        }
        return ports;
      }));
    }
    Set<String> ips = new HashSet<>();
    Set<String> macs = new HashSet<>();
    for (Future<List<JsonObject>> f : results) {
      for (JsonObject p : f.get(2, TimeUnit.MINUTES)) {
        assertTrue(ips.add(p.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address")), "duplicate IP " + p);
        assertTrue(macs.add(p.getString("mac_address")), "duplicate MAC " + p);
      }
    }
    pool.shutdown();
    assertEquals(640, ips.size());
    JsonObject listed = new JsonObject(send("GET", "/v2.0/ports?network_id=" + net + "&fields=id", null, "conc").body());
    assertEquals(640, listed.getJsonArray("ports").size());
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    assertEquals(200, send("GET", "/healthz", null, "x").statusCode());
    assertEquals(200, send("GET", "/readyz", null, "x").statusCode());
    send("POST", "/v2.0/networks", "{\"network\":{\"name\":\"m\"}}", "metrics");
    String metrics = send("GET", "/metrics", null, "x").body();
    for (String name : List.of("alcor_api_request_seconds_bucket", "alcor_engine_apply_seconds_count",
        "alcor_engine_compile_seconds_count", "alcor_store_commit_seconds_count", "alcor_store_commit_batch_size_count",
        "alcor_engine_networks", "alcor_goalstate_unacked_hosts")) {
      assertTrue(metrics.contains(name), "missing metric " + name);
    }
    for (String pool : List.of("alcor-store", "alcor-read")) {
      assertTrue(metrics.contains("vertx_pool_in_use{pool_name=\"" + pool + "\""), "Vert.x's meters of the " + pool + " pool");
    }
    Matcher open = Pattern.compile("(?m)^alcor_api_open_connections (\\S+)$").matcher(metrics);
    assertTrue(open.find(), "the API's open-connections gauge");
    assertTrue(Double.parseDouble(open.group(1)) >= 1, "this test's own connection is open: " + open.group(1));
    // per-message and per-request Vert.x meters are off (they cost CPU on every create; ours cover them)
    assertFalse(metrics.contains("vertx_eventbus_"), "event-bus meters are disabled");
    assertFalse(metrics.contains("vertx_http_server_"), "HTTP server meters are disabled");
  }

  @Test
  void theEmbeddedPostgresRunsWithTheServiceSettings() throws Exception {
    PostgresServer pg = service.embeddedPostgres().orElseThrow();
    Map<String, String> expected = Map.of("synchronous_commit", "on", "fsync", "on", "full_page_writes", "on",
        "shared_buffers", "512MB", "max_wal_size", "8GB", "wal_init_zero", "off");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(PostgresServer.DATABASE)); Statement s = c.createStatement()) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        try (ResultSet r = s.executeQuery("SHOW " + e.getKey())) {
          assertTrue(r.next());
          assertEquals(e.getValue(), r.getString(1), e.getKey());
        }
      }
    }
  }

  @Test
  void hostsAreAnAdminOnlyResource() throws Exception {
    assertEquals(403, send("GET", "/v2.0/hosts", null, "someone").statusCode());
    HttpRequest admin = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2.0/hosts"))
        .header("X-Roles", "admin").build();
    HttpResponse<String> list = http.send(admin, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(new JsonObject(list.body()).containsKey("hosts"));
    HttpRequest delete = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2.0/hosts/nope"))
        .header("X-Roles", "admin").DELETE().build();
    HttpResponse<String> gone = http.send(delete, HttpResponse.BodyHandlers.ofString());
    assertEquals(404, gone.statusCode(), gone.body());
    assertTrue(gone.body().contains("HostNotFound"), gone.body());
  }

  @Test
  void oversizedBodiesAreRefusedWith413() throws Exception {
    String huge = "{\"network\":{\"name\":\"" + "x".repeat(2 << 20) + "\"}}";
    HttpResponse<String> r = send("POST", "/v2.0/networks", huge, "big");
    assertEquals(413, r.statusCode());
    assertTrue(r.body().contains("NeutronError"), r.body());
  }
}
