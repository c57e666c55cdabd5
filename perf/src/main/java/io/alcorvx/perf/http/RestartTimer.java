package io.alcorvx.perf.http;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times a service (re)start: starts {@code --cmd} (through {@code bash -c "exec ..."}, so the
 * process it times is the service itself), polls {@code GET /readyz} until it answers 200, prints
 * the time to listening (first HTTP answer) and to ready, then stops the service with SIGTERM and
 * times the shutdown. With a data directory that already holds a large store this measures the
 * reload. {@code --repeat} runs it several times and prints min/median/max.
 *
 * <p>Exit code 0 when every run got ready, 1 otherwise.
 */
@Command(name = "RestartTimer", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Starts the service, times it until GET /readyz answers 200, stops it with SIGTERM.")
public final class RestartTimer implements Callable<Integer> {

  @Option(names = "--cmd", required = true, description = "command that starts the service, run by bash, e.g. \"java -jar verticles/target/alcor-service.jar --data-dir X\"")
  String cmd;

  @Option(names = "--url", description = "service base URL (default ${DEFAULT-VALUE})")
  String url = "http://127.0.0.1:9696";

  @Option(names = "--path", description = "readiness path (default ${DEFAULT-VALUE})")
  String path = "/readyz";

  @Option(names = "--poll-ms", description = "readiness poll interval (default ${DEFAULT-VALUE})")
  long pollMs = 20;

  @Option(names = "--timeout-seconds", description = "give up waiting for ready after this (default ${DEFAULT-VALUE})")
  long timeoutSeconds = 600;

  @Option(names = "--stop-timeout-seconds", description = "SIGKILL the service when SIGTERM has not stopped it after this (default ${DEFAULT-VALUE})")
  long stopTimeoutSeconds = 60;

  @Option(names = "--repeat", description = "start/stop cycles (default ${DEFAULT-VALUE})")
  int repeat = 1;

  @Option(names = "--log", description = "file for the service's stdout and stderr (default: a temporary file)")
  File log;

  @Option(names = "--workdir", description = "working directory of the service (default: the current one)")
  File workdir;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RestartTimer()).execute(args));
  }

  /** One start/stop cycle; times in ns, -1 when not reached. */
  record Cycle(long listeningNanos, long readyNanos, long stopNanos, Integer exitCode, boolean killed, String failure) {
    boolean ready() { return readyNanos >= 0; }
  }

  @Override
  public Integer call() throws Exception {
    if (repeat <= 0 || pollMs <= 0) throw new IllegalArgumentException("--repeat and --poll-ms must be > 0");
    URI ready = URI.create(url.replaceAll("/+$", "") + path);
    Path logFile = log != null ? log.toPath() : Files.createTempFile("restart-timer-", ".log");
    err.println("service output: " + logFile);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    List<Cycle> cycles = new ArrayList<>();
    for (int r = 0; r < repeat; r++) {
      Cycle c = cycle(http, ready, logFile);
      cycles.add(c);
      out.println(describe(r + 1, c));
      if (!c.ready()) break;
    }
    long[] readyMs = cycles.stream().filter(Cycle::ready).mapToLong(c -> Math.round(c.readyNanos() / 1e6)).toArray();
    if (readyMs.length > 1) out.println("ready (ms): " + summary(readyMs));
    out.println(jsonLine(cycles));
    return cycles.stream().allMatch(Cycle::ready) ? 0 : 1;
  }

  private Cycle cycle(HttpClient http, URI ready, Path logFile) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    if (workdir != null) pb.directory(workdir);
    long t0 = System.nanoTime();
    Process p = pb.start();
    long listening = -1;
    long readyAt = -1;
    String failure = null;
    long giveUp = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    HttpRequest req = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build();
    while (true) {
      if (!p.isAlive()) {
        failure = "service exited with " + p.exitValue() + " before it was ready (see " + logFile + ")";
        break;
      }
      try {
        HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
        long now = System.nanoTime();
        if (listening < 0) listening = now - t0;
        if (resp.statusCode() == 200) {
          readyAt = now - t0;
          break;
        }
      } catch (ConnectException | java.net.http.HttpTimeoutException e) {
        // not listening yet
      } catch (IOException e) {
        // connection reset while starting
      }
      if (System.nanoTime() - giveUp > 0) {
        failure = "not ready after " + timeoutSeconds + " s";
        break;
      }
      Thread.sleep(pollMs);
    }
    long stopNanos = -1;
    Integer exit = null;
    boolean killed = false;
    if (p.isAlive()) {
      List<ProcessHandle> children = p.descendants().toList();
      long s = System.nanoTime();
      p.destroy(); // SIGTERM
      if (!p.waitFor(stopTimeoutSeconds, TimeUnit.SECONDS)) {
        killed = true;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      stopNanos = System.nanoTime() - s;
      exit = p.isAlive() ? null : p.exitValue();
      // children the service started (e.g. an embedded PostgreSQL) and left behind
      for (ProcessHandle h : children) {
        if (h.isAlive()) {
          err.println("warning: child process " + h.pid() + " outlived the service; stopping it");
          h.destroy();
          try {
            h.onExit().get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            h.destroyForcibly();
          }
        }
      }
    } else if (failure == null) {
      exit = p.exitValue();
    }
    return new Cycle(listening, readyAt, stopNanos, exit, killed, failure);
  }

  static String describe(int n, Cycle c) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "run %d: ", n));
    if (c.ready()) {
      sb.append(String.format(Locale.ROOT, "ready after %.0f ms (listening after %.0f ms)", c.readyNanos() / 1e6,
          c.listeningNanos() / 1e6));
    } else {
      sb.append("NOT READY: ").append(c.failure());
    }
    if (c.stopNanos() >= 0) {
      sb.append(String.format(Locale.ROOT, "; SIGTERM stop took %.0f ms, exit code %s%s", c.stopNanos() / 1e6,
          c.exitCode() == null ? "?" : c.exitCode().toString(), c.killed() ? " (had to SIGKILL)" : ""));
    }
    return sb.toString();
  }

  /** "min X, median Y, max Z" of milliseconds. */
  static String summary(long[] ms) {
    long[] s = ms.clone();
    Arrays.sort(s);
    long median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return String.format(Locale.ROOT, "min %d, median %d, max %d (%d runs)", s[0], median, s[s.length - 1], s.length);
  }

  static String jsonLine(List<Cycle> cycles) {
    StringBuilder sb = new StringBuilder("{\"driver\":\"RestartTimer\",\"runs\":[");
    for (int i = 0; i < cycles.size(); i++) {
      Cycle c = cycles.get(i);
      if (i > 0) sb.append(',');
      sb.append(String.format(Locale.ROOT, "{\"ready\":%s,\"ready_ms\":%s,\"listening_ms\":%s,\"stop_ms\":%s,\"exit_code\":%s,\"killed\":%s}",
          c.ready(), msOrNull(c.readyNanos()), msOrNull(c.listeningNanos()), msOrNull(c.stopNanos()),
          c.exitCode() == null ? "null" : c.exitCode().toString(), c.killed()));
    }
    return sb.append("]}").toString();
  }

  private static String msOrNull(long nanos) {
    return nanos < 0 ? "null" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
