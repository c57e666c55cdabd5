package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Port;
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
 * <p>What is kept lives as long as the port, so it is kept small: these objects are most of what a
 * push-mode port adds to the heap, and every young collection copies them until they are old. A
 * port has one slot per subnet it has an address on (nearly always one, held inline); its L3 key
 * exists only once a router makes it needed ({@code keep} in {@link #key}); and an
 * {@link Entry} keeps its body encoded.
 *
 * <p>Bounded: a million push-mode ports must not all be held here on top of the model. Past
 * {@link #MAX_PORTS} the cache starts over; that only costs rebuilding (queued operations keep
 * their own references, and keys compare by value).
 *
 * <p>Not thread-safe: the compiler's (engine owner's) thread only.
 */
final class NeighborEntries {
  static final int MAX_PORTS = 1 << 17;

  private final Map<String, PortNeighbors> byPort = new HashMap<>();
  private final int maxPorts;

  NeighborEntries() { this(MAX_PORTS); }

  NeighborEntries(int maxPorts) { this.maxPorts = maxPorts; }

  /** One subnet of a port: its keys and the entries built for them (null until needed). */
  private static final class Slot {
    final String subnet;
    final EntryKey l2;
    EntryKey l3;
    Entry l2Entry;
    Entry l3Entry;
    /** The port's next subnet, if it has addresses on several. */
    Slot next;

    Slot(String portId, String subnet) {
      this.subnet = subnet;
      this.l2 = EntryKey.l2Neighbor(portId, subnet);
    }
  }

  /** One port's slots, and the records the cached entries were built from (null before the first build). */
  private static final class PortNeighbors {
    Slot first;
    Port port;
    Host host;

    Slot slot(String portId, String subnetId) {
      Slot last = null;
      for (Slot s = first; s != null; s = s.next) {
        if (s.subnet.equals(subnetId)) return s;
        last = s;
      }
      Slot added = new Slot(portId, subnetId);
      if (last == null) first = added;
      else last.next = added;
      return added;
    }
  }

  /**
   * The key of a port's L2 or L3 neighbor entry on a subnet: the one cached object for L2 keys,
   * and for L3 keys when {@code keep} (a router joins the subnet to others, so hosts will hold
   * it) or once one is cached. Otherwise an L3 key is a fresh object that only lives through the
   * caller's evaluation: no host can hold the entry, so sharing it would only cost memory.
   */
  EntryKey key(String portId, String subnetId, boolean l2, boolean keep) {
    Slot s = slots(portId).slot(portId, subnetId);
    if (l2) return s.l2;
    if (s.l3 != null) return s.l3;
    EntryKey k = EntryKey.l3Neighbor(portId, subnetId);
    if (keep) s.l3 = k;
    return k;
  }

  /** The cached key object (L3 keys are kept; see {@link #key(String, String, boolean, boolean)}). */
  EntryKey key(String portId, String subnetId, boolean l2) { return key(portId, subnetId, l2, true); }

  /** The neighbor entry for {@code key} as of {@code view} (null if the port has no address there). */
  Entry entry(View view, EntryKey key) {
    Port port = view.port(key.neighborPort());
    if (port == null) return null;
    Host host = port.isBound() ? view.host(port.hostKey()) : null;
    PortNeighbors p = slots(key.neighborPort());
    if (p.port != port || p.host != host) {
      for (Slot s = p.first; s != null; s = s.next) {
        s.l2Entry = null;
        s.l3Entry = null;
      }
      p.port = port;
      p.host = host;
    }
    Slot s = p.slot(key.neighborPort(), key.neighborSubnet());
    boolean l2 = key.isL2Neighbor();
    Entry e = l2 ? s.l2Entry : s.l3Entry;
    if (e != null) return e;
    if (!l2 && s.l3 == null) s.l3 = key; // some host holds it after all: share this key from now on
    EntryKey shared = l2 ? s.l2 : s.l3;
    e = Contents.neighborEntry(shared, port, host);
    if (e == null) return null; // no address on that subnet: not cached (rare, cheap to redo)
    if (l2) s.l2Entry = e;
    else s.l3Entry = e;
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
