package io.alcorvx.service.store;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL per test class, in a temporary directory deleted afterwards:
 * <pre>
 *   &#64;RegisterExtension static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();
 *   ... PG.newDatabase() // options for a fresh, empty database (isolates test methods)
 * </pre>
 * {@link #stop()} / {@link #restart()} bounce the server on the same data directory and port.
 * Everything here blocks: call it from test threads, never from an event loop.
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {
  private final AtomicInteger databases = new AtomicInteger();
  private Path root;
  private Path dataDir;
  private int port;
  private PostgresServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    root = Files.createTempDirectory("alcor-pg-");
    dataDir = root.resolve("data");
    server = PostgresServer.start(dataDir, 0);
    port = server.port();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  public PostgresServer server() { return server; }

  public int port() { return port; }

  public Path dataDir() { return dataDir; }

  /** The default database ("postgres"). */
  public PgConnectOptions connectOptions() { return server.connectOptions(); }

  /** Creates a fresh empty database and returns options to reach it. */
  public PgConnectOptions newDatabase() {
    String name = "test_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(PostgresServer.DATABASE)); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return server.connectOptions(name);
  }

  /** Stops the server (data kept). */
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Starts it again on the same data directory and port (stopping it first if running). */
  public void restart() {
    stop();
    try {
      server = PostgresServer.start(dataDir, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
