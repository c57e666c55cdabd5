package io.alcorvx.service.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied at start. Each migration runs once, in its own
 * transaction, under a transaction-scoped advisory lock (two instances starting at the same time
 * serialise), and records itself in {@code schema_version}; running {@link #migrate} again is a
 * no-op. Migrations are append-only: never edit one that has shipped, add the next version.
 *
 * <p>Schema (version 1): one table per {@link io.alcorvx.service.codec.ResourceKind} with
 * {@code id text primary key}, {@code project_id}, the indexed columns lists filter on,
 * {@code revision} and the NeutronJson {@code body} (jsonb; text from version 4);
 * {@code port_fixed_ips} (one row per fixed IP of a port, indexed by address and by subnet) for
 * {@code fixed_ips=...} filters; and {@code meta} holding the engine epoch counter. Indexed text columns are NOT NULL (an absent
 * value is stored as the empty string, which is what the engine uses for "unset").
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** One schema step. {@code statements} run in order inside one transaction. */
  public record Migration(int version, String description, List<String> statements) {}

  /** Key of the transaction-scoped advisory lock that serialises migrators ("alcorvx" in ASCII). */
  static final long LOCK_KEY = 0x616c636f727678L;

  static final String EPOCH_KEY = "engine_epoch";

  /** Every migration, in version order. */
  public static final List<Migration> ALL = List.of(
      new Migration(1, "resource tables, fixed-ip side table, meta", List.of(
          """
          CREATE TABLE meta (
            key text PRIMARY KEY,
            value bigint NOT NULL)""",
          "INSERT INTO meta (key, value) VALUES ('" + EPOCH_KEY + "', 0)",
          """
          CREATE TABLE hosts (
            id text PRIMARY KEY,
            project_id text NOT NULL DEFAULT '',
            name text NOT NULL DEFAULT '',
            revision bigint NOT NULL,
            body jsonb NOT NULL)""",
          "CREATE INDEX hosts_name_idx ON hosts (name)",
          """
          CREATE TABLE networks (
            id text PRIMARY KEY,
            project_id text NOT NULL DEFAULT '',
            name text NOT NULL DEFAULT '',
            shared boolean NOT NULL DEFAULT false,
            revision bigint NOT NULL,
            body jsonb NOT NULL)""",
          "CREATE INDEX networks_project_idx ON networks (project_id, id)",
          "CREATE INDEX networks_name_idx ON networks (name)",
          "CREATE INDEX networks_shared_idx ON networks (shared, id)",
          """
          CREATE TABLE security_groups (
            id text PRIMARY KEY,
            project_id text NOT NULL DEFAULT '',
            name text NOT NULL DEFAULT '',
            revision bigint NOT NULL,
            body jsonb NOT NULL)""",
          "CREATE INDEX security_groups_project_idx ON security_groups (project_id, id)",
          "CREATE INDEX security_groups_name_idx ON security_groups (name)",
          """
          CREATE TABLE subnets (
            id text PRIMARY KEY,
            project_id text NOT NULL DEFAULT '',
            network_id text NOT NULL DEFAULT '',
            name text NOT NULL DEFAULT '',
            cidr text NOT NULL DEFAULT '',
            revision bigint NOT NULL,
            body jsonb NOT NULL)""",
          "CREATE INDEX subnets_project_idx ON subnets (project_id, id)",
          "CREATE INDEX subnets_network_idx ON subnets (network_id, id)",
          "CREATE INDEX subnets_name_idx ON subnets (name)",
          "CREATE INDEX subnets_cidr_idx ON subnets (cidr)",
          """
          CREATE TABLE routers (
            id text PRIMARY KEY,
            project_id text NOT NULL DEFAULT '',
            name text NOT NULL DEFAULT '',
            revision bigint NOT NULL,
            body jsonb NOT NULL)""",
          "CREATE INDEX routers_project_idx ON routers (project_id, id)",
          "CREATE INDEX routers_name_idx ON routers (name)",
          """
          CREATE TABLE ports (
            id text PRIMARY KEY,
            project_id text NOT NULL DEFAULT '',
            network_id text NOT NULL DEFAULT '',
            name text NOT NULL DEFAULT '',
            device_id text NOT NULL DEFAULT '',
            device_owner text NOT NULL DEFAULT '',
            host text NOT NULL DEFAULT '',
            mac_address text NOT NULL DEFAULT '',
            status text NOT NULL DEFAULT '',
            revision bigint NOT NULL,
            body jsonb NOT NULL)""",
          "CREATE INDEX ports_project_idx ON ports (project_id, id)",
          "CREATE INDEX ports_network_idx ON ports (network_id, id)",
          "CREATE INDEX ports_device_id_idx ON ports (device_id)",
          "CREATE INDEX ports_device_owner_idx ON ports (device_owner)",
          "CREATE INDEX ports_host_idx ON ports (host)",
          "CREATE INDEX ports_mac_idx ON ports (mac_address)",
          "CREATE INDEX ports_status_idx ON ports (status)",
          "CREATE INDEX ports_name_idx ON ports (name)",
          """
          CREATE TABLE port_fixed_ips (
            port_id text NOT NULL,
            subnet_id text NOT NULL,
            ip_address text NOT NULL,
            PRIMARY KEY (port_id, subnet_id, ip_address))""",
          "CREATE INDEX port_fixed_ips_ip_idx ON port_fixed_ips (ip_address)",
          "CREATE INDEX port_fixed_ips_subnet_idx ON port_fixed_ips (subnet_id, ip_address)")),
      // Every index costs each port write; these served filters that are rare alone (status,
      // name, device_owner) and are answered well enough by the body or the other indexes.
      new Migration(2, "drop port indexes that cost more on writes than they save on reads", List.of(
          "DROP INDEX IF EXISTS ports_status_idx",
          "DROP INDEX IF EXISTS ports_name_idx",
          "DROP INDEX IF EXISTS ports_device_owner_idx")),
      // Ports are created unbound (Nova's flow), so device_id and host start empty: one huge
      // run of '' keys that every create paid an insertion into and no filter reads (lists
      // look up non-empty values; PgResourceReader adds the "<> ''" that lets the planner
      // use these partial indexes).
      new Migration(3, "port device and host indexes hold bound ports only", List.of(
          "DROP INDEX IF EXISTS ports_device_id_idx",
          "CREATE INDEX ports_device_id_idx ON ports (device_id) WHERE device_id <> ''",
          "DROP INDEX IF EXISTS ports_host_idx",
          "CREATE INDEX ports_host_idx ON ports (host) WHERE host <> ''")),
      // The body is written on every change and read on every load, but filtered on only by
      // the rare list on an unindexed attribute: storing the text as sent saves the jsonb
      // parse on each write (about 10 us a port) and the jsonb rendering on each read; those
      // rare filters cast it (PgResourceReader).
      new Migration(4, "resource bodies stored as text", List.of(
          "ALTER TABLE hosts ALTER COLUMN body TYPE text USING body::text",
          "ALTER TABLE networks ALTER COLUMN body TYPE text USING body::text",
          "ALTER TABLE security_groups ALTER COLUMN body TYPE text USING body::text",
          "ALTER TABLE subnets ALTER COLUMN body TYPE text USING body::text",
          "ALTER TABLE routers ALTER COLUMN body TYPE text USING body::text",
          "ALTER TABLE ports ALTER COLUMN body TYPE text USING body::text")),
      // Since version 4 a list filtered on a port attribute without a column parses every
      // candidate body (15 s instead of 1 s over a million ports). These three are the ones
      // Neutron clients filter ports on that only the body had; unindexed, because they filter
      // alongside an indexed key (network, device, project) or are rare alone, and an index
      // would cost every create. One parse per row fills them from the bodies. The UPDATE writes
      // a new version of every row: the secondary indexes are rebuilt once afterwards instead
      // of taking a million inserts each.
      new Migration(5, "port columns for admin_state_up, description and security_groups", List.of(
          """
          ALTER TABLE ports
            ADD COLUMN admin_state_up boolean NOT NULL DEFAULT true,
            ADD COLUMN description text NOT NULL DEFAULT '',
            ADD COLUMN security_groups text[] NOT NULL DEFAULT '{}'""",
          "DROP INDEX IF EXISTS ports_project_idx, ports_network_idx, ports_device_id_idx, ports_host_idx, ports_mac_idx",
          """
          UPDATE ports SET (admin_state_up, description, security_groups) = (
            SELECT coalesce((d.doc ->> 'admin_state_up')::boolean, true),
                   coalesce(d.doc ->> 'description', ''),
                   CASE WHEN jsonb_typeof(d.doc -> 'security_groups') = 'array'
                        THEN ARRAY(SELECT jsonb_array_elements_text(d.doc -> 'security_groups')) ELSE '{}' END
            FROM (SELECT ports.body::jsonb AS doc) d)""",
          "CREATE INDEX ports_project_idx ON ports (project_id, id)",
          "CREATE INDEX ports_network_idx ON ports (network_id, id)",
          "CREATE INDEX ports_device_id_idx ON ports (device_id) WHERE device_id <> ''",
          "CREATE INDEX ports_host_idx ON ports (host) WHERE host <> ''",
          "CREATE INDEX ports_mac_idx ON ports (mac_address)")));

  /** The version the schema is at after {@link #ALL}. */
  public static int latestVersion() { return ALL.get(ALL.size() - 1).version(); }

  /**
   * Applies every migration of {@link #ALL} not applied yet. Completes with the schema version.
   * Safe to call on every start and from several instances at once.
   */
  public static Future<Integer> migrate(Pool pool) { return migrate(pool, ALL); }

  static Future<Integer> migrate(Pool pool, List<Migration> migrations) {
    Future<Integer> chain = pool.withTransaction(conn -> lock(conn)
        .compose(v -> conn.query("SELECT to_regclass('schema_version') IS NOT NULL").execute())
        .compose(rows -> rows.iterator().next().getBoolean(0) ? Future.succeededFuture() : conn.query("""
            CREATE TABLE schema_version (
              version integer PRIMARY KEY,
              description text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now())""").execute().mapEmpty())
        .compose(v -> currentVersion(conn)));
    for (Migration m : migrations) {
      chain = chain.compose(current -> current >= m.version() ? Future.succeededFuture(current) : apply(pool, m));
    }
    return chain;
  }

  /** The highest applied version (0 for an empty database). */
  public static Future<Integer> currentVersion(SqlClient client) {
    return client.query("SELECT coalesce(max(version), 0) FROM schema_version").execute()
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  private static Future<Integer> apply(Pool pool, Migration m) {
    long t0 = System.nanoTime();
    return pool.withTransaction(conn -> lock(conn)
        .compose(v -> conn.preparedQuery("SELECT 1 FROM schema_version WHERE version = $1").execute(Tuple.of(m.version())))
        .compose(rows -> {
          if (rows.size() > 0) return Future.succeededFuture(false); // another instance did it meanwhile
          // some steps rewrite whole tables (version 4: about 20 s for a million ports on a slow
          // 2-core VM), so an operator sees what the start is waiting for
          log.info("applying schema migration {} ({})", m.version(), m.description());
          // the pool's statement timeout guards requests; a step that rewrites a big table may
          // take minutes, and killing it would fail every start from then on
          Future<Void> steps = conn.query("SET LOCAL statement_timeout = 0").execute().mapEmpty();
          for (String sql : m.statements()) steps = steps.compose(v -> conn.query(sql).execute().mapEmpty());
          return steps
              .compose(v -> conn.preparedQuery("INSERT INTO schema_version (version, description) VALUES ($1, $2)")
                  .execute(Tuple.of(m.version(), m.description())))
              .map(v -> true);
        }))
        .map(appliedHere -> {
          if (appliedHere) log.info("schema migration {} applied in {} ms", m.version(), (System.nanoTime() - t0) / 1_000_000);
          return m.version();
        });
  }

  private static Future<Void> lock(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }

  /**
   * Increments the engine epoch counter and returns the new value (1 on a fresh database). The
   * engine owner takes one at each start, so goal-state versions never alias across restarts.
   */
  public static Future<Long> nextEpoch(SqlClient client) {
    return client.preparedQuery("UPDATE meta SET value = value + 1 WHERE key = $1 RETURNING value")
        .execute(Tuple.of(EPOCH_KEY))
        .map(rows -> {
          if (rows.size() == 0) throw new IllegalStateException("meta table has no " + EPOCH_KEY + " row: schema not migrated");
          Row r = rows.iterator().next();
          return r.getLong(0);
        });
  }
}
