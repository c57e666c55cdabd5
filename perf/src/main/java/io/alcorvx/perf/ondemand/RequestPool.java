package io.alcorvx.perf.ondemand;

import io.alcorvx.proto.EtherType;
import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.Protocol;
import io.alcorvx.proto.RequestType;
import io.alcorvx.proto.ResourceStateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Pre-built on-demand calls: each is one asking host and a {@code HostRequest} of {@code batch}
 * (source = a port of that host, destination = a random other port of the VPC) flows, TCP to port
 * 80, tunnel id = the VPC's VNI. Built once from a seed, serialized once, cycled through by the
 * driver, so the load generator spends its CPU on the wire and not on building messages. Pure.
 */
public final class RequestPool {

  /** The ports of the VPC: parallel arrays of IPv4 address and bound host. */
  public record Ports(List<String> ips, List<String> hosts) {
    public Ports {
      if (ips.size() != hosts.size()) throw new IllegalArgumentException("ips and hosts differ in length");
      if (ips.size() < 2) throw new IllegalArgumentException("need at least two ports");
    }

    public int size() { return ips.size(); }
  }

  /** One call: who asks, what is asked (also serialized), and the destination IP of each flow in order. */
  public record Call(String host, HostRequest request, byte[] bytes, String[] destinations) {}

  private final Call[] calls;

  private RequestPool(Call[] calls) { this.calls = calls; }

  /**
   * @param ports the VPC's ports
   * @param vni the VPC's segmentation id (ResourceStateRequest.tunnel_id)
   * @param batch flows per call
   * @param size calls in the pool
   * @param seed random seed
   */
  public static RequestPool build(Ports ports, long vni, int batch, int size, long seed) {
    if (batch < 1 || size < 1) throw new IllegalArgumentException("batch and size must be > 0");
    // index the ports by host
    java.util.LinkedHashMap<String, List<Integer>> byHost = new java.util.LinkedHashMap<>();
    for (int i = 0; i < ports.size(); i++) {
      String h = Objects.requireNonNull(ports.hosts().get(i), "host of port " + i);
      byHost.computeIfAbsent(h, k -> new ArrayList<>()).add(i);
    }
    List<String> hostIds = new ArrayList<>(byHost.keySet());
    SplittableRandom rnd = new SplittableRandom(seed);
    Call[] calls = new Call[size];
    long seq = 0;
    for (int c = 0; c < size; c++) {
      String host = hostIds.get(c % hostIds.size());
      List<Integer> own = byHost.get(host);
      HostRequest.Builder b = HostRequest.newBuilder().setFormatVersion(1);
      String[] dsts = new String[batch];
      for (int k = 0; k < batch; k++) {
        int src = own.get(rnd.nextInt(own.size()));
        int dst;
        do {
          dst = rnd.nextInt(ports.size());
        } while (dst == src);
        dsts[k] = ports.ips().get(dst);
        b.addStateRequests(ResourceStateRequest.newBuilder()
            .setRequestType(RequestType.ON_DEMAND)
            .setRequestId(Long.toString(seq++, 36))
            .setTunnelId((int) vni)
            .setSourceIp(ports.ips().get(src))
            .setSourcePort(40000 + (int) (seq % 20000))
            .setDestinationIp(dsts[k])
            .setDestinationPort(80)
            .setEthertype(EtherType.IPV4)
            .setProtocol(Protocol.TCP));
      }
      HostRequest req = b.build();
      calls[c] = new Call(host, req, req.toByteArray(), dsts);
    }
    return new RequestPool(calls);
  }

  public int size() { return calls.length; }

  /** Call {@code i} modulo the pool size. */
  public Call call(long i) { return calls[(int) Math.floorMod(i, (long) calls.length)]; }
}
