package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Port;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Neighbor keys and entries by port, kept across compiles and FULL states.
 *
 * <p>In push mode one neighbor entry goes to every host of the port's L2/L3 domain, and a host
 * joining a subnet needs the entries of every port already there. Built per host, that is one
 * key string, one protobuf body and one encoding per (host, neighbor) pair: hosts × ports
 * objects for a VPC, which is what filled the heap with 10,000 hosts. Kept here, every host gets
 * the same {@link EntryKey} and the same {@link Entry} (so the gateway encodes it once).
 *
 * <p>A neighbor body is a function of the port's record and its host's record only (see
 * {@link Contents#neighbor}). Records are immutable and replaced on every change, so a cached
 * entry is valid exactly while both records it was built from are still the ones the view
 * returns: an identity check, no invalidation bookkeeping to get wrong. Deleted ports are
 * forgotten by the compiler.
 *
 * <p>Bounded: an entry costs about a kilobyte (keys, body, encoding), and a cloud with a million
 * push-mode ports must not hold all of them here on top of its model. Past {@link #MAX_PORTS} the
 * cache starts over; that only costs rebuilding (queued operations keep their own references, and
 * keys compare by value).
 *
 * <p>Not thread-safe: the compiler's (engine owner's) thread only.
 */
final class NeighborEntries {
  static final int MAX_PORTS = 1 << 17;

  private final Map<String, PortNeighbors> byPort = new HashMap<>();
  private final int maxPorts;

  NeighborEntries() { this(MAX_PORTS); }

  NeighborEntries(int maxPorts) { this.maxPorts = maxPorts; }

  /** One port's neighbor keys and entries, per subnet it has an address on. */
  private static final class PortNeighbors {
    String[] subnets = new String[0];
    EntryKey[] l2 = new EntryKey[0];
    EntryKey[] l3 = new EntryKey[0];
    Entry[] l2Entries = new Entry[0];
    Entry[] l3Entries = new Entry[0];
    /** The records the cached entries were built from (null before the first build). */
    Port port;
    Host host;

    int slot(String subnetId) {
      for (int i = 0; i < subnets.length; i++) if (subnets[i].equals(subnetId)) return i;
      return -1;
    }

    int addSlot(String portId, String subnetId) {
      int n = subnets.length;
      subnets = Arrays.copyOf(subnets, n + 1);
      l2 = Arrays.copyOf(l2, n + 1);
      l3 = Arrays.copyOf(l3, n + 1);
      l2Entries = Arrays.copyOf(l2Entries, n + 1);
      l3Entries = Arrays.copyOf(l3Entries, n + 1);
      subnets[n] = subnetId;
      l2[n] = EntryKey.l2Neighbor(portId, subnetId);
      l3[n] = EntryKey.l3Neighbor(portId, subnetId);
      return n;
    }
  }

  /** The one key object of a port's L2 or L3 neighbor entry on a subnet. */
  EntryKey key(String portId, String subnetId, boolean l2) {
    PortNeighbors p = slots(portId);
    int i = p.slot(subnetId);
    if (i < 0) i = p.addSlot(portId, subnetId);
    return l2 ? p.l2[i] : p.l3[i];
  }

  /** The neighbor entry for {@code key} as of {@code view} (null if the port has no address there). */
  Entry entry(View view, EntryKey key) {
    Port port = view.port(key.neighborPort());
    if (port == null) return null;
    Host host = port.isBound() ? view.host(port.hostKey()) : null;
    PortNeighbors p = slots(key.neighborPort());
    if (p.port != port || p.host != host) {
      Arrays.fill(p.l2Entries, null);
      Arrays.fill(p.l3Entries, null);
      p.port = port;
      p.host = host;
    }
    int i = p.slot(key.neighborSubnet());
    if (i < 0) i = p.addSlot(key.neighborPort(), key.neighborSubnet());
    boolean l2 = key.isL2Neighbor();
    Entry e = l2 ? p.l2Entries[i] : p.l3Entries[i];
    if (e != null) return e;
    e = Contents.of(view, l2 ? p.l2[i] : p.l3[i]);
    if (e == null) return null; // no address on that subnet: not cached (rare, cheap to redo)
    if (l2) p.l2Entries[i] = e;
    else p.l3Entries[i] = e;
    return e;
  }

  private PortNeighbors slots(String portId) {
    PortNeighbors p = byPort.get(portId);
    if (p == null) {
      if (byPort.size() >= maxPorts) byPort.clear();
      p = new PortNeighbors();
      byPort.put(portId, p);
    }
    return p;
  }

  /** A deleted port: its keys and entries go (operations already queued keep their own references). */
  void forget(String portId) { byPort.remove(portId); }

  /** Ports with cached keys or entries. */
  int size() { return byPort.size(); }
}
