package io.alcorvx.service.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The service as a separate JVM, started the way an operator starts it, so tests can kill it
 * with SIGKILL and start it again on the same data.
 */
final class ServiceProcess implements AutoCloseable {
  private final Process process;
  final int port;
  final Path log;

  private ServiceProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static ServiceProcess start(Path dataDir, int port, String... extraArgs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", classpath, "io.alcorvx.service.AlcorService",
        "--data-dir", dataDir.toString(), "--http-port", Integer.toString(port), "--http-host", "127.0.0.1", "--gateway-port", "0"));
    cmd.addAll(List.of(extraArgs));
    Files.createDirectories(dataDir);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-service-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServiceProcess s = new ServiceProcess(p, port, log);
    s.awaitReady(Duration.ofSeconds(120));
    return s;
  }

  URI uri(String path) { return URI.create("http://127.0.0.1:" + port + path); }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("service exited with " + process.exitValue() + ":\n" + tail());
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("service not ready after " + timeout + ":\n" + tail());
  }

  /** SIGKILL: no shutdown hook, no graceful close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: graceful shutdown. */
  int stop() throws InterruptedException {
    process.destroy();
    return process.waitFor();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override public void close() throws Exception {
    if (process.isAlive()) stop();
  }
}
