package io.alcorvx.service.store;

import static io.alcorvx.service.store.StoreTestSupport.await;
import static io.alcorvx.service.store.StoreTestSupport.failure;
import static io.alcorvx.service.store.StoreTestSupport.onContext;
import static io.alcorvx.service.store.StoreTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Resource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stops and restarts the embedded server on the same data directory (so its own class). */
class EpochAndRestartTest {
  @RegisterExtension static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    PG.restart(); // leave it running for the next test
    await(vertx.close());
  }

  @Test
  void epochIncrementsAndSurvivesARestart() {
    Pool pool = pool(vertx, PG.connectOptions());
    await(Migrations.migrate(pool));
    long first = await(Migrations.nextEpoch(pool));
    assertEquals(first + 1, await(Migrations.nextEpoch(pool)));
    await(pool.close());

    PG.restart();
    Pool again = pool(vertx, PG.connectOptions());
    await(Migrations.migrate(again));
    assertEquals(first + 2, await(Migrations.nextEpoch(again)));
    Context ctx = vertx.getOrCreateContext();
    PgStore store = onContext(ctx, () -> new PgStore(vertx, again));
    assertEquals(first + 3, await(store.nextEpoch()));
  }

  @Test
  void commitsFailWhileTheServerIsDownAndNothingOfThemIsStoredAndLaterCommitsWork() {
    Pool pool = pool(vertx, PG.newDatabase());
    await(Migrations.migrate(pool));
    Context ctx = vertx.getOrCreateContext();
    PgStore store = onContext(ctx, () -> new PgStore(vertx, pool));
    List<int[]> failures = new ArrayList<>();
    store.commitListener(new PgStore.CommitListener() {
      @Override public void committed(int changeSets, int rows, long nanos) {}
      @Override public void failed(int changeSets, Throwable cause) { failures.add(new int[] {changeSets}); }
    });

    Scenario s = new Scenario();
    Network a = s.network("a");
    Network b = s.network("b");
    Network c = s.network("c");
    Network d = s.network("d");
    await(store.commit(s.changeSets.get(0)));

    PG.stop();
    Future<Void> fb = store.commit(s.changeSets.get(1));
    Future<Void> fc = store.commit(s.changeSets.get(2));
    assertNotNull(failure(fb));
    assertNotNull(failure(fc));
    assertFalse(failures.isEmpty());

    PG.restart();
    assertTrue(failure(store.commit(s.changeSets.get(3))) instanceof StoreFailedException);
    await(store.reset());
    await(store.commit(s.changeSets.get(3))); // the pool reconnects by itself

    Engine fresh = new Engine(EngineConfig.defaults(), IdSource.sequential("x"));
    long n = await(onContext(ctx, () -> PgLoader.load(pool, fresh::load)));
    assertEquals(2, n);
    Map<String, Resource> loaded = Scenario.records(fresh.model());
    assertEquals(a, loaded.get("Network/" + a.id()));
    assertEquals(d, loaded.get("Network/" + d.id()));
    assertFalse(loaded.containsKey("Network/" + b.id()));
    assertFalse(loaded.containsKey("Network/" + c.id()));
    assertTrue(fresh.model().network(c.id()) == null);
  }
}
