package io.alcorvx.service.store;

import io.vertx.pgclient.PgConnectOptions;

/** Session settings every connection of the service opens with. */
public final class ConnectOptions {
  private ConnectOptions() {}

  /**
   * A copy of {@code options} whose sessions cancel any statement running longer than
   * {@code millis}: a stuck statement then fails its transaction (the engine reloads, clients get
   * an error) instead of holding the group commit, and every write behind it, forever.
   */
  public static PgConnectOptions withStatementTimeout(PgConnectOptions options, long millis) {
    if (millis < 1) throw new IllegalArgumentException("statement timeout must be at least 1 ms, got " + millis);
    return new PgConnectOptions(options).addProperty("statement_timeout", Long.toString(millis));
  }
}
