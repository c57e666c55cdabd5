package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.alcorvx.proto.ResourceType;
import org.junit.jupiter.api.Test;

/** Neighbor keys are kept as parts: every way of making one must give the same key. */
class EntryKeyTest {

  @Test
  void aNeighborKeyFromItsTextEqualsTheOneFromItsParts() {
    EntryKey parts = EntryKey.l2Neighbor("port-1", "subnet-1");
    EntryKey text = new EntryKey(ResourceType.NEIGHBOR, "L2/port-1/subnet-1");
    assertEquals(parts, text);
    assertEquals(text, parts);
    assertEquals(parts.hashCode(), text.hashCode());
    assertEquals("L2/port-1/subnet-1", parts.key());
    assertEquals(ByteString.copyFromUtf8("L2/port-1/subnet-1"), parts.keyUtf8());
    assertSame(parts.keyUtf8(), parts.keyUtf8(), "encoded once");
    assertTrue(text.isNeighborKey() && text.isL2Neighbor());
    assertEquals("port-1", text.neighborPort());
    assertEquals("subnet-1", text.neighborSubnet());
  }

  @Test
  void typePortSubnetAndLayerAllTellKeysApart() {
    EntryKey k = EntryKey.l2Neighbor("p", "s");
    assertNotEquals(k, EntryKey.l3Neighbor("p", "s"));
    assertNotEquals(k, EntryKey.l2Neighbor("p", "t"));
    assertNotEquals(k, EntryKey.l2Neighbor("q", "s"));
    assertNotEquals(new EntryKey(ResourceType.PORT, "L2/p/s"), k, "other types keep their text as it is");
    EntryKey l3 = new EntryKey(ResourceType.NEIGHBOR, "L3/p/s");
    assertEquals(EntryKey.l3Neighbor("p", "s"), l3);
    assertFalse(l3.isL2Neighbor());
    assertEquals("L3/p/s", l3.key());
  }

  @Test
  void neighborKeysOutsideTheLayerFormStayText() {
    EntryKey plain = new EntryKey(ResourceType.NEIGHBOR, "n1");
    assertFalse(plain.isNeighborKey());
    assertEquals("n1", plain.key());
    assertEquals(new EntryKey(ResourceType.NEIGHBOR, "n1"), plain);
    assertNotEquals(EntryKey.l2Neighbor("n1", ""), plain);
    assertFalse(new EntryKey(ResourceType.NEIGHBOR, "L2/no-subnet").isNeighborKey());
  }
}
