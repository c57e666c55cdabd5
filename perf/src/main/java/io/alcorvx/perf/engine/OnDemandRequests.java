package io.alcorvx.perf.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.ondemand.OnDemandBatch;
import io.alcorvx.engine.ondemand.OnDemandResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pre-built on-demand requests as agents send them, shared by {@link OnDemandResolveBenchmark} and
 * {@link OnDemandBandProbe}: batches of {@link #BATCH}, each asked by one host of a VPC about
 * flows from its own ports to random other ports of that VPC, TCP to port 80. Addresses and
 * asking-host names are pre-parsed, distinct objects per request, as a gateway hands them over
 * after decoding.
 */
final class OnDemandRequests {
  static final int BATCH = 64;

  final String[] host;
  private final long[] vni;
  private final IpAddress[] src;
  private final IpAddress[] dst;

  private OnDemandRequests(int batches) {
    host = new String[batches];
    vni = new long[batches * BATCH];
    src = new IpAddress[batches * BATCH];
    dst = new IpAddress[batches * BATCH];
  }

  /** {@code batches} batches, each in a VPC of {@code byVpc} picked at random (each VPC's ports bound to hosts). */
  static OnDemandRequests build(Engine engine, List<List<Port>> byVpc, int batches, Random rnd) {
    List<Map<String, List<Port>>> byHost = new ArrayList<>();
    for (List<Port> vpc : byVpc) {
      Map<String, List<Port>> m = new HashMap<>();
      for (Port p : vpc) m.computeIfAbsent(p.hostKey(), h -> new ArrayList<>()).add(p);
      byHost.add(m);
    }
    OnDemandRequests r = new OnDemandRequests(batches);
    for (int b = 0; b < batches; b++) {
      int v = rnd.nextInt(byVpc.size());
      List<Port> vpc = byVpc.get(v);
      String host = vpc.get(rnd.nextInt(vpc.size())).hostKey();
      List<Port> local = byHost.get(v).get(host);
      r.host[b] = new String(host.toCharArray());
      for (int j = 0; j < BATCH; j++) {
        int k = b * BATCH + j;
        Port a = local.get(rnd.nextInt(local.size()));
        Port d;
        do d = vpc.get(rnd.nextInt(vpc.size())); while (d == a);
        r.vni[k] = engine.model().network(a.networkId()).segmentationId();
        r.src[k] = IpAddress.parse(a.fixedIps().get(0).ipAddress().toString());
        r.dst[k] = IpAddress.parse(d.fixedIps().get(0).ipAddress().toString());
      }
    }
    return r;
  }

  int batches() { return host.length; }

  /**
   * A new batch holding batch {@code b}'s requests: made per call, as the gateway makes one per
   * request (storing references into a young object costs G1 far less than into an old one).
   */
  OnDemandBatch batch(int b) {
    OnDemandBatch q = new OnDemandBatch(BATCH);
    for (int j = 0, k = b * BATCH; j < BATCH; j++, k++) q.add(vni[k], src[k], dst[k], OnDemandResolver.TCP, 80);
    return q;
  }

  /** Batch {@code b} resolved by {@code resolver}, asked by its host. */
  OnDemandBatch resolve(OnDemandResolver resolver, int b) {
    OnDemandBatch q = batch(b);
    resolver.resolve(host[b], q);
    return q;
  }

  /** Throws unless every request of every batch resolves routable (else a measurement would time refusals). */
  void checkAllRoutable(OnDemandResolver resolver, String what) {
    for (int b = 0; b < batches(); b++) {
      OnDemandBatch q = resolve(resolver, b);
      for (int j = 0; j < BATCH; j++) {
        if (q.resolution(j) == null || !q.resolution(j).routable()) {
          throw new IllegalStateException(what + " batch " + b + " request " + j + " resolved to " + q.resolution(j));
        }
      }
    }
  }

  /**
   * What the gateway does with a resolved batch short of protobuf and the network: its replies
   * warmed, each answer's states found, and each state's reply bytes copied into {@code scratch}
   * (from the start again when it is full). Returns where the copying stopped.
   */
  static int copyReplies(OnDemandResolver resolver, OnDemandBatch q, byte[] scratch) {
    resolver.warmReplies(q);
    int at = 0;
    for (int j = 0; j < q.size(); j++) {
      for (Entry e : resolver.statesFor(q.resolution(j))) {
        byte[] wire = e.replyWire();
        if (at + wire.length > scratch.length) at = 0;
        System.arraycopy(wire, 0, scratch, at, wire.length);
        at += wire.length;
      }
    }
    return at;
  }
}
