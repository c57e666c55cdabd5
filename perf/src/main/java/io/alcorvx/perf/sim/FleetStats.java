package io.alcorvx.perf.sim;

/**
 * Where a fleet stands.
 *
 * @param hosts hosts in the fleet
 * @param connected hosts with an open stream
 * @param synced hosts holding a goal state of some epoch (received a FULL/DELTA or IN_SYNC)
 * @param minVersion smallest applied version over the synced hosts (0 when none)
 * @param maxVersion largest applied version
 * @param atMaxVersion synced hosts at {@code maxVersion}
 * @param entries entries held over all hosts
 * @param counters the hosts' counters, summed
 */
public record FleetStats(int hosts, int connected, int synced, long minVersion, long maxVersion, int atMaxVersion,
    long entries, HostCounters counters) {

  /** Sums the hosts' volatile progress fields (null slots are skipped). */
  public static FleetStats of(SimulatedHost[] hosts) {
    int n = 0;
    int connected = 0;
    int synced = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    int atMax = 0;
    long entries = 0;
    HostCounters sum = HostCounters.ZERO;
    for (SimulatedHost h : hosts) {
      if (h == null) continue;
      n++;
      if (h.connected()) connected++;
      long v = h.version();
      if (h.epoch() != 0) {
        synced++;
        if (v < min) min = v;
        if (v > max) {
          max = v;
          atMax = 1;
        } else if (v == max) {
          atMax++;
        }
      }
      entries += h.entryCount();
      sum = sum.plus(h.counters());
    }
    return new FleetStats(n, connected, synced, synced == 0 ? 0 : min, max, atMax, entries, sum);
  }
}
