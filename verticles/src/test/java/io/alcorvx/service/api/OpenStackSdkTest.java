package io.alcorvx.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real openstacksdk and {@code openstack} CLI (Debian's, auth_type none) against the API with
 * the in-memory engine and reader: runs {@code e2e/openstack_e2e.py}. Skipped where the Python
 * client is not installed.
 */
@ExtendWith(VertxExtension.class)
class OpenStackSdkTest {
  static final String PYTHON = "/usr/bin/python3";

  @Test
  void realClientDrivesTheApi(Vertx vertx, @TempDir Path clientWorkDir) throws Exception {
    assumeTrue(new File(PYTHON).canExecute(), "no " + PYTHON);
    assumeTrue(new ProcessBuilder(PYTHON, "-c", "import openstack").start().waitFor() == 0, "openstacksdk not installed");
    var script = getClass().getResource("/e2e/openstack_e2e.py");
    assumeTrue(script != null, "e2e script not on the test classpath");

    InMemoryResourceReader reader = new InMemoryResourceReader();
    InMemoryEngineClient engine = new InMemoryEngineClient(reader);
    ApiDeps deps = ApiDeps.of(engine, reader, ApiConfig.defaults(), new SimpleMeterRegistry());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
    vertx.deployVerticle(() -> new ApiVerticle(deps, options), new DeploymentOptions().setInstances(2))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    Path dir = clientWorkDir; // no clouds.yaml here
    Path log = dir.resolve("out.log");
    ProcessBuilder pb = new ProcessBuilder(PYTHON, new File(script.toURI()).getAbsolutePath(), "http://127.0.0.1:" + port)
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
    Process p = pb.start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    String out = Files.readString(log);
    assertEquals(0, done ? p.exitValue() : -1, out);
  }
}
