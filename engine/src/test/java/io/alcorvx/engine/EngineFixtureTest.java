package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineFixture.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.alcorvx.engine.EngineFixture.Snapshot;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import org.junit.jupiter.api.Test;

/** The snapshot behind {@link EngineFixture#refused} must notice leaks, or "nothing changed" proves nothing. */
class EngineFixtureTest {

  private final EngineFixture f = new EngineFixture(EngineConfig.defaults().withVniRange(1, 100));
  private final Network net = f.network();
  private final Subnet subnet = f.subnet(net.id(), "10.0.0.0/24");
  private final Subnet big = f.subnet(net.id(), "fd00::/64");
  private final Port port = f.port(net.id());

  @Test
  void snapshotsOfAnUnchangedModelAreEqual() {
    assertEquals(f.snapshot(), f.snapshot());
  }

  @Test
  void snapshotSeesALeakedAddress() {
    Snapshot before = f.snapshot();
    f.model().ipAllocator(subnet.id()).reserve(ip("10.0.0.77"));
    assertNotEquals(before, f.snapshot());
    f.model().ipAllocator(subnet.id()).release(ip("10.0.0.77"));
    assertEquals(before, f.snapshot());
    f.model().ipAllocator(big.id()).reserve(ip("fd00::77"));
    assertNotEquals(before, f.snapshot(), "large subnets are compared by count");
  }

  @Test
  void snapshotSeesALeakedMacOrVni() {
    Snapshot before = f.snapshot();
    f.model().macs.allocate();
    assertNotEquals(before, f.snapshot());
    Snapshot again = f.snapshot();
    f.model().vnis.allocate();
    assertNotEquals(again, f.snapshot());
  }

  @Test
  void snapshotSeesARecordChange() {
    Snapshot before = f.snapshot();
    f.updatePort(port.id()).name("other").apply();
    assertNotEquals(before, f.snapshot());
  }

  @Test
  void refusedFailsWhenTheCommandChangedSomething() {
    // a command that succeeds is not a refusal
    assertThrows(AssertionError.class, () -> f.newPort(net.id()).refused(CONFLICT, "IpAddressInUse"));
    // a refusal of another type is reported
    assertThrows(AssertionError.class, () -> f.newPort(net.id()).mac(EngineFixture.mac(port)).refused(CONFLICT, "IpAddressInUse"));
  }
}
