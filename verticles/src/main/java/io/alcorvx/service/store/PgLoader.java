package io.alcorvx.service.store;

import io.alcorvx.engine.model.Resource;
import io.alcorvx.service.codec.NeutronJson;
import io.alcorvx.service.codec.ResourceKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Consumer;

/**
 * Streams every stored record to the engine at start: kinds in {@link ResourceKind} order (every
 * record's references before it), each table through a cursor ({@value #FETCH_SIZE} rows per
 * round trip, never the whole table in memory), all inside one REPEATABLE READ, READ ONLY
 * transaction so the tables are one consistent snapshot. Bodies are parsed with
 * {@link NeutronJson#parse}. Callbacks (and {@code sink}) run on the context that calls
 * {@link #load} — create the pool and call it from the engine owner's verticle.
 */
public final class PgLoader {
  private PgLoader() {}

  public static final int FETCH_SIZE = 1000;

  /** Loads everything into {@code sink}; completes with the number of records. */
  public static Future<Long> load(Pool pool, Consumer<Resource> sink) { return load(pool, FETCH_SIZE, sink); }

  public static Future<Long> load(Pool pool, int fetchSize, Consumer<Resource> sink) {
    long[] count = {0};
    return pool.withTransaction(conn -> {
      Future<Void> chain = conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute().mapEmpty();
      for (ResourceKind kind : ResourceKind.values()) {
        chain = chain.compose(v -> loadKind(conn, kind, fetchSize, sink, count));
      }
      return chain.map(v -> count[0]);
    });
  }

  private static Future<Void> loadKind(SqlConnection conn, ResourceKind kind, int fetchSize, Consumer<Resource> sink, long[] count) {
    return conn.prepare("SELECT body FROM " + kind.table).compose(ps -> {
      Cursor cursor = ps.cursor();
      return drain(cursor, kind, fetchSize, sink, count)
          .eventually(() -> cursor.isClosed() ? Future.succeededFuture() : cursor.close())
          .eventually(ps::close);
    });
  }

  private static Future<Void> drain(Cursor cursor, ResourceKind kind, int fetchSize, Consumer<Resource> sink, long[] count) {
    return cursor.read(fetchSize).compose(rows -> {
      for (Row row : rows) {
        sink.accept(NeutronJson.parse(kind, new JsonObject(row.getString(0))));
        count[0]++;
      }
      return cursor.hasMore() ? drain(cursor, kind, fetchSize, sink, count) : Future.succeededFuture();
    });
  }
}
