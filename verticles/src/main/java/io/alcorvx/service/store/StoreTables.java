package io.alcorvx.service.store;

import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.MacAddress;
import io.alcorvx.service.codec.NeutronJson;
import io.alcorvx.service.codec.ResourceKind;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The row shape of each resource table (see {@link Migrations}): which indexed columns it has,
 * how a record fills them, and which Neutron attribute each one serves in list filters. Rows
 * <-> records lives here and nowhere else.
 */
final class StoreTables {
  private StoreTables() {}

  /** One table: its columns besides id, revision and body (indexed or not), and Neutron attribute -> column. */
  record Table(ResourceKind kind, List<String> columns, Map<String, String> attributeColumns, String bulkInsertSql,
      String bulkUpsertSql) {
    /** Columns whose index holds only non-empty values (migration 3): filters must say {@code <> ''}. */
    boolean isSparseColumn(String column) { return kind == ResourceKind.PORT && ("device_id".equals(column) || "host".equals(column)); }

    /**
     * Rows ({@link #row} tuples) as one tuple of column arrays for {@link #bulkInsertSql} or
     * {@link #bulkUpsertSql}: one statement per table and transaction instead of one execution
     * per row, which is most of PostgreSQL's per-row cost for small rows.
     */
    Tuple columnArrays(List<Tuple> rows) {
      int n = rows.size();
      int width = columns.size() + 3;
      Object[] arrays = new Object[width];
      for (int c = 0; c < width; c++) {
        boolean bool = c >= 1 && c <= columns.size() && isBooleanColumn(columns.get(c - 1));
        boolean revision = c == width - 2;
        Object[] a = bool ? new Boolean[n] : revision ? new Long[n] : new String[n];
        for (int r = 0; r < n; r++) {
          Object v = rows.get(r).getValue(c);
          a[r] = v instanceof JsonObject json ? json.encode() : v; // the body is stored as text
        }
        arrays[c] = a;
      }
      return Tuple.wrap(Arrays.asList(arrays));
    }
  }

  private static final Map<ResourceKind, Table> TABLES = new EnumMap<>(ResourceKind.class);

  static {
    define(ResourceKind.HOST, List.of("project_id", "name"), Map.of("id", "id", "name", "name"));
    define(ResourceKind.NETWORK, List.of("project_id", "name", "shared"), withCommon(Map.of("shared", "shared")));
    define(ResourceKind.SECURITY_GROUP, List.of("project_id", "name"), withCommon(Map.of()));
    define(ResourceKind.SUBNET, List.of("project_id", "network_id", "name", "cidr"),
        withCommon(Map.of("network_id", "network_id", "cidr", "cidr")));
    define(ResourceKind.ROUTER, List.of("project_id", "name"), withCommon(Map.of()));
    define(ResourceKind.PORT, List.of("project_id", "network_id", "name", "device_id", "device_owner", "host", "mac_address", "status",
            "admin_state_up", "description", "security_groups"),
        withCommon(Map.of("network_id", "network_id", "device_id", "device_id", "device_owner", "device_owner",
            "binding:host_id", "host", "mac_address", "mac_address", "status", "status", "admin_state_up", "admin_state_up",
            "description", "description", "security_groups", "security_groups")));
  }

  /** A boolean column (every other indexed or filter column is text, or the text[] of {@link #isArrayColumn}). */
  static boolean isBooleanColumn(String column) { return "shared".equals(column) || "admin_state_up".equals(column); }

  /** A text[] column: a filter value matches when the array holds it. */
  static boolean isArrayColumn(String column) { return "security_groups".equals(column); }

