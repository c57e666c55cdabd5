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
 */
public final class EntryKey {
  private final ResourceType type;
  private final String key;
  private final String neighborPort;
  private final String neighborSubnet;
  private final int hash;
  private volatile ByteString keyUtf8; // benign race: any thread computes the same bytes

  public EntryKey(ResourceType type, String key) { this(type, key, null, null); }

  private EntryKey(ResourceType type, String key, String neighborPort, String neighborSubnet) {
    this.type = type;
    this.key = key;
    this.neighborPort = neighborPort;
    this.neighborSubnet = neighborSubnet;
    this.hash = 31 * type.hashCode() + key.hashCode();
  }

  public ResourceType type() { return type; }

  public String key() { return key; }

  /** The key as UTF-8 bytes, encoded once: it is written twice into every push that carries it. */
  public ByteString keyUtf8() {
    ByteString b = keyUtf8;
    if (b == null) {
      b = ByteString.copyFromUtf8(key);
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

  public static EntryKey l2Neighbor(String portId, String subnetId) {
    return new EntryKey(ResourceType.NEIGHBOR, "L2/" + portId + "/" + subnetId, portId, subnetId);
  }

  public static EntryKey l3Neighbor(String portId, String subnetId) {
    return new EntryKey(ResourceType.NEIGHBOR, "L3/" + portId + "/" + subnetId, portId, subnetId);
  }

  public boolean isL2Neighbor() { return type == ResourceType.NEIGHBOR && key.startsWith("L2/"); }

  /** For neighbor keys: the port id. */
  public String neighborPort() { return neighborPort != null ? neighborPort : key.substring(3, key.indexOf('/', 3)); }

  /** For neighbor keys: the subnet id. */
  public String neighborSubnet() { return neighborSubnet != null ? neighborSubnet : key.substring(key.indexOf('/', 3) + 1); }

  @Override public boolean equals(Object o) {
    return this == o || (o instanceof EntryKey k && hash == k.hash && type == k.type && key.equals(k.key));
  }

  @Override public int hashCode() { return hash; }

  @Override public String toString() { return type + ":" + key; }
}
