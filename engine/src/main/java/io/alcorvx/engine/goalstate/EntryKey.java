package io.alcorvx.engine.goalstate;

import com.google.protobuf.ByteString;
import io.alcorvx.proto.ResourceType;

/**
 * Identity of one goal-state entry: its resource type and the key it has in the GoalStateV2 map
 * of that type. Neighbor keys name the neighbor type, port and subnet ("L2/port/subnet"), so a
 * neighbor entry's body is the same for every host that holds it and is encoded once.
 *
 * <p>Not a record: one key object is evaluated against thousands of hosts per change, so it keeps
 * its neighbor port and subnet ids and its hash instead of deriving them on every use.
 *
 * <p>A neighbor key is kept as its parts, not as its text: in a push-mode VPC one lives as long as
 * each port, and the parts are the port's and the subnet's own id strings, while the text would be
 * a 76-character string of its own (the wire needs only its UTF-8 bytes, {@link #keyUtf8}).
 * {@link #key} builds the text when asked. Every neighbor key in "L2/port/subnet" or
 * "L3/port/subnet" form is kept so, whichever way it was made, so equal texts are equal keys.
 */
public final class EntryKey {
  private final ResourceType type;
  /** The map key; null for a neighbor key kept as parts. */
  private final String key;
  private final String neighborPort;
  private final String neighborSubnet;
  private final boolean l2;
  private final int hash;
  private volatile ByteString keyUtf8; // benign race: any thread computes the same bytes

  /** The entry of this type under this map key (a neighbor key in L2/L3 form is split into its parts). */
  public EntryKey(ResourceType type, String key) {
    int slash = type == ResourceType.NEIGHBOR && (key.startsWith("L2/") || key.startsWith("L3/")) ? key.indexOf('/', 3) : -1;
    this.type = type;
    if (slash > 0) {
      this.key = null;
      this.l2 = key.charAt(1) == '2';
      this.neighborPort = key.substring(3, slash);
      this.neighborSubnet = key.substring(slash + 1);
      this.hash = neighborHash(type, l2, neighborPort, neighborSubnet);
    } else {
      this.key = key;
      this.l2 = false;
      this.neighborPort = null;
      this.neighborSubnet = null;
      this.hash = 31 * type.hashCode() + key.hashCode();
    }
  }

  private EntryKey(boolean l2, String neighborPort, String neighborSubnet) {
    this.type = ResourceType.NEIGHBOR;
    this.key = null;
    this.l2 = l2;
    this.neighborPort = neighborPort;
    this.neighborSubnet = neighborSubnet;
    this.hash = neighborHash(type, l2, neighborPort, neighborSubnet);
  }

  private static int neighborHash(ResourceType type, boolean l2, String port, String subnet) {
    return 31 * (31 * (31 * type.hashCode() + (l2 ? 1 : 2)) + port.hashCode()) + subnet.hashCode();
  }

  public ResourceType type() { return type; }

  /** The map key's text (built on every call for a neighbor key: prefer {@link #keyUtf8} on hot paths). */
  public String key() {
    return key != null ? key : (l2 ? "L2/" : "L3/") + neighborPort + "/" + neighborSubnet;
  }

  /** The key as UTF-8 bytes, encoded once: it is written twice into every push that carries it. */
  public ByteString keyUtf8() {
    ByteString b = keyUtf8;
    if (b == null) {
      b = ByteString.copyFromUtf8(key());
      keyUtf8 = b;
    }
    return b;
  }

  public static EntryKey vpc(String networkId) { return new EntryKey(ResourceType.VPC, networkId); }

  public static EntryKey subnet(String subnetId) { return new EntryKey(ResourceType.SUBNET, subnetId); }

  public static EntryKey port(String portId) { return new EntryKey(ResourceType.PORT, portId); }

  public static EntryKey dhcp(String portId) { return new EntryKey(ResourceType.DHCP, portId); }

  public static EntryKey securityGroup(String sgId) { return new EntryKey(ResourceType.SECURITYGROUP, sgId); }

  public static EntryKey router(String routerId) { return new EntryKey(ResourceType.ROUTER, routerId); }

  public static EntryKey l2Neighbor(String portId, String subnetId) { return new EntryKey(true, portId, subnetId); }

  public static EntryKey l3Neighbor(String portId, String subnetId) { return new EntryKey(false, portId, subnetId); }

  /** A neighbor key in "L2/port/subnet" or "L3/port/subnet" form (it has a port and a subnet). */
  public boolean isNeighborKey() { return neighborPort != null; }

  public boolean isL2Neighbor() { return neighborPort != null ? l2 : type == ResourceType.NEIGHBOR && key.startsWith("L2/"); }

  /** For neighbor keys: the port id. */
  public String neighborPort() { return neighborPort != null ? neighborPort : key.substring(3, key.indexOf('/', 3)); }

  /** For neighbor keys: the subnet id. */
  public String neighborSubnet() { return neighborSubnet != null ? neighborSubnet : key.substring(key.indexOf('/', 3) + 1); }

  @Override public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof EntryKey k) || hash != k.hash || type != k.type) return false;
    if (key != null) return key.equals(k.key);
    return k.key == null && l2 == k.l2 && neighborPort.equals(k.neighborPort) && neighborSubnet.equals(k.neighborSubnet);
  }

  @Override public int hashCode() { return hash; }

  @Override public String toString() { return type + ":" + key(); }
}