  private static Map<String, String> withCommon(Map<String, String> specific) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", "id");
    m.put("project_id", "project_id");
    m.put("tenant_id", "project_id");
    m.put("name", "name");
    m.putAll(specific);
    return m;
  }

  private static void define(ResourceKind kind, List<String> columns, Map<String, String> attributeColumns) {
    String insert = bulkInsertSql(kind, columns);
    TABLES.put(kind, new Table(kind, columns, Map.copyOf(attributeColumns), insert, bulkUpsertSql(insert, columns)));
  }

  private static List<String> rowColumns(List<String> columns) {
    List<String> names = new ArrayList<>();
    names.add("id");
    names.addAll(columns);
    names.add("revision");
    names.add("body");
    return names;
  }

  /**
   * INSERT ... SELECT FROM unnest(column arrays): all of a transaction's new rows of a table in
   * one statement (one row is an array of one).
   */
  private static String bulkInsertSql(ResourceKind kind, List<String> columns) {
    List<String> names = rowColumns(columns);
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(kind.table).append(" (").append(String.join(", ", names))
        .append(") SELECT ");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) sql.append(", ");
      sql.append("u.").append(names.get(i));
      if (isArrayColumn(names.get(i))) sql.append("::text[]");
    }
    sql.append(" FROM unnest(");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) sql.append(", ");
      String c = names.get(i);
      // an array column travels as its array literal (unnest of a text[][] would flatten it)
      String type = isBooleanColumn(c) ? "boolean[]" : "revision".equals(c) ? "bigint[]" : "text[]";
      sql.append('$').append(i + 1).append("::").append(type);
    }
    return sql.append(") AS u(").append(String.join(", ", names)).append(')').toString();
  }

  /** The same INSERT, ... ON CONFLICT (id) DO UPDATE: for rows that may already exist. */
  private static String bulkUpsertSql(String bulkInsertSql, List<String> columns) {
    List<String> names = rowColumns(columns);
    StringBuilder sql = new StringBuilder(bulkInsertSql).append(" ON CONFLICT (id) DO UPDATE SET ");
    for (int i = 1; i < names.size(); i++) {
      if (i > 1) sql.append(", ");
      sql.append(names.get(i)).append(" = EXCLUDED.").append(names.get(i));
    }
    return sql.toString();
  }

  static Table table(ResourceKind kind) { return TABLES.get(kind); }

  /** The upsert parameters of a record: id, the indexed columns in order, revision, body. */
  static Tuple row(Resource r) {
    List<Object> v = new ArrayList<>(12);
    v.add(r.id());
    if (r instanceof Host h) {
      v.add("");
      v.add(str(h.name()));
    } else if (r instanceof Network n) {
      v.add(str(n.projectId()));
      v.add(str(n.name()));
      v.add(n.shared());
    } else if (r instanceof SecurityGroup g) {
      v.add(str(g.projectId()));
      v.add(str(g.name()));
    } else if (r instanceof Subnet s) {
      v.add(str(s.projectId()));
      v.add(str(s.networkId()));
      v.add(str(s.name()));
      v.add(s.cidr().toString());
    } else if (r instanceof Router rt) {
      v.add(str(rt.projectId()));
      v.add(str(rt.name()));
    } else if (r instanceof Port p) {
      v.add(str(p.projectId()));
      v.add(str(p.networkId()));
      v.add(str(p.name()));
      v.add(str(p.deviceId()));
      v.add(str(p.deviceOwner()));
      v.add(str(p.bindingHostId()));
      v.add(MacAddress.format(p.macAddress()));
      v.add(p.status().name());
      v.add(p.adminStateUp());
      v.add(str(p.description()));
      v.add(arrayLiteral(p.securityGroupIds()));
    } else {
      throw new IllegalArgumentException("unknown resource " + r);
    }
    v.add(r.revision());
    v.add(NeutronJson.render(r));
    return Tuple.wrap(v);
  }

  private static String str(String s) { return s == null ? "" : s; }

  /** A PostgreSQL text[] literal: every element quoted, so commas, braces and spaces in ids are safe. */
  static String arrayLiteral(List<String> values) {
    StringBuilder sb = new StringBuilder(2 + values.size() * 40).append('{');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append('"');
      String v = values.get(i);
      for (int c = 0; c < v.length(); c++) {
        char ch = v.charAt(c);
        if (ch == '"' || ch == '\\') sb.append('\\');
        sb.append(ch);
      }
      sb.append('"');
    }
    return sb.append('}').toString();
  }
}
