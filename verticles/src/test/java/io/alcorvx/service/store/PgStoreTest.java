package io.alcorvx.service.store;

import static io.alcorvx.service.store.Scenario.P1;
import static io.alcorvx.service.store.Scenario.ip;
import static io.alcorvx.service.store.Scenario.on;
import static io.alcorvx.service.store.StoreTestSupport.await;
import static io.alcorvx.service.store.StoreTestSupport.count;
import static io.alcorvx.service.store.StoreTestSupport.failure;
import static io.alcorvx.service.store.StoreTestSupport.onContext;
import static io.alcorvx.service.store.StoreTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command.AddRouterInterface;
import io.alcorvx.engine.command.Command.AddressPairSpec;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.SetPortStatus;
import io.alcorvx.engine.command.Command.RouteSpec;
import io.alcorvx.engine.command.Command.UpdateNetwork;
import io.alcorvx.engine.command.Command.UpdateRouter;
import io.alcorvx.engine.command.Command.UpdatePort;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.service.codec.ResourceKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgStoreTest {
  @RegisterExtension static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

  private final Vertx vertx = Vertx.vertx();
  private Pool pool;
  private Context ctx;
  private PgStore store;
  /** Every transaction: {changeSets, rows} (or {changeSets, -1} when it failed). */
  private final List<int[]> transactions = new ArrayList<>();

  @BeforeEach
  void setUp() {
    pool = pool(vertx, PG.newDatabase());
    await(Migrations.migrate(pool));
    ctx = vertx.getOrCreateContext();
    store = newStore(PgStore.DEFAULT_MAX_BATCH);
  }

  private PgStore newStore(int maxBatch) {
    PgStore s = onContext(ctx, () -> new PgStore(vertx, pool, maxBatch));
    s.commitListener(new PgStore.CommitListener() {
      @Override public void committed(int changeSets, int rows, long nanos) { transactions.add(new int[] {changeSets, rows}); }
      @Override public void failed(int changeSets, Throwable cause) { transactions.add(new int[] {changeSets, -1}); }
    });
    return s;
  }

  @AfterEach
  void tearDown() { await(vertx.close()); }

  /** Commits every change set at once (from the store's context) and waits for all. */
  private List<Future<Void>> commitAll(List<ChangeSet> sets) {
    List<Future<Void>> out = onContext(ctx, () -> {
      List<Future<Void>> fs = new ArrayList<>();
      for (ChangeSet c : sets) fs.add(store.commit(c));
      return fs;
    });
    for (Future<Void> f : out) {
      try {
        f.await();
      } catch (Throwable ignored) {
        // checked by the caller
      }
    }
    return out;
  }

  private Engine load() {
    Engine fresh = new Engine(EngineConfig.defaults(), IdSource.sequential("other"));
    List<ResourceKind> order = new ArrayList<>();
    long n = await(onContext(ctx, () -> PgLoader.load(pool, 7, r -> {
      ResourceKind k = ResourceKind.of(r);
      if (order.isEmpty() || order.get(order.size() - 1) != k) order.add(k);
      fresh.load(r);
    })));
    assertEquals(Scenario.records(fresh.model()).size(), n);
    for (int i = 1; i < order.size(); i++) assertTrue(order.get(i - 1).ordinal() < order.get(i).ordinal(), "load order " + order);
    return fresh;
  }

  private Set<String> storedFixedIps() {
    Set<String> out = new TreeSet<>();
    for (Row r : await(pool.query("SELECT port_id, subnet_id, ip_address FROM port_fixed_ips").execute())) {
      out.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2));
    }
    return out;
  }

  private static Set<String> expectedFixedIps(Engine e) {
    Set<String> out = new TreeSet<>();
    for (Port p : e.model().ports()) for (Port.FixedIp f : p.fixedIps()) out.add(p.id() + "|" + f.subnetId() + "|" + f.ipAddress());
    return out;
  }

  @Test
  void commitThenLoadGivesBackEveryRecordExactly() {
    Scenario s = new Scenario();
    Host h1 = s.host("host-1", "compute-1", "192.168.1.10");
    s.host("host-2", "compute-2", "192.168.1.11");
    Network n1 = s.network("n1");
    Network shared = s.network("shared", "p2", true, 1400);
    Subnet v4 = s.subnet(n1.id(), "v4", "10.0.0.0/24");
    Subnet v6 = s.subnet(n1.id(), "v6", "fd00:10::/64");
    Subnet sv4 = s.subnet("p2", shared.id(), "s4", "172.16.0.0/24");
    SecurityGroup web = s.securityGroup("web");
    s.rule(web.id(), "ingress", "IPv4", "tcp", 80, 443, "0.0.0.0/0", null);
    s.rule(web.id(), "ingress", "IPv6", "icmpv6", null, null, null, web.id());
    s.rule(web.id(), "egress", "IPv4", null, null, null, "10.0.0.0/8", null);
    Port p1 = s.port(n1.id()).name("vm1").host("compute-1").device("vm-1", "compute:nova").ips(on(v4.id()), on(v6.id()))
        .groups(web.id()).pairs(new AddressPairSpec("10.0.0.100", null), new AddressPairSpec("10.0.1.0/24", "fa:16:3e:00:00:01")).create();
    Port p2 = s.port(n1.id()).name("vm2").host("host-2").ips(ip(v6.id(), "fd00:10::1234")).create();
    Port p3 = s.port(n1.id()).name("unbound").down().create();
    Port down = s.port(n1.id()).name("down").down().groups(web.id()).create();
    s.port(shared.id()).name("on-shared").ips(on(sv4.id())).create();
    Router r = s.router("r1");
    s.apply(new AddRouterInterface(P1, r.id(), v4.id(), null));
    Port rp = s.port(shared.id()).name("rport").ips(on(sv4.id())).create();
    s.apply(new AddRouterInterface(P1, r.id(), null, rp.id()));
    s.apply(new UpdateRouter(P1, r.id(), null, null, null, List.of(new RouteSpec("192.168.0.0/16", "10.0.0.254"))));
    s.apply(new SetPortStatus(Actor.SYSTEM, Map.of(p1.id(), PortStatus.ACTIVE)));
    s.apply(new UpdatePort(P1, p2.id(), "vm2-renamed", null, null, List.of(ip(v6.id(), "fd00:10::beef")), null, null, null, null, null, null));
    s.apply(new UpdateNetwork(P1, n1.id(), "n1-renamed", null, null, null, null, null, null));
    s.apply(new DeletePort(P1, p3.id()));

    List<Future<Void>> fs = commitAll(s.changeSets);
    for (Future<Void> f : fs) assertTrue(f.succeeded(), () -> String.valueOf(f.cause()));

    Engine fresh = load();
    Map<String, Resource> expected = Scenario.records(s.engine.model());
    Map<String, Resource> actual = Scenario.records(fresh.model());
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) assertEquals(expected.get(k), actual.get(k), k);
    assertTrue(expected.size() >= 15, "scenario too small: " + expected.keySet());
    assertEquals(h1, fresh.model().host(h1.id()));
    assertTrue(fresh.model().port(p2.id()).fixedIps().get(0).ipAddress().toString().contains("beef"));

    // the side table holds exactly the fixed IPs of the stored ports
    assertEquals(expectedFixedIps(s.engine), storedFixedIps());
    // indexed columns
    Row row = await(pool.preparedQuery("SELECT host, status, device_owner, network_id, mac_address, revision FROM ports WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(p1.id()))).iterator().next();
    Port p1now = s.engine.model().port(p1.id());
    assertEquals("compute-1", row.getString(0));
    assertEquals("ACTIVE", row.getString(1));
    assertEquals("compute:nova", row.getString(2));
    assertEquals(n1.id(), row.getString(3));
    assertEquals(io.alcorvx.engine.net.MacAddress.format(p1now.macAddress()), row.getString(4));
    assertEquals(p1now.revision(), row.getLong(5));
    assertEquals(1, count(pool, "SELECT count(*) FROM networks WHERE shared"));
    // the filter columns of migration 5, for a port created and one updated (upsert) in the batch
    for (Port p : List.of(s.engine.model().port(p1.id()), s.engine.model().port(p2.id()), s.engine.model().port(down.id()))) {
      Row cols = await(pool.preparedQuery("SELECT admin_state_up, description, security_groups FROM ports WHERE id = $1")
          .execute(io.vertx.sqlclient.Tuple.of(p.id()))).iterator().next();
      assertEquals(p.adminStateUp(), cols.getBoolean(0), p.name());
      assertEquals(p.description() == null ? "" : p.description(), cols.getString(1), p.name());
      assertEquals(p.securityGroupIds(), List.of(cols.getArrayOfStrings(2)), p.name());
    }
    assertEquals(false, s.engine.model().port(down.id()).adminStateUp());
    assertEquals(List.of(web.id()), s.engine.model().port(down.id()).securityGroupIds());
  }

  @Test
  void groupCommitPutsConcurrentCallsIntoFewTransactionsAndCompletesThemInOrder() {
    Scenario s = new Scenario();
    for (int i = 0; i < 200; i++) s.network("net-" + i);
    List<Integer> completed = new ArrayList<>();
    List<Future<Void>> fs = onContext(ctx, () -> {
      List<Future<Void>> out = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        out.add(store.commit(s.changeSets.get(i)).onSuccess(v -> completed.add(n)));
      }
      return out;
    });
    for (Future<Void> f : fs) await(f);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) expected.add(i);
    assertEquals(expected, onContext(ctx, () -> new ArrayList<>(completed)));
    List<int[]> txs = onContext(ctx, () -> new ArrayList<>(transactions));
    assertEquals(200, txs.stream().mapToInt(t -> t[0]).sum());
    assertEquals(200, txs.stream().mapToInt(t -> t[1]).sum());
    assertTrue(txs.size() <= 5, "transactions: " + txs.size());
    assertEquals(200, count(pool, "SELECT count(*) FROM networks"));
  }

  @Test
  void callsFromOtherThreadsAreGroupedAndOrderedToo() {
    Scenario s = new Scenario();
    for (int i = 0; i < 100; i++) s.network("net-" + i);
    List<Future<Void>> fs = new ArrayList<>();
    for (ChangeSet c : s.changeSets) fs.add(store.commit(c)); // from the test thread: hop onto the store's context
    List<Integer> completed = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      int n = i;
      fs.get(i).onComplete(ar -> { synchronized (completed) { completed.add(n); } });
    }
    for (Future<Void> f : fs) await(f);
    assertEquals(100, count(pool, "SELECT count(*) FROM networks"));
    assertTrue(onContext(ctx, () -> transactions.size()) < 100);
  }

  @Test
  void aCallerOnAnotherContextGetsItsCallbacksThereInOrder() {
    Scenario s = new Scenario();
    for (int i = 0; i < 30; i++) s.network("net-" + i);
    Context other = vertx.getOrCreateContext();
    assertFalse(other == ctx);
    List<Integer> order = new ArrayList<>();
    List<Boolean> onCaller = new ArrayList<>();
    List<Future<Void>> fs = onContext(other, () -> {
      List<Future<Void>> out = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        int n = i;
        out.add(store.commit(s.changeSets.get(i)).onComplete(ar -> {
          order.add(n);
          onCaller.add(Vertx.currentContext() == other);
        }));
      }
      return out;
    });
    for (Future<Void> f : fs) await(f);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) expected.add(i);
    assertEquals(expected, onContext(other, () -> new ArrayList<>(order)));
    assertTrue(onContext(other, () -> onCaller.stream().allMatch(b -> b)));
    await(onContext(other, () -> store.reset()));
  }

  @Test
  void batchesAreCappedAtMaxBatch() {
    store = newStore(8);
    Scenario s = new Scenario();
    for (int i = 0; i < 50; i++) s.network("net-" + i);
    for (Future<Void> f : commitAll(s.changeSets)) assertTrue(f.succeeded());
    List<int[]> txs = onContext(ctx, () -> new ArrayList<>(transactions));
    assertEquals(50, txs.stream().mapToInt(t -> t[0]).sum());
    assertTrue(txs.stream().allMatch(t -> t[0] <= 8));
    assertTrue(txs.size() >= 7);
  }

  @Test
  void aBatchIsCoalescedToTheFinalStateOfEachRecord() {
    Scenario s = new Scenario();
    Network n = s.network("n");
    Subnet sub = s.subnet(n.id(), "s", "10.1.0.0/24");
    Port a = s.port(n.id()).name("a").create();
    s.apply(new UpdatePort(P1, a.id(), "a2", null, null, List.of(ip(sub.id(), "10.1.0.50")), null, null, null, null, null, null));
    Port b = s.port(n.id()).name("b").create();
    s.apply(new DeletePort(P1, b.id()));
    s.apply(new SetPortStatus(Actor.SYSTEM, Map.of(a.id(), PortStatus.ACTIVE)));

    // the first commit runs alone; everything after it queues into one batch
    List<Future<Void>> fs = commitAll(s.changeSets);
    for (Future<Void> f : fs) assertTrue(f.succeeded(), () -> String.valueOf(f.cause()));
    List<int[]> txs = onContext(ctx, () -> new ArrayList<>(transactions));
    assertEquals(2, txs.size());
    Set<String> distinct = new HashSet<>();
    int changes = 0;
    for (ChangeSet c : s.changeSets.subList(1, s.changeSets.size())) {
      for (ChangeSet.Change ch : c.changes()) {
        distinct.add(ResourceKind.of(ch.current()) + "/" + ch.current().id());
        changes++;
      }
    }
    // port b was created and deleted within the batch: the database never gets a row of it
    assertEquals(distinct.size() - 1, txs.get(1)[1]);
    assertTrue(distinct.size() < changes);

    Engine fresh = load();
    assertEquals(Scenario.records(s.engine.model()), Scenario.records(fresh.model()));
    assertEquals("a2", fresh.model().port(a.id()).name());
    assertEquals(PortStatus.ACTIVE, fresh.model().port(a.id()).status());
    assertFalse(Scenario.records(fresh.model()).containsKey("Port/" + b.id()));
    assertEquals(Set.of(a.id() + "|" + sub.id() + "|10.1.0.50"), storedFixedIps());
  }

  @Test
  void aStatementPastTheTimeoutFailsItsTransactionInsteadOfHoldingTheStore() {
    pool.close();
    pool = pool(vertx, ConnectOptions.withStatementTimeout(PG.newDatabase(), 1_000));
    await(Migrations.migrate(pool));
    store = newStore(PgStore.DEFAULT_MAX_BATCH);
    Scenario s = new Scenario();
    s.network("x");
    store.beforeCommit = conn -> conn.query("SELECT pg_sleep(10)").execute(); // a statement that hangs
    long t0 = System.nanoTime();
    Throwable e = failure(store.commit(s.changeSets.get(0)));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(String.valueOf(e.getMessage()).contains("statement timeout"), e.toString());
    assertTrue(millis < 5_000, "failed after " + millis + " ms, not when the statement would have ended");
    assertTrue(onContext(ctx, () -> store.refusing()), "refuses until the engine reloaded and reset it");
    store.beforeCommit = null;
    await(store.reset());
    await(store.commit(s.changeSets.get(0)));
  }

  @Test
  void aFailedTransactionFailsEveryCallOfItsBatchStoresNothingOfItAndRefusesCommitsUntilReset() {
    store = newStore(2);
    Scenario s = new Scenario();
    Network x = s.network("x");
    Network b = s.network("b");
    Network c = s.network("c");
    Network e = s.network("e");
    Network d = s.network("d");
    List<Future<Void>> fs = onContext(ctx, () -> {
      Future<Void> fx = store.commit(s.changeSets.get(0)); // in flight now, without the hook
      store.beforeCommit = conn -> conn.query("SELECT 1/0").execute();
      Future<Void> fb = store.commit(s.changeSets.get(1)); // these two queue into the next batch
      Future<Void> fc = store.commit(s.changeSets.get(2));
      Future<Void> fe = store.commit(s.changeSets.get(3)); // and this one behind them (max batch 2)
      return List.of(fx, fb, fc, fe);
    });
    await(fs.get(0));
    Throwable eb = failure(fs.get(1));
    Throwable ec = failure(fs.get(2));
    assertTrue(String.valueOf(eb.getMessage()).contains("division by zero"), eb.toString());
    assertEquals(eb, ec);
    Throwable ee = failure(fs.get(3));
    assertTrue(ee instanceof StoreFailedException, ee.toString());
    assertEquals(eb, ee.getCause());

    store.beforeCommit = null;
    assertTrue(onContext(ctx, () -> store.refusing()));
    assertTrue(failure(store.commit(s.changeSets.get(4))) instanceof StoreFailedException);
    await(store.reset());
    assertFalse(onContext(ctx, () -> store.refusing()));
    await(store.commit(s.changeSets.get(4)));

    List<int[]> txs = onContext(ctx, () -> new ArrayList<>(transactions));
    assertEquals(3, txs.size()); // x, the failed {b, c}, d: e and the refused d never reached the database
    assertEquals(2, txs.get(1)[0]);
    assertEquals(-1, txs.get(1)[1]);

    Engine fresh = load();
    assertEquals(Set.of("Network/" + x.id(), "Network/" + d.id()), Scenario.records(fresh.model()).keySet());
    assertNotNull(fresh.model().network(d.id()));
    assertEquals(null, fresh.model().network(b.id()));
    assertEquals(null, fresh.model().network(c.id()));
    assertEquals(null, fresh.model().network(e.id()));
  }

  @Test
  void idleCompletesOnceEverythingSubmittedIsDone() {
    Scenario s = new Scenario();
    for (int i = 0; i < 50; i++) s.network("net-" + i);
    List<Future<Void>> fs = new ArrayList<>();
    Future<Void> idle = onContext(ctx, () -> {
      for (ChangeSet c : s.changeSets) fs.add(store.commit(c));
      return store.idle();
    });
    await(idle);
    assertTrue(fs.stream().allMatch(Future::succeeded));
    assertTrue(onContext(ctx, () -> store.idle().succeeded()));
    assertEquals(50, count(pool, "SELECT count(*) FROM networks"));
  }

  @Test
  void emptyChangeSetsCompleteInOrder() {
    Scenario s = new Scenario();
    s.network("n");
    List<Future<Void>> fs = commitAll(List.of(s.changeSets.get(0), new ChangeSet(), new ChangeSet()));
    for (Future<Void> f : fs) assertTrue(f.succeeded());
    assertEquals(1, count(pool, "SELECT count(*) FROM networks"));
  }
}
