package io.alcorvx.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsAreTheEmbeddedSingleMachineSetup() {
    ServiceConfig c = ServiceConfig.load(new String[0], Map.of());
    assertEquals(9696, c.httpPort());
    assertTrue(c.embeddedPostgres());
    assertEquals(Path.of("data"), c.dataDir());
    assertEquals(0xfa163eL, c.engine().macPrefix());
    assertEquals(1000, c.engine().onDemandAbovePorts());
    assertEquals(9697, c.gatewayPort());
    assertEquals(null, c.agentToken());
    assertEquals(9697, c.gateway().port());
    assertTrue(!c.gateway().authenticates());
    assertEquals(2048, c.maxPendingOpsPerHost());
    assertEquals(16, c.maxFullsInFlight());
    assertEquals(ServiceConfig.defaultApiInstances(Runtime.getRuntime().availableProcessors()), c.apiInstances());
  }

  @Test
  void apiInstancesDefaultToHalfTheCoresAndCanBeSet() {
    assertEquals(1, ServiceConfig.defaultApiInstances(1));
    assertEquals(1, ServiceConfig.defaultApiInstances(2));
    assertEquals(1, ServiceConfig.defaultApiInstances(3));
    assertEquals(4, ServiceConfig.defaultApiInstances(8));
    assertEquals(3, ServiceConfig.load(new String[] {"--api-instances", "3"}, Map.of()).apiInstances());
  }

  @Test
  void goalStateQueueLimitsFromFlagsEnvironmentAndFile() throws Exception {
    Path file = tmp.resolve("limits.json");
    Files.writeString(file, "{\"max-pending-ops-per-host\": 100, \"max-fulls-in-flight\": 3}");
    ServiceConfig fromFile = ServiceConfig.load(new String[] {"--config", file.toString()}, Map.of());
    assertEquals(100, fromFile.maxPendingOpsPerHost());
    assertEquals(3, fromFile.maxFullsInFlight());
    ServiceConfig c = ServiceConfig.load(new String[] {"--config", file.toString(), "--max-fulls-in-flight=1"},
        Map.of("ALCOR_MAX_PENDING_OPS_PER_HOST", "16"));
    assertEquals(16, c.maxPendingOpsPerHost());
    assertEquals(1, c.maxFullsInFlight());
  }

  @Test
  void gatewayPortAndAgentTokenFromFlagsAndEnvironment() {
    ServiceConfig c = ServiceConfig.load(new String[] {"--gateway-port", "0", "--http-host", "127.0.0.1"},
        Map.of("ALCOR_AGENT_TOKEN", "s3cret-token-0123456789"));
    assertEquals(0, c.gatewayPort());
    assertEquals("s3cret-token-0123456789", c.agentToken());
    assertEquals("127.0.0.1", c.gateway().host());
    assertEquals("s3cret-token-0123456789", c.gateway().agentToken());
    assertTrue(!c.toString().contains("s3cret"), "the token never shows in logs: " + c);
    assertTrue(!c.gateway().toString().contains("s3cret"), "the token never shows in logs: " + c.gateway());
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws Exception {
    Path file = tmp.resolve("alcor.json");
    Files.writeString(file, "{\"http-port\": 7000, \"vni-range\": \"10-20\", \"mac-prefix\": \"02:aa\"}");
    ServiceConfig c = ServiceConfig.load(new String[] {"--config", file.toString(), "--http-port=7002"},
        Map.of("ALCOR_HTTP_PORT", "7001", "ALCOR_PG_URL", "postgresql://u:p@db.example:5432/alcor"));
    assertEquals(7002, c.httpPort());
    assertEquals(10, c.engine().vniMin());
    assertEquals(20, c.engine().vniMax());
    assertEquals(0x02aaL, c.engine().macPrefix());
    assertEquals(16, c.engine().macPrefixBits());
    assertEquals("postgresql://u:p@db.example:5432/alcor", c.pgUrl());
  }

  @Test
  void badSettingsFailWithOneLineReasons() {
    assertReason("unknown setting --bogus", "--bogus", "1");
    assertReason("http-port must be a number", "--http-port", "abc");
    assertReason("http-port must be within 0..65535", "--http-port", "70000");
    assertReason("vni-range must look like", "--vni-range", "5");
    assertReason("VNI range must lie within", "--vni-range", "0-10");
    assertReason("mac-prefix must be", "--mac-prefix", "zz:16");
    assertReason("multicast prefix", "--mac-prefix", "01:00");
    assertReason("pg-url must look like", "--pg-url", "mysql://x");
    assertReason("needs a value", "--http-port");
    assertReason("must not exceed", "--push-below", "500", "--on-demand-above", "100");
    assertReason("cannot read config file", "--config", tmp.resolve("missing.json").toString());
    assertReason("gateway-port must be a number", "--gateway-port", "x");
    assertReason("gateway-port must be within 0..65535", "--gateway-port", "-1");
    assertReason("agent-token must be 16 to 4096 characters", "--agent-token", "short");
    assertReason("agent-token must be printable ASCII", "--agent-token", "has a space in the middle");
    assertReason("max-pending-ops-per-host must be within 16..", "--max-pending-ops-per-host", "15");
    assertReason("max-pending-ops-per-host must be a number", "--max-pending-ops-per-host", "lots");
    assertReason("max-fulls-in-flight must be within 1..", "--max-fulls-in-flight", "0");
  }

  private static void assertReason(String expected, String... args) {
    ServiceConfig.ConfigException e = assertThrows(ServiceConfig.ConfigException.class, () -> ServiceConfig.load(args, Map.of()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
