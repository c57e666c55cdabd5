package io.alcorvx.service.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Blocking helpers for tests (test threads only). */
final class StoreTestSupport {
  private StoreTestSupport() {}

  static <T> T await(Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable failure(Future<?> f) {
    try {
      f.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    } catch (Throwable t) {
      return f.cause() != null ? f.cause() : t;
    }
    throw new AssertionError("expected a failure, got " + f.result());
  }

  /** Runs on the context and waits for the result. */
  static <T> T onContext(Context ctx, Supplier<T> s) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> {
      try {
        p.complete(s.get());
      } catch (Throwable t) {
        p.fail(t);
      }
    });
    return await(p.future());
  }

  static Pool pool(Vertx vertx, PgConnectOptions options) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
  }

  static long count(Pool pool, String sql) {
    Row r = await(pool.query(sql).execute()).iterator().next();
    return r.getLong(0);
  }
}
