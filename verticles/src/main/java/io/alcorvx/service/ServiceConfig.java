package io.alcorvx.service;

import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.net.MacAddress;
import io.alcorvx.service.engine.EngineVerticle;
import io.alcorvx.service.gateway.GatewayConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service's settings. Each key can come from defaults, a JSON config file ({@code --config}),
 * an environment variable ({@code ALCOR_HTTP_PORT} for {@code http-port}) or a flag
 * ({@code --http-port 9696} or {@code --http-port=9696}), later sources winning. Invalid settings
 * fail at start with a one-line {@link ConfigException}.
 */
public record ServiceConfig(
    String httpHost,
    int httpPort,
    String pgUrl,
    Path dataDir,
    int embeddedPgPort,
    EngineConfig engine,
    int apiInstances,
    int maxBodyBytes,
    String defaultProject,
    int gatewayPort,
    String agentToken,
    int maxPendingOpsPerHost,
    int maxFullsInFlight,
    int gatewayInstances,
    long fullSlotLeaseMs,
    long storeStatementTimeoutMs) {

  public static final List<String> KEYS = List.of("http-host", "http-port", "pg-url", "data-dir", "embedded-pg-port",
      "vni-range", "mac-prefix", "on-demand-above", "push-below", "api-instances", "max-body-bytes", "default-project",
      "gateway-port", "agent-token", "max-pending-ops-per-host", "max-fulls-in-flight", "gateway-instances", "full-slot-lease-ms", "store-statement-timeout-ms", "config");

  /** A setting that cannot be used; the message is the one line the operator sees. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message, null, false, false); }
  }

  public boolean embeddedPostgres() { return pgUrl == null; }

  /** The agent gateway: gRPC on the API's host, its own port; agents present {@code agentToken} (none = no check). */
  public GatewayConfig gateway() {
    return GatewayConfig.defaults().withHost(httpHost).withPort(gatewayPort).withAgentToken(agentToken);
  }

  @Override public String toString() {
    return "ServiceConfig[httpHost=" + httpHost + ", httpPort=" + httpPort + ", pgUrl=" + (pgUrl == null ? "embedded" : "set")
        + ", dataDir=" + dataDir + ", embeddedPgPort=" + embeddedPgPort + ", engine=" + engine + ", apiInstances=" + apiInstances
        + ", maxBodyBytes=" + maxBodyBytes + ", defaultProject=" + defaultProject + ", gatewayPort=" + gatewayPort
        + ", agentToken=" + (agentToken == null ? "none" : "***") + ", maxPendingOpsPerHost=" + maxPendingOpsPerHost
        + ", maxFullsInFlight=" + maxFullsInFlight + ", gatewayInstances=" + gatewayInstances + ", fullSlotLeaseMs=" + fullSlotLeaseMs
        + ", storeStatementTimeoutMs=" + storeStatementTimeoutMs + "]";
  }

  public static ServiceConfig load(String[] args, Map<String, String> env) {
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> flags = parseFlags(args);
    String file = flags.getOrDefault("config", env.get("ALCOR_CONFIG"));
    if (file != null) settings.putAll(readFile(file));
    for (String key : KEYS) {
      String v = env.get("ALCOR_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (v != null) settings.put(key, v);
    }
    settings.putAll(flags);
    return from(settings);
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) throw new ConfigException("unexpected argument '" + a + "' (settings are --key value; keys: " + KEYS + ")");
      String key;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        key = a.substring(2, eq);
        value = a.substring(eq + 1);
      } else {
        key = a.substring(2);
        if (i + 1 >= args.length) throw new ConfigException("--" + key + " needs a value");
        value = args[++i];
      }
      if (!KEYS.contains(key)) throw new ConfigException("unknown setting --" + key + " (known: " + KEYS + ")");
      out.put(key, value);
    }
    return out;
  }

  private static Map<String, String> readFile(String file) {
    try {
      JsonObject json = new JsonObject(Files.readString(Path.of(file)));
      Map<String, String> out = new LinkedHashMap<>();
      for (String key : json.fieldNames()) {
        if (!KEYS.contains(key) || key.equals("config")) throw new ConfigException("unknown setting '" + key + "' in " + file);
        out.put(key, String.valueOf(json.getValue(key)));
      }
      return out;
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + " is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  static ServiceConfig from(Map<String, String> s) {
    int port = intSetting(s, "http-port", 9696, 0, 65535);
    String pgUrl = s.get("pg-url");
    if (pgUrl != null) checkPgUrl(pgUrl);
    EngineConfig defaults = EngineConfig.defaults();
    long vniMin = defaults.vniMin();
    long vniMax = defaults.vniMax();
    if (s.containsKey("vni-range")) {
      String[] parts = s.get("vni-range").split("[-:]");
      if (parts.length != 2) throw new ConfigException("vni-range must look like 1000-2000, got '" + s.get("vni-range") + "'");
      try {
        vniMin = Long.parseLong(parts[0].trim());
        vniMax = Long.parseLong(parts[1].trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("vni-range must look like 1000-2000, got '" + s.get("vni-range") + "'");
      }
    }
    long macPrefix = defaults.macPrefix();
    int macBits = defaults.macPrefixBits();
    if (s.containsKey("mac-prefix")) {
      String p = s.get("mac-prefix").trim();
      String[] octets = p.split("[:-]");
      if (octets.length < 1 || octets.length > 5) throw new ConfigException("mac-prefix must be 1 to 5 octets like fa:16:3e, got '" + p + "'");
      try {
        StringBuilder full = new StringBuilder(p.replace('-', ':'));
        for (int i = octets.length; i < 6; i++) full.append(":00");
        macPrefix = MacAddress.parse(full.toString()) >>> (8 * (6 - octets.length));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("mac-prefix must be octets like fa:16:3e, got '" + p + "'");
      }
      macBits = 8 * octets.length;
      if ((macPrefix >>> (macBits - 8) & 1) == 1) throw new ConfigException("mac-prefix " + p + " is a multicast prefix");
    }
    int onDemandAbove = intSetting(s, "on-demand-above", defaults.onDemandAbovePorts(), 0, Integer.MAX_VALUE);
    int pushBelow = intSetting(s, "push-below", defaults.pushBelowPorts(), 0, Integer.MAX_VALUE);
    EngineConfig engine;
    try {
      engine = new EngineConfig(vniMin, vniMax, macPrefix, macBits, defaults.macSeed(), defaults.defaultMtu(), onDemandAbove, pushBelow);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    return new ServiceConfig(s.getOrDefault("http-host", "0.0.0.0"), port, pgUrl, Path.of(s.getOrDefault("data-dir", "data")),
        intSetting(s, "embedded-pg-port", 0, 0, 65535), engine,
        intSetting(s, "api-instances", defaultApiInstances(Runtime.getRuntime().availableProcessors()), 1, 256),
        intSetting(s, "max-body-bytes", 1 << 20, 1024, Integer.MAX_VALUE), s.getOrDefault("default-project", "default"),
        intSetting(s, "gateway-port", GatewayConfig.DEFAULT_PORT, 0, 65535), agentToken(s.get("agent-token")),
        intSetting(s, "max-pending-ops-per-host", HostQueues.DEFAULT_MAX_PENDING_OPS, 16, Integer.MAX_VALUE),
        intSetting(s, "max-fulls-in-flight", EngineVerticle.DEFAULT_MAX_FULLS_IN_FLIGHT, 1, Integer.MAX_VALUE),
        intSetting(s, "gateway-instances", Runtime.getRuntime().availableProcessors(), 1, 256),
        intSetting(s, "full-slot-lease-ms", (int) EngineVerticle.DEFAULT_FULL_SLOT_LEASE_MS, 100, Integer.MAX_VALUE),
        intSetting(s, "store-statement-timeout-ms", 30_000, 100, Integer.MAX_VALUE));
  }

  /** A shared secret agents send as a gRPC header: printable ASCII without spaces, long enough not to be guessed. */
  private static String agentToken(String token) {
    if (token == null) return null;
    if (token.length() < 16 || token.length() > 4096) {
      throw new ConfigException("agent-token must be 16 to 4096 characters long, got " + token.length());
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) throw new ConfigException("agent-token must be printable ASCII without spaces (it travels as a header)");
    }
    return token;
  }

  private static int intSetting(Map<String, String> s, String key, int fallback, int min, int max) {
    String v = s.get(key);
    if (v == null) return fallback;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) throw new ConfigException(key + " must be within " + min + ".." + max + ", got " + n);
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number, got '" + v + "'");
    }
  }

  private static void checkPgUrl(String url) {
    try {
      URI u = URI.create(url);
      if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) throw new IllegalArgumentException();
      if (u.getHost() == null) throw new IllegalArgumentException();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("pg-url must look like postgresql://user:password@host:5432/database, got '" + url + "'");
    }
  }

  /**
   * Half the cores, at least one: the engine owner, the store and PostgreSQL need the other half.
   * On 2 cores one API instance carried 19 % more creates than two in 4 alternating steady-state
   * pairs, and 2 later pairs split 1-1 (docs/benchmarks.md, session 10): fewer threads to wake and
   * switch between per request.
   */
  static int defaultApiInstances(int cores) { return Math.max(1, cores / 2); }
}
