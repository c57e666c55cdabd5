package io.alcorvx.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.service.store.ListQuery;
import io.alcorvx.service.store.ListQuery.SortKey;
import io.alcorvx.service.store.ListResult;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory list semantics (used for security-group rules) and query-string parsing. */
class JsonQueryTest {

  static List<JsonObject> rows() {
    List<JsonObject> rows = new ArrayList<>();
    String[][] data = {{"a", "tcp", "22"}, {"b", null, null}, {"c", "udp", "53"}, {"d", "tcp", "80"}, {"e", "tcp", null}};
    for (String[] d : data) {
      rows.add(new JsonObject().put("id", d[0]).put("protocol", d[1]).put("port_range_min", d[2] == null ? null : Integer.valueOf(d[2]))
          .put("tags", new JsonArray().add("t-" + d[0]))
          .put("fixed_ips", new JsonArray().add(new JsonObject().put("subnet_id", "s1").put("ip_address", "10.0.0." + (int) d[0].charAt(0)))));
    }
    return rows;
  }

  static List<String> ids(ListResult r) { return r.items().stream().map(o -> o.getString("id")).toList(); }

  static ListQuery q(Map<String, List<String>> filters, List<SortKey> sort, Integer limit, String marker, boolean reverse) {
    return new ListQuery(filters, sort, limit, marker, reverse, null);
  }

  @Test
  void filtersAreOrWithinAKeyAndAcrossKeys() {
    assertEquals(List.of("a", "c", "d", "e"), ids(JsonQuery.apply(rows(), q(Map.of("protocol", List.of("tcp", "udp")), List.of(), null, null, false),
        ApiResource.SECURITY_GROUP_RULE)));
    assertEquals(List.of("a"), ids(JsonQuery.apply(rows(), q(Map.of("protocol", List.of("tcp"), "port_range_min", List.of("22")),
        List.of(), null, null, false), ApiResource.SECURITY_GROUP_RULE)));
    assertEquals(List.of("c"), ids(JsonQuery.apply(rows(), q(Map.of("tags", List.of("t-c")), List.of(), null, null, false), ApiResource.PORT)));
    assertEquals(List.of("a"), ids(JsonQuery.apply(rows(), q(Map.of("fixed_ips", List.of("ip_address=10.0.0.97", "subnet_id=s1")),
        List.of(), null, null, false), ApiResource.PORT)));
    assertEquals(List.of(), ids(JsonQuery.apply(rows(), q(Map.of("fixed_ips", List.of("ip_address=10.0.0.97", "subnet_id=s2")),
        List.of(), null, null, false), ApiResource.PORT)));
  }

  @Test
  void sortsWithNullsFirstThenIdAndPagesBothWays() {
    List<SortKey> byPort = List.of(new SortKey("port_range_min", false));
    assertEquals(List.of("d", "c", "a", "b", "e"), ids(JsonQuery.apply(rows(), q(Map.of(), byPort, null, null, false), ApiResource.SECURITY_GROUP_RULE)));
    ListResult first = JsonQuery.apply(rows(), q(Map.of(), byPort, 2, null, false), ApiResource.SECURITY_GROUP_RULE);
    assertEquals(List.of("d", "c"), ids(first));
    assertTrue(first.hasMore());
    ListResult second = JsonQuery.apply(rows(), q(Map.of(), byPort, 2, "c", false), ApiResource.SECURITY_GROUP_RULE);
    assertEquals(List.of("a", "b"), ids(second));
    assertTrue(second.hasMore());
    ListResult last = JsonQuery.apply(rows(), q(Map.of(), byPort, 2, "b", false), ApiResource.SECURITY_GROUP_RULE);
    assertEquals(List.of("e"), ids(last));
    assertFalse(last.hasMore());
    ListResult back = JsonQuery.apply(rows(), q(Map.of(), byPort, 2, "b", true), ApiResource.SECURITY_GROUP_RULE);
    assertEquals(List.of("c", "a"), ids(back));
    assertTrue(back.hasMore());
    ListResult end = JsonQuery.apply(rows(), q(Map.of(), byPort, 2, null, true), ApiResource.SECURITY_GROUP_RULE);
    assertEquals(List.of("b", "e"), ids(end));
    assertThrows(ApiException.class, () -> JsonQuery.apply(rows(), q(Map.of(), byPort, 2, "zz", false), ApiResource.SECURITY_GROUP_RULE));
  }

  @Test
  void queryStringParsing() {
    MultiMap m = MultiMap.caseInsensitiveMultiMap().add("name", "a").add("name", "b").add("tenant_id", "p").add("shared", "True")
        .add("fields", "id,name").add("fields", "mtu").add("limit", "0").add("sort_key", "name").add("sort_dir", "DESC")
        .add("page_reverse", "false");
    ListParams p = ListParams.parse(ApiResource.NETWORK, m, "vis");
    assertEquals(List.of("a", "b"), p.query().filters().get("name"));
    assertEquals(List.of("p"), p.query().filters().get("project_id"));
    assertEquals(List.of("true"), p.query().filters().get("shared"));
    assertEquals(List.of("id", "name", "mtu"), new ArrayList<>(p.fields()));
    assertEquals(null, p.query().limit());
    assertEquals(List.of(new SortKey("name", false)), p.query().sort());
    assertEquals("vis", p.query().visibleProject());
    assertThrows(ApiException.class, () -> ListParams.parse(ApiResource.NETWORK, MultiMap.caseInsensitiveMultiMap().add("routes", "x"), null));
    assertThrows(ApiException.class, () -> ListParams.parse(ApiResource.NETWORK, MultiMap.caseInsensitiveMultiMap().add("sort_key", "subnets"), null));
    assertThrows(ApiException.class, () -> ListParams.parse(ApiResource.NETWORK, MultiMap.caseInsensitiveMultiMap().add("page_reverse", "x"), null));
  }
}
