package io.alcorvx.service.store;

import static io.alcorvx.service.store.StoreTestSupport.await;
import static io.alcorvx.service.store.StoreTestSupport.count;
import static io.alcorvx.service.store.StoreTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
  @RegisterExtension static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() { await(vertx.close()); }

  @Test
  void migrationsAreIdempotentAcrossStarts() {
    PgConnectOptions db = PG.newDatabase();
    Pool first = pool(vertx, db);
    assertEquals(Migrations.latestVersion(), await(Migrations.migrate(first)));
    assertEquals(Migrations.ALL.size(), count(first, "SELECT count(*) FROM schema_version"));
    await(first.query("INSERT INTO networks (id, project_id, name, shared, revision, body) VALUES ('n1', 'p1', 'n', false, 1, '{}')").execute());
    await(first.close());

    // a second start: nothing re-applied, data untouched
    Pool second = pool(vertx, db);
    assertEquals(Migrations.latestVersion(), await(Migrations.migrate(second)));
    assertEquals(Migrations.latestVersion(), await(Migrations.migrate(second)));
    assertEquals(Migrations.ALL.size(), count(second, "SELECT count(*) FROM schema_version"));
    assertEquals(1, count(second, "SELECT count(*) FROM networks"));
    assertEquals(0, count(second, "SELECT value FROM meta WHERE key = 'engine_epoch'"));
    for (String table : List.of("hosts", "networks", "security_groups", "subnets", "routers", "ports", "port_fixed_ips")) {
      count(second, "SELECT count(*) FROM " + table); // exists
    }
  }

  @Test
  void concurrentStartsApplyEachMigrationOnce() {
    PgConnectOptions db = PG.newDatabase();
    List<Future<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) runs.add(Migrations.migrate(pool(vertx, db)));
    for (Future<Integer> f : runs) assertEquals(Migrations.latestVersion(), await(f));
    assertEquals(Migrations.ALL.size(), count(pool(vertx, db), "SELECT count(*) FROM schema_version"));
  }

  @Test
  void aLaterMigrationIsAppliedOnceOnTopOfTheExistingSchema() {
    PgConnectOptions db = PG.newDatabase();
    Pool pool = pool(vertx, db);
    assertEquals(Migrations.latestVersion(), await(Migrations.migrate(pool)));
    List<Migrations.Migration> next = new ArrayList<>(Migrations.ALL);
    int v = Migrations.latestVersion() + 1;
    next.add(new Migrations.Migration(v, "test step", List.of(
        "CREATE TABLE extra (id text PRIMARY KEY)", "INSERT INTO extra VALUES ('x')")));
    assertEquals(v, await(Migrations.migrate(pool, next)));
    assertEquals(v, await(Migrations.migrate(pool, next))); // the INSERT would fail on a second run
    assertEquals(1, count(pool, "SELECT count(*) FROM extra"));
    assertEquals(v, await(Migrations.currentVersion(pool)));
  }

  @Test
  void aMigrationStepMayRunPastTheStatementTimeoutOfRequests() {
    PgConnectOptions db = PG.newDatabase();
    Pool pool = pool(vertx, ConnectOptions.withStatementTimeout(db, 200));
    await(Migrations.migrate(pool));
    StoreTestSupport.failure(pool.query("SELECT pg_sleep(0.5)").execute()); // requests are still cut off
    List<Migrations.Migration> next = new ArrayList<>(Migrations.ALL);
    int v = Migrations.latestVersion() + 1;
    next.add(new Migrations.Migration(v, "a long rewrite", List.of("SELECT pg_sleep(0.5)")));
    assertEquals(v, await(Migrations.migrate(pool, next)));
    StoreTestSupport.failure(pool.query("SELECT pg_sleep(0.5)").execute()); // SET LOCAL ended with the migration
  }

  @Test
  void aFailingMigrationLeavesNothingBehind() {
    PgConnectOptions db = PG.newDatabase();
    Pool pool = pool(vertx, db);
    await(Migrations.migrate(pool));
    List<Migrations.Migration> next = new ArrayList<>(Migrations.ALL);
    int v = Migrations.latestVersion() + 1;
    next.add(new Migrations.Migration(v, "broken", List.of("CREATE TABLE half (id text)", "SELECT 1/0")));
    StoreTestSupport.failure(Migrations.migrate(pool, next));
    assertEquals(Migrations.latestVersion(), await(Migrations.currentVersion(pool)));
    assertEquals(0, count(pool, "SELECT count(*) FROM pg_tables WHERE tablename = 'half'"));
  }

  @Test
  void bodiesStoredAsJsonbBeforeVersion4AreKeptAsTheSameJson() {
    PgConnectOptions db = PG.newDatabase();
    Pool pool = pool(vertx, db);
    await(Migrations.migrate(pool, Migrations.ALL.subList(0, 3)));
    JsonObject body = new JsonObject().put("id", "n-1").put("name", "old").put("mtu", 1450).put("shared", false)
        .put("tags", new JsonArray().add("a")).put("_alcor", new JsonObject().put("created_ms", 17L));
    // text first: a String bound straight to a jsonb parameter would be stored as a JSON string
    await(pool.preparedQuery("INSERT INTO networks (id, project_id, name, shared, revision, body) VALUES ('n-1', 'p', 'old', false, 3, $1::text::jsonb)")
        .execute(Tuple.of(body.encode())));
    assertEquals(Migrations.latestVersion(), await(Migrations.migrate(pool)));
    assertEquals("text", await(pool.query("SELECT data_type FROM information_schema.columns"
        + " WHERE table_name = 'networks' AND column_name = 'body'").execute()).iterator().next().getString(0));
    String stored = await(pool.query("SELECT body FROM networks WHERE id = 'n-1'").execute()).iterator().next().getString(0);
    assertEquals(body, new JsonObject(stored));
  }

  @Test
  void version5FillsThePortColumnsFromTheStoredBodies() {
    PgConnectOptions db = PG.newDatabase();
    Pool pool = pool(vertx, db);
    await(Migrations.migrate(pool, Migrations.ALL.subList(0, 4)));
    JsonObject down = new JsonObject().put("id", "port-1").put("admin_state_up", false).put("description", "the db")
        .put("security_groups", new JsonArray().add("sg-1").add("sg, \"odd\" {2}"));
    JsonObject bare = new JsonObject().put("id", "port-2"); // written by an older build: nothing to copy
    String insert = "INSERT INTO ports (id, project_id, network_id, name, revision, body) VALUES ($1, 'p', 'n', '', 1, $2)";
    await(pool.preparedQuery(insert).execute(Tuple.of("port-1", down.encode())));
    await(pool.preparedQuery(insert).execute(Tuple.of("port-2", bare.encode())));

    assertEquals(5, await(Migrations.migrate(pool, Migrations.ALL.subList(0, 5))));

    Row one = await(pool.query("SELECT admin_state_up, description, security_groups FROM ports WHERE id = 'port-1'").execute()).iterator().next();
    assertEquals(false, one.getBoolean(0));
    assertEquals("the db", one.getString(1));
    assertEquals(List.of("sg-1", "sg, \"odd\" {2}"), List.of(one.getArrayOfStrings(2)));
    Row two = await(pool.query("SELECT admin_state_up, description, security_groups FROM ports WHERE id = 'port-2'").execute()).iterator().next();
    assertEquals(true, two.getBoolean(0), "Neutron's default");
    assertEquals("", two.getString(1));
    assertEquals(0, two.getArrayOfStrings(2).length);
  }
}
