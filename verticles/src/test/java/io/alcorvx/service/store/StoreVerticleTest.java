package io.alcorvx.service.store;

import static io.alcorvx.service.store.StoreTestSupport.await;
import static io.alcorvx.service.store.StoreTestSupport.failure;
import static io.alcorvx.service.store.StoreTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreVerticleTest {
  @RegisterExtension static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() { await(vertx.close()); }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void commitsThroughTheEventBusAreDurableAndLoadBack() {
    PgConnectOptions db = PG.newDatabase();
    StoreVerticle.registerCodecs(vertx);
    StoreVerticle.registerCodecs(vertx); // idempotent
    AtomicInteger committedSets = new AtomicInteger();
    AtomicInteger transactions = new AtomicInteger();
    StoreVerticle verticle = new StoreVerticle(db).commitListener((sets, rows, nanos) -> {
      committedSets.addAndGet(sets);
      transactions.incrementAndGet();
    });
    await(vertx.deployVerticle(verticle));
    StoreVerticle.registerCodecs(vertx);
    StoreClient client = new StoreClient(vertx);
    new StoreClient(vertx); // registers the codec again: fine

    Scenario s = new Scenario();
    Network n = s.network("n");
    Subnet sub = s.subnet(n.id(), "s", "10.0.0.0/24");
    for (int i = 0; i < 50; i++) s.port(n.id()).name("p" + i).host("h" + (i % 3)).create();
    Port gone = s.port(n.id()).name("gone").create();
    s.apply(new DeletePort(Scenario.P1, gone.id()));
    List<Future<Void>> fs = new ArrayList<>();
    for (var c : s.changeSets) fs.add(client.commit(c));
    for (Future<Void> f : fs) assertEquals(null, await(f));
    assertEquals(s.changeSets.size(), committedSets.get());
    assertTrue(transactions.get() < s.changeSets.size(), "no grouping: " + transactions.get());

    long e1 = await(client.nextEpoch());
    assertEquals(e1 + 1, await(client.nextEpoch()));

    Pool reader = pool(vertx, db);
    Engine fresh = new Engine(EngineConfig.defaults(), IdSource.sequential("x"));
    assertEquals(Scenario.records(s.engine.model()).size(), await(PgLoader.load(reader, fresh::load)));
    assertEquals(Scenario.records(s.engine.model()), Scenario.records(fresh.model()));
    assertEquals(sub, fresh.model().subnet(sub.id()));

    // undeploying lets the commits the store has received finish: a slow transaction keeps the
    // first one in flight while the others arrive and queue, then the verticle is undeployed
    verticle.store().beforeCommit = conn -> conn.query("SELECT pg_sleep(0.5)").execute();
    Scenario more = new Scenario("more");
    for (int i = 0; i < 40; i++) more.network("m" + i);
    List<Future<Void>> late = new ArrayList<>();
    for (var c : more.changeSets) late.add(client.commit(c));
    sleep(200);
    await(vertx.undeploy(verticle.deploymentID()));
    for (Future<Void> f : late) await(f);
    assertEquals(Scenario.records(s.engine.model()).size() + 40, await(PgLoader.load(reader, r -> {})));
    await(vertx.deployVerticle(new StoreVerticle(db)));

    ReplyException wrongBody = (ReplyException) failure(vertx.eventBus().request(StoreVerticle.COMMIT_ADDRESS, "not a change set"));
    assertEquals(400, wrongBody.failureCode());
  }

  @Test
  void aFailedCommitAnswers503AndTheStoreRefusesUntilReset() {
    PgConnectOptions db = PG.newDatabase();
    await(vertx.deployVerticle(new StoreVerticle(db)));
    StoreClient client = new StoreClient(vertx);
    Scenario s = new Scenario();
    s.network("a");
    s.network("b");
    s.network("c");
    await(client.commit(s.changeSets.get(0)));
    PG.stop();
    try {
      ReplyException down = (ReplyException) failure(client.commit(s.changeSets.get(1)));
      assertEquals(503, down.failureCode());
    } finally {
      PG.restart();
    }
    ReplyException refused = (ReplyException) failure(client.commit(s.changeSets.get(2)));
    assertEquals(503, refused.failureCode());
    assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
    await(client.reset());
    await(client.commit(s.changeSets.get(2)));
    Engine fresh = new Engine(EngineConfig.defaults(), IdSource.sequential("x"));
    assertEquals(2L, await(PgLoader.load(pool(vertx, db), fresh::load)));
  }
}
