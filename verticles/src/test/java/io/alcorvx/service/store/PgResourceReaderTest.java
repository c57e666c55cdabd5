package io.alcorvx.service.store;

import static io.alcorvx.service.store.Scenario.ip;
import static io.alcorvx.service.store.Scenario.on;
import static io.alcorvx.service.store.StoreTestSupport.await;
import static io.alcorvx.service.store.StoreTestSupport.failure;
import static io.alcorvx.service.store.StoreTestSupport.onContext;
import static io.alcorvx.service.store.StoreTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.MacAddress;
import io.alcorvx.service.codec.NeutronJson;
import io.alcorvx.service.codec.ResourceKind;
import io.alcorvx.service.store.ListQuery.SortKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgResourceReaderTest {
  @RegisterExtension static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

  static Vertx vertx;
  static PgConnectOptions dbOptions;
  static Pool pool;
  static PgResourceReader reader;
  static Scenario s;
  static Network alpha, beta, gamma, shared, private2;
  static Subnet a4, a6, s4, p4;
  static SecurityGroup web;
  static Port pc, pa1, pb, pa2, pd, pe, onShared;

  @BeforeAll
  static void populate() {
    vertx = Vertx.vertx();
    dbOptions = PG.newDatabase();
    pool = pool(vertx, dbOptions);
    await(Migrations.migrate(pool));
    s = new Scenario();
    s.host("h-1", "compute-1", "192.168.1.10");
    alpha = s.network("alpha", null, false, 1450);
    beta = s.apply(new CreateNetwork(Scenario.P1, null, null, "beta", null, false, null, null, 900, null, null));
    gamma = s.network("gamma", null, false, 1200);
    shared = s.network("shared", "p2", true, 1400);
    private2 = s.network("private2", "p2", false, 1450);
    a4 = s.subnet(alpha.id(), "a4", "10.0.0.0/24");
    a6 = s.subnet(alpha.id(), "a6", "fd00:a::/64");
    s4 = s.subnet("p2", shared.id(), "s4", "172.16.0.0/24");
    p4 = s.subnet("p2", private2.id(), "p4", "192.168.5.0/24");
    web = s.securityGroup("web");
    pc = s.port(alpha.id()).name("p-c").host("compute-1").device("vm-c", "compute:nova").ips(on(a4.id())).create();
    pa1 = s.port(alpha.id()).name("p-a").host("compute-2").device("vm-a", "compute:nova")
        .ips(ip(a4.id(), "10.0.0.10"), ip(a6.id(), "fd00:a::10")).groups(web.id()).create();
    pb = s.port(alpha.id()).name("p-b").device("dhcp-1", "network:dhcp").ips(on(a4.id())).create();
    pa2 = s.port(alpha.id()).name("p-a").host("compute-1").ips(on(a6.id())).groups(web.id()).create();
    pd = s.port(alpha.id()).name("p-d").ips(on(a4.id())).down().create();
    pe = s.port(alpha.id()).name("p-e").host("compute-2").ips(on(a4.id())).create();
    onShared = s.port(shared.id()).project("p2").name("p-shared").ips(on(s4.id())).create();
    s.router("r1");

    Context ctx = vertx.getOrCreateContext();
    PgStore store = onContext(ctx, () -> new PgStore(vertx, pool));
    List<Future<Void>> fs = onContext(ctx, () -> {
      List<Future<Void>> out = new ArrayList<>();
      for (ChangeSet c : s.changeSets) out.add(store.commit(c));
      return out;
    });
    for (Future<Void> f : fs) await(f);
    reader = new PgResourceReader(pool);
  }

  @AfterAll
  static void close() { await(vertx.close()); }

  // ---- helpers -------------------------------------------------------------------------------

  static ListQuery query(Map<String, List<String>> filters, List<SortKey> sort, Integer limit, String marker, boolean reverse, String project) {
    return new ListQuery(filters, sort, limit, marker, reverse, project);
  }

  static ListQuery filtered(String project, String... keyValues) {
    Map<String, List<String>> f = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) f.computeIfAbsent(keyValues[i], k -> new ArrayList<>()).add(keyValues[i + 1]);
    return query(f, List.of(), null, null, false, project);
  }

  static List<String> ids(ListResult r) {
    List<String> out = new ArrayList<>();
    for (JsonObject o : r.items()) out.add(o.getString("id"));
    return out;
  }

  static Set<String> idSet(ResourceKind kind, ListQuery q) { return new TreeSet<>(ids(await(reader.list(kind, q)))); }

  static Set<String> set(String... ids) { return new TreeSet<>(List.of(ids)); }

  static SortKey asc(String a) { return new SortKey(a, true); }

  static SortKey desc(String a) { return new SortKey(a, false); }

  // ---- get -----------------------------------------------------------------------------------

  @Test
  void getReturnsTheStoredBodyRespectingVisibility() {
    JsonObject body = await(reader.get(ResourceKind.PORT, pa1.id(), null));
    assertEquals(NeutronJson.render(s.engine.model().port(pa1.id())), body);
    assertNotNull(body.getJsonObject(NeutronJson.INTERNAL));

    assertNotNull(await(reader.get(ResourceKind.NETWORK, private2.id(), null)));
    assertNotNull(await(reader.get(ResourceKind.NETWORK, private2.id(), "p2")));
    assertNull(await(reader.get(ResourceKind.NETWORK, private2.id(), "p1")));
    assertNotNull(await(reader.get(ResourceKind.NETWORK, shared.id(), "p1")), "shared networks are visible to every project");
    assertNull(await(reader.get(ResourceKind.NETWORK, alpha.id(), "p2")));
    assertNotNull(await(reader.get(ResourceKind.SUBNET, s4.id(), "p1")), "subnets of shared networks too");
    assertNull(await(reader.get(ResourceKind.SUBNET, p4.id(), "p1")));
    assertNull(await(reader.get(ResourceKind.PORT, onShared.id(), "p1")), "ports of shared networks are not");
    assertNotNull(await(reader.get(ResourceKind.HOST, "h-1", null)));
    assertNull(await(reader.get(ResourceKind.HOST, "h-1", "p1")), "hosts are for admins");
    assertNull(await(reader.get(ResourceKind.PORT, "no-such-port", null)));
    assertNull(await(reader.get(ResourceKind.PORT, alpha.id(), null)), "an id of another kind");
  }

  @Test
  void networksShowTheirSubnetsInCreationOrder() {
    assertEquals(new JsonArray().add(a4.id()).add(a6.id()), await(reader.get(ResourceKind.NETWORK, alpha.id(), null)).getJsonArray("subnets"));
    assertEquals(new JsonArray(), await(reader.get(ResourceKind.NETWORK, gamma.id(), null)).getJsonArray("subnets"));
    for (JsonObject n : await(reader.list(ResourceKind.NETWORK, filtered(null))).items()) {
      List<String> expected = new ArrayList<>();
      s.engine.model().subnets().stream().filter(x -> x.networkId().equals(n.getString("id")))
          .sorted(Comparator.comparing((Subnet x) -> x.stamp().createdAt()).thenComparing(Subnet::id)).forEach(x -> expected.add(x.id()));
      assertEquals(new JsonArray(new ArrayList<>(expected)), n.getJsonArray("subnets"), n.getString("name"));
    }
  }

  // ---- list: visibility and filters ----------------------------------------------------------

  @Test
  void listsRespectVisibility() {
    assertEquals(set(alpha.id(), beta.id(), gamma.id(), shared.id(), private2.id()), idSet(ResourceKind.NETWORK, filtered(null)));
    assertEquals(set(alpha.id(), beta.id(), gamma.id(), shared.id()), idSet(ResourceKind.NETWORK, filtered("p1")));
    assertEquals(set(shared.id(), private2.id()), idSet(ResourceKind.NETWORK, filtered("p2")));
    assertEquals(set(a4.id(), a6.id(), s4.id()), idSet(ResourceKind.SUBNET, filtered("p1")));
    assertEquals(set(onShared.id()), idSet(ResourceKind.PORT, filtered("p2")));
    assertEquals(set(), idSet(ResourceKind.HOST, filtered("p1")));
    assertEquals(set("h-1"), idSet(ResourceKind.HOST, filtered(null)));
    assertEquals(set(shared.id()), idSet(ResourceKind.NETWORK, filtered("p3")));
  }

  @Test
  void filtersOnIndexedColumns() {
    assertEquals(set(alpha.id()), idSet(ResourceKind.NETWORK, filtered(null, "name", "alpha")));
    assertEquals(set(alpha.id(), gamma.id()), idSet(ResourceKind.NETWORK, filtered(null, "name", "alpha", "name", "gamma")), "repeated = OR");
    assertEquals(set(shared.id()), idSet(ResourceKind.NETWORK, filtered(null, "shared", "true")));
    assertEquals(set(shared.id()), idSet(ResourceKind.NETWORK, filtered(null, "shared", "True")));
    assertEquals(set(alpha.id(), beta.id(), gamma.id(), private2.id()), idSet(ResourceKind.NETWORK, filtered(null, "shared", "false")));
    assertEquals(set(shared.id(), private2.id()), idSet(ResourceKind.NETWORK, filtered(null, "tenant_id", "p2")));
    assertEquals(set(shared.id(), private2.id()), idSet(ResourceKind.NETWORK, filtered(null, "project_id", "p2")));
    assertEquals(set(shared.id()), idSet(ResourceKind.NETWORK, filtered(null, "project_id", "p2", "name", "shared")), "keys AND");
    assertEquals(set(beta.id()), idSet(ResourceKind.NETWORK, filtered(null, "id", beta.id())));

    assertEquals(set(a4.id(), a6.id()), idSet(ResourceKind.SUBNET, filtered(null, "network_id", alpha.id())));
    assertEquals(set(a6.id()), idSet(ResourceKind.SUBNET, filtered(null, "cidr", "fd00:a::/64")));
    assertEquals(set(a6.id()), idSet(ResourceKind.SUBNET, filtered(null, "cidr", "fd00:000a:0::/64")), "cidr in canonical form");

    assertEquals(set(pc.id(), pa1.id(), pb.id(), pa2.id(), pd.id(), pe.id()), idSet(ResourceKind.PORT, filtered(null, "network_id", alpha.id())));
    assertEquals(set(pb.id()), idSet(ResourceKind.PORT, filtered(null, "device_owner", "network:dhcp")));
    assertEquals(set(pa1.id(), pe.id()), idSet(ResourceKind.PORT, filtered(null, "binding:host_id", "compute-2")));
    assertEquals(set(pa1.id(), pc.id()), idSet(ResourceKind.PORT, filtered(null, "device_id", "vm-a", "device_id", "vm-c")));
    // empty values are not in the partial host/device indexes, and must still be found
    assertEquals(set(pb.id(), pd.id(), onShared.id()), idSet(ResourceKind.PORT, filtered(null, "binding:host_id", "")));
    assertEquals(set(pa1.id(), pe.id(), pb.id(), pd.id(), onShared.id()),
        idSet(ResourceKind.PORT, filtered(null, "binding:host_id", "compute-2", "binding:host_id", "")));
    assertEquals(set(pa2.id(), pd.id(), pe.id(), onShared.id()), idSet(ResourceKind.PORT, filtered(null, "device_id", "")));
    String mac = MacAddress.format(pe.macAddress());
    assertEquals(set(pe.id()), idSet(ResourceKind.PORT, filtered(null, "mac_address", mac.toUpperCase())));
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered(null, "name", "p-a")));
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered("p1", "name", "p-a")));
    assertEquals(set(), idSet(ResourceKind.PORT, filtered("p2", "name", "p-a")));
    assertEquals(7, idSet(ResourceKind.PORT, filtered(null, "status", "DOWN")).size());
    assertEquals(set("h-1"), idSet(ResourceKind.HOST, filtered(null, "name", "compute-1")));
  }

  @Test
  void hostAndDeviceFiltersUseTheirPartialIndexes() throws InterruptedException {
    PgConnectOptions noSeqScan = new PgConnectOptions(dbOptions).addProperty("enable_seqscan", "off")
        .addProperty("plan_cache_mode", "force_generic_plan"); // as a statement cached by the client is planned
    for (String[] f : new String[][] {{"binding:host_id", "compute-2", "ports_host_idx"}, {"device_id", "vm-a", "ports_device_id_idx"}}) {
      long before = indexScans(f[2]);
      Pool strict = pool(vertx, noSeqScan);
      try {
        assertEquals(f[0].equals("binding:host_id") ? 2 : 1, await(new PgResourceReader(strict).list(ResourceKind.PORT, filtered(null, f[0], f[1]))).items().size());
      } finally {
        await(strict.close()); // a backend reports its statistics at the latest when it exits
      }
      long deadline = System.nanoTime() + 10_000_000_000L; // and they reach the views asynchronously
      while (indexScans(f[2]) == before && System.nanoTime() < deadline) Thread.sleep(100);
      assertTrue(indexScans(f[2]) > before, f[0] + " filter did not use " + f[2]);
    }
  }

  private static long indexScans(String index) {
    return await(pool.withConnection(c -> c.query("SELECT pg_stat_clear_snapshot()").execute()
        .compose(v -> c.query("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = '" + index + "'").execute())))
        .iterator().next().getLong(0);
  }

  @Test
  void filtersOnBodyAttributes() {
    assertEquals(set(beta.id()), idSet(ResourceKind.NETWORK, filtered(null, "admin_state_up", "false")));
    assertEquals(set(beta.id()), idSet(ResourceKind.NETWORK, filtered(null, "admin_state_up", "False")));
    assertEquals(set(beta.id()), idSet(ResourceKind.NETWORK, filtered(null, "mtu", "900")));
    assertEquals(set(beta.id(), gamma.id()), idSet(ResourceKind.NETWORK, filtered(null, "mtu", "900", "mtu", "1200")));
    assertEquals(set(shared.id()), idSet(ResourceKind.NETWORK, filtered(null, "provider:segmentation_id", String.valueOf(shared.segmentationId()))));
    assertEquals(set(alpha.id()), idSet(ResourceKind.NETWORK, filtered(null, "subnets", a6.id())));
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered(null, "security_groups", web.id())), "array contains");
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered(null, "description", "port p-a")));
    assertEquals(set(a6.id()), idSet(ResourceKind.SUBNET, filtered(null, "ip_version", "6")));
    assertEquals(set(), idSet(ResourceKind.NETWORK, filtered(null, "mtu", "not-a-number")));
  }

  @Test
  void portAdminStateDescriptionAndSecurityGroupFiltersReadTheirColumnsNotTheBody() {
    assertEquals(set(pd.id()), idSet(ResourceKind.PORT, filtered(null, "admin_state_up", "false")));
    assertEquals(set(pd.id()), idSet(ResourceKind.PORT, filtered(null, "admin_state_up", "False")));
    assertEquals(set(pc.id(), pa1.id(), pb.id(), pa2.id(), pe.id(), onShared.id()),
        idSet(ResourceKind.PORT, filtered(null, "admin_state_up", "1")));
    assertEquals(set(), idSet(ResourceKind.PORT, filtered(null, "admin_state_up", "maybe")), "not a boolean: matches nothing");
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered(null, "security_groups", "nope", "security_groups", web.id())),
        "one of the values");
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered("p1", "description", "port p-a", "security_groups", web.id())));
    // make a column disagree with the body: the filters follow the column, so they never parse bodies
    String sql = "UPDATE ports SET description = $1, security_groups = $2::text[], admin_state_up = $3 WHERE id = $4";
    await(pool.preparedQuery(sql).execute(Tuple.of("renamed", new String[] {"sg-x"}, false, pc.id())));
    try {
      assertEquals(set(pc.id()), idSet(ResourceKind.PORT, filtered(null, "description", "renamed")));
      assertEquals(set(pc.id()), idSet(ResourceKind.PORT, filtered(null, "security_groups", "sg-x")));
      assertEquals(set(pc.id(), pd.id()), idSet(ResourceKind.PORT, filtered(null, "admin_state_up", "false")));
    } finally {
      await(pool.preparedQuery(sql).execute(Tuple.of(pc.description() == null ? "" : pc.description(), pc.securityGroupIds().toArray(new String[0]), true, pc.id())));
    }
  }

  @Test
  void unknownFilterKeysAreIgnoredLikeNeutron() {
    Set<String> all = idSet(ResourceKind.NETWORK, filtered(null));
    assertEquals(all, idSet(ResourceKind.NETWORK, filtered(null, "no_such_attribute", "x")));
    assertEquals(all, idSet(ResourceKind.NETWORK, filtered(null, "body'); DROP TABLE networks; --", "x")));
    assertEquals(all, idSet(ResourceKind.NETWORK, filtered(null, NeutronJson.INTERNAL, "x")));
    assertEquals(set(alpha.id()), idSet(ResourceKind.NETWORK, filtered(null, "no_such_attribute", "x", "name", "alpha")));
    assertEquals(5, idSet(ResourceKind.NETWORK, filtered(null)).size());
    assertEquals(set("h-1"), idSet(ResourceKind.HOST, filtered(null, "project_id", "p1")), "hosts have no project");
  }

  @Test
  void fixedIpFiltersUseTheSideTable() {
    assertEquals(set(pa1.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "ip_address=10.0.0.10")));
    assertEquals(set(pa1.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "ip_address=fd00:a::10")));
    assertEquals(set(pa1.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "ip_address=fd00:000a:0:0::0010")), "canonical form");
    assertEquals(set(pa1.id(), pa2.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "subnet_id=" + a6.id())));
    assertEquals(set(pa1.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "subnet_id=" + a4.id(), "fixed_ips", "ip_address=10.0.0.10")));
    assertEquals(set(), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "subnet_id=" + a6.id(), "fixed_ips", "ip_address=10.0.0.10")),
        "one fixed IP must match every sub-key");
    String pcIp = pc.fixedIps().get(0).ipAddress().toString();
    assertEquals(set(pa1.id(), pc.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "ip_address=10.0.0.10", "fixed_ips", "ip_address=" + pcIp)));
    assertEquals(set(pa1.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "ip_address_substr=0.0.10")));
    assertEquals(set(onShared.id()), idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "subnet_id=" + s4.id())));
    assertEquals(set(), idSet(ResourceKind.PORT, filtered("p1", "fixed_ips", "subnet_id=" + s4.id())));
    assertEquals(7, idSet(ResourceKind.PORT, filtered(null, "fixed_ips", "bogus")).size(), "nothing usable: ignored");
  }

  // ---- sorting -------------------------------------------------------------------------------

  @Test
  void sortsOnColumnsAndOnNumericBodyAttributes() {
    ListQuery byName = query(Map.of(), List.of(asc("name")), null, null, false, null);
    assertEquals(List.of(alpha.id(), beta.id(), gamma.id(), private2.id(), shared.id()), ids(await(reader.list(ResourceKind.NETWORK, byName))));
    ListQuery byNameDesc = query(Map.of(), List.of(desc("name")), null, null, false, null);
    assertEquals(List.of(shared.id(), private2.id(), gamma.id(), beta.id(), alpha.id()), ids(await(reader.list(ResourceKind.NETWORK, byNameDesc))));

    // numerically, not as text ("900" > "1450" as text)
    ListQuery byMtu = query(Map.of(), List.of(asc("mtu")), null, null, false, null);
    List<String> tie = sortedIds(alpha.id(), private2.id());
    assertEquals(List.of(beta.id(), gamma.id(), shared.id(), tie.get(0), tie.get(1)), ids(await(reader.list(ResourceKind.NETWORK, byMtu))));
    ListQuery byMtuDesc = query(Map.of(), List.of(desc("mtu")), null, null, false, null);
    assertEquals(List.of(tie.get(0), tie.get(1), shared.id(), gamma.id(), beta.id()), ids(await(reader.list(ResourceKind.NETWORK, byMtuDesc))),
        "ties broken by ascending id");

    ListQuery ports = query(Map.of("network_id", List.of(alpha.id())), List.of(asc("name")), null, null, false, null);
    List<String> pas = sortedIds(pa1.id(), pa2.id());
    assertEquals(List.of(pas.get(0), pas.get(1), pb.id(), pc.id(), pd.id(), pe.id()), ids(await(reader.list(ResourceKind.PORT, ports))));

    ListQuery twoKeys = query(Map.of(), List.of(desc("shared"), asc("mtu"), asc("name")), null, null, false, null);
    assertEquals(List.of(shared.id(), beta.id(), gamma.id(), alpha.id(), private2.id()), ids(await(reader.list(ResourceKind.NETWORK, twoKeys))));

    ListQuery unknown = query(Map.of(), List.of(asc("no_such_attribute"), asc("bad key!")), null, null, false, null);
    assertEquals(sortedIds(alpha.id(), beta.id(), gamma.id(), shared.id(), private2.id()), ids(await(reader.list(ResourceKind.NETWORK, unknown))));
  }

  static List<String> sortedIds(String... ids) {
    List<String> l = new ArrayList<>(List.of(ids));
    l.sort(Comparator.naturalOrder());
    return l;
  }

  // ---- pagination ----------------------------------------------------------------------------

  /** Pages through with limit/marker and checks the concatenation equals the unpaged list. */
  private void pagesForward(ResourceKind kind, List<SortKey> sort, int limit, String project) {
    List<String> all = ids(await(reader.list(kind, query(Map.of(), sort, null, null, false, project))));
    List<String> seen = new ArrayList<>();
    String marker = null;
    List<List<String>> pages = new ArrayList<>();
    while (true) {
      ListResult page = await(reader.list(kind, query(Map.of(), sort, limit, marker, false, project)));
      List<String> ids = ids(page);
      pages.add(ids);
      seen.addAll(ids);
      assertTrue(ids.size() <= limit);
      if (!page.hasMore()) break;
      assertEquals(limit, ids.size());
      marker = ids.get(ids.size() - 1);
      assertTrue(pages.size() < 100, "runaway pagination");
    }
    assertEquals(all, seen);
    // and backwards: page_reverse from the first item of each page gives the previous page
    for (int i = 1; i < pages.size(); i++) {
      ListResult back = await(reader.list(kind, query(Map.of(), sort, limit, pages.get(i).get(0), true, project)));
      assertEquals(pages.get(i - 1), ids(back), "page before " + i);
      assertEquals(i > 1, back.hasMore());
    }
  }

  @Test
  void paginatesWithLimitAndMarkerForwardAndBackward() {
    pagesForward(ResourceKind.PORT, List.of(asc("name")), 2, null);
    pagesForward(ResourceKind.PORT, List.of(desc("name")), 3, null);
    pagesForward(ResourceKind.PORT, List.of(), 2, "p1");
    pagesForward(ResourceKind.NETWORK, List.of(asc("mtu")), 2, null);
    pagesForward(ResourceKind.NETWORK, List.of(desc("mtu"), asc("name")), 1, null);
    pagesForward(ResourceKind.NETWORK, List.of(asc("admin_state_up"), desc("provider:segmentation_id")), 2, "p1");
    pagesForward(ResourceKind.SECURITY_GROUP, List.of(asc("name")), 1, null);
  }

  @Test
  void limitsReportWhetherThereIsMore() {
    ListQuery two = query(Map.of(), List.of(asc("name")), 2, null, false, null);
    ListResult first = await(reader.list(ResourceKind.NETWORK, two));
    assertEquals(List.of(alpha.id(), beta.id()), ids(first));
    assertTrue(first.hasMore());
    ListResult all = await(reader.list(ResourceKind.NETWORK, query(Map.of(), List.of(asc("name")), 5, null, false, null)));
    assertEquals(5, all.items().size());
    assertFalse(all.hasMore());
    ListResult unlimited = await(reader.list(ResourceKind.NETWORK, query(Map.of(), List.of(asc("name")), null, null, false, null)));
    assertFalse(unlimited.hasMore());

    // page_reverse without a marker: the last page, in normal order
    ListResult last = await(reader.list(ResourceKind.NETWORK, query(Map.of(), List.of(asc("name")), 2, null, true, null)));
    assertEquals(List.of(private2.id(), shared.id()), ids(last));
    assertTrue(last.hasMore());
    // after the last item: nothing more
    ListResult after = await(reader.list(ResourceKind.NETWORK, query(Map.of(), List.of(asc("name")), 2, shared.id(), false, null)));
    assertEquals(List.of(), ids(after));
    assertFalse(after.hasMore());
    // marker with filters
    ListResult filteredPage = await(reader.list(ResourceKind.NETWORK,
        query(Map.of("project_id", List.of("p1")), List.of(asc("name")), 1, alpha.id(), false, null)));
    assertEquals(List.of(beta.id()), ids(filteredPage));
    assertTrue(filteredPage.hasMore());
  }

  @Test
  void anUnknownOrInvisibleMarkerFails() {
    Throwable t = failure(reader.list(ResourceKind.NETWORK, query(Map.of(), List.of(), 2, "no-such-id", false, null)));
    assertTrue(t instanceof MarkerNotFoundException, t.toString());
    assertEquals("no-such-id", ((MarkerNotFoundException) t).marker());
    Throwable hidden = failure(reader.list(ResourceKind.NETWORK, query(Map.of(), List.of(), 2, alpha.id(), false, "p2")));
    assertTrue(hidden instanceof MarkerNotFoundException, hidden.toString());
  }
}
