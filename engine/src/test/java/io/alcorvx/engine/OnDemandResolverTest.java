package io.alcorvx.engine;

import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.fixedIp;
import static io.alcorvx.engine.EngineFixture.ip;
import static io.alcorvx.engine.EngineFixture.ipOf;
import static io.alcorvx.engine.ondemand.OnDemandResolver.ICMP;
import static io.alcorvx.engine.ondemand.OnDemandResolver.TCP;
import static io.alcorvx.engine.ondemand.OnDemandResolver.UDP;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.DENIED_BY_DESTINATION_INGRESS;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.DENIED_BY_SOURCE_EGRESS;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.PORT_DOWN;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.ROUTABLE;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.SOURCE_NOT_ON_HOST;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.UNKNOWN_DESTINATION;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.UNKNOWN_NETWORK;
import static io.alcorvx.engine.ondemand.Resolution.Outcome.UNKNOWN_SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Command.DeleteSecurityGroupRule;
import io.alcorvx.engine.command.Command.RemoveRouterInterface;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.ondemand.OnDemandBatch;
import io.alcorvx.engine.ondemand.OnDemandResolver;
import io.alcorvx.engine.ondemand.Resolution;
import io.alcorvx.engine.ondemand.ResolverView;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborType;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OnDemandResolverTest {

  private final EngineFixture f = new EngineFixture();
  private final OnDemandResolver resolver = new OnDemandResolver(f.model());
  private final Network net = f.network();
  private final long vni = net.segmentationId();
  private final Subnet a = f.subnet(net.id(), "10.0.1.0/24");

  {
    f.host("h1", "node-1", "192.168.0.1");
    f.host("h2", "node-2", "192.168.0.2");
  }

  private final Port src = f.newPort(net.id()).host("h1").fixedIps(fixedIp(a.id(), "10.0.1.10")).create();
  private final Port dst = f.newPort(net.id()).host("h2").fixedIps(fixedIp(a.id(), "10.0.1.20")).create();

  private Resolution resolve(Port from, Port to, int protocol, int port) {
    return resolver.resolve(from.hostKey(), vni, ipOf(from), ipOf(to), protocol, port);
  }

  private Resolution resolve(Port from, String toIp, int protocol, int port) {
    return resolver.resolve(from.hostKey(), vni, ipOf(from), ip(toIp), protocol, port);
  }

  private static List<EntryKey> keys(List<Entry> entries) { return entries.stream().map(Entry::key).toList(); }

  @Nested
  class Layer2 {
    @Test
    void routableWithDefaultGroups() {
      Resolution r = resolve(src, dst, TCP, 22);
      assertEquals(ROUTABLE, r.outcome());
      assertTrue(r.routable());
      assertFalse(r.layer3());
      assertEquals(src.id(), r.source().id());
      assertEquals(dst.id(), r.destination().id());
      assertEquals(a.id(), r.sourceSubnetId());
      assertEquals(a.id(), r.destinationSubnetId());
      // default groups: members reach each other on any protocol, both ways
      assertEquals(ROUTABLE, resolve(src, dst, UDP, 53).outcome());
      assertEquals(ROUTABLE, resolve(src, dst, ICMP, 0).outcome());
      assertEquals(ROUTABLE, resolver.resolve("h2", vni, ipOf(dst), ipOf(src), TCP, 22).outcome());
    }

    @Test
    void unknownNetwork() {
      Resolution r = resolver.resolve("h1", vni + 1, ipOf(src), ipOf(dst), TCP, 22);
      assertEquals(UNKNOWN_NETWORK, r.outcome());
      assertFalse(r.routable());
      assertNull(r.source());
    }

    @Test
    void unknownSource() {
      assertEquals(UNKNOWN_SOURCE, resolver.resolve("h1", vni, ip("10.0.1.99"), ipOf(dst), TCP, 22).outcome());
      // an address of another network is unknown in this one
      Network other = f.network();
      f.subnet(other.id(), "10.0.1.0/24");
      Port elsewhere = f.newPort(other.id()).host("h1").fixedIps(fixedIp(f.model().subnetsOf(other.id()).iterator().next(), "10.0.1.77")).create();
      assertEquals(UNKNOWN_SOURCE, resolver.resolve("h1", vni, ipOf(elsewhere), ipOf(dst), TCP, 22).outcome());
    }

    @Test
    void sourceMustBeOnTheAskingHost() {
      Resolution r = resolver.resolve("h2", vni, ipOf(src), ipOf(dst), TCP, 22);
      assertEquals(SOURCE_NOT_ON_HOST, r.outcome());
      assertEquals(src.id(), r.source().id());
      assertEquals(ROUTABLE, resolver.resolve(null, vni, ipOf(src), ipOf(dst), TCP, 22).outcome(), "null skips the check");
    }

    @Test
    void unknownDestination() {
      assertEquals(UNKNOWN_DESTINATION, resolve(src, "10.0.1.99", TCP, 22).outcome());
      assertEquals(UNKNOWN_DESTINATION, resolve(src, "10.9.9.9", TCP, 22).outcome());
    }

    @Test
    void adminStateDownOnEitherEndIsPortDown() {
      f.updatePort(dst.id()).adminStateUp(false).apply();
      assertEquals(PORT_DOWN, resolve(src, dst, TCP, 22).outcome());
      f.updatePort(dst.id()).adminStateUp(true).apply();
      f.updatePort(src.id()).adminStateUp(false).apply();
      assertEquals(PORT_DOWN, resolve(f.model().port(src.id()), dst, TCP, 22).outcome());
    }

    @Test
    void ipv6() {
      Subnet v6 = f.subnet(net.id(), "fd00::/64");
      Port s6 = f.newPort(net.id()).host("h1").fixedIps(fixedIp(v6.id(), "fd00::10")).create();
      Port d6 = f.newPort(net.id()).host("h2").fixedIps(fixedIp(v6.id(), "fd00::20")).create();
      Resolution r = resolver.resolve("h1", vni, ip("fd00::10"), ip("fd00::20"), TCP, 22);
      assertEquals(ROUTABLE, r.outcome());
      assertEquals(d6.id(), r.destination().id());
      assertEquals(v6.id(), r.destinationSubnetId());
      assertEquals(s6.id(), r.source().id());
    }
  }

  @Nested
  class Layer3 {
    private final Subnet b = f.subnet(net.id(), "10.0.2.0/24");
    private final Port far = f.newPort(net.id()).host("h2").fixedIps(fixedIp(b.id(), "10.0.2.30")).create();
    private final Router router = f.router();

    @Test
    void anotherSubnetNotJoinedByARouterIsUnknown() {
      assertEquals(UNKNOWN_DESTINATION, resolve(src, far, TCP, 22).outcome());
      f.addInterface(router.id(), a.id());
      assertEquals(UNKNOWN_DESTINATION, resolve(src, far, TCP, 22).outcome(), "only one side joined");
    }

    @Test
    void anotherSubnetJoinedByARouterIsRoutable() {
      f.addInterface(router.id(), a.id());
      f.addInterface(router.id(), b.id());
      Resolution r = resolve(src, far, TCP, 22);
      assertEquals(ROUTABLE, r.outcome());
      assertTrue(r.layer3());
      assertEquals(far.id(), r.destination().id());
      assertEquals(a.id(), r.sourceSubnetId());
      assertEquals(b.id(), r.destinationSubnetId());
      f.apply(new RemoveRouterInterface(P1, router.id(), b.id(), null));
      assertEquals(UNKNOWN_DESTINATION, resolve(src, far, TCP, 22).outcome());
    }

    @Test
    void aSubnetOfAnotherNetworkJoinedByARouterIsRoutable() {
      Network other = f.network();
      Subnet c = f.subnet(other.id(), "10.0.3.0/24");
      Port remote = f.newPort(other.id()).host("h2").fixedIps(fixedIp(c.id(), "10.0.3.40")).create();
      assertEquals(UNKNOWN_DESTINATION, resolve(src, remote, TCP, 22).outcome());
      f.addInterface(router.id(), a.id());
      f.addInterface(router.id(), c.id());
      Resolution r = resolve(src, remote, TCP, 22);
      assertEquals(ROUTABLE, r.outcome());
      assertTrue(r.layer3());
      assertEquals(remote.id(), r.destination().id());
      assertEquals(c.id(), r.destinationSubnetId());
      assertEquals(UNKNOWN_DESTINATION, resolve(src, "10.0.3.99", TCP, 22).outcome());
    }

    @Test
    void anUnjoinedSubnetOfTheSameNetworkDoesNotHideAJoinedOne() {
      // b (10.0.2.0/24, this network) is not on the router; d (10.0.2.0/24, another network) is.
      Network other = f.network();
      Subnet d = f.subnet(other.id(), "10.0.2.0/24");
      Port behindRouter = f.newPort(other.id()).host("h2").fixedIps(fixedIp(d.id(), "10.0.2.30")).create();
      f.addInterface(router.id(), a.id());
      f.addInterface(router.id(), d.id());
      Resolution r = resolve(src, "10.0.2.30", TCP, 22);
      assertEquals(ROUTABLE, r.outcome());
      assertEquals(behindRouter.id(), r.destination().id());
      assertEquals(d.id(), r.destinationSubnetId());
      assertTrue(r.layer3());
    }

    @Test
    void statesForALayer3AnswerNameTheL3NeighborSubnetAndRouter() {
      f.addInterface(router.id(), a.id());
      f.addInterface(router.id(), b.id());
      List<Entry> states = resolver.statesFor(resolve(src, far, TCP, 22));
      assertEquals(List.of(EntryKey.l3Neighbor(far.id(), b.id()), EntryKey.subnet(b.id()), EntryKey.router(router.id())), keys(states));
      NeighborConfiguration n = (NeighborConfiguration) states.get(0).configuration();
      assertEquals(NeighborType.L3, n.getFixedIps(0).getNeighborType());
      assertEquals("10.0.2.30", n.getFixedIps(0).getIpAddress());
    }
  }

  @Nested
  class States {
    @Test
    void layer2AnswerCarriesTheNeighborAndItsSubnet() {
      List<Entry> states = resolver.statesFor(resolve(src, dst, TCP, 22));
      assertEquals(List.of(EntryKey.l2Neighbor(dst.id(), a.id()), EntryKey.subnet(a.id())), keys(states));
      NeighborConfiguration n = (NeighborConfiguration) states.get(0).configuration();
      assertEquals(dst.id(), n.getId());
      assertEquals(NeighborType.L2, n.getFixedIps(0).getNeighborType());
      assertEquals("10.0.1.20", n.getFixedIps(0).getIpAddress());
      assertEquals("192.168.0.2", n.getHostIpAddress());
      assertEquals(EngineFixture.mac(dst), n.getMacAddress());
    }

    @Test
    void notRoutableGivesNoStates() {
      assertTrue(resolver.statesFor(resolve(src, "10.0.1.99", TCP, 22)).isEmpty());
    }
  }

  @Nested
  class SecurityGroups {
    private final SecurityGroup web = f.securityGroup("web");

    @Test
    void ingressTcpRangeAllowsOnlyThosePorts() {
      f.newRule(web.id()).tcp(80, 81).prefix("0.0.0.0/0").create();
      Port server = f.newPort(net.id()).host("h2").securityGroups(web.id()).create();
      assertEquals(ROUTABLE, resolve(src, server, TCP, 80).outcome());
      assertEquals(ROUTABLE, resolve(src, server, TCP, 81).outcome());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(src, server, TCP, 79).outcome());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(src, server, TCP, 82).outcome());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(src, server, UDP, 80).outcome());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(src, server, ICMP, 0).outcome());
    }

    @Test
    void remotePrefixLimitsTheSource() {
      f.newRule(web.id()).tcp(80, 80).prefix("10.0.1.0/28").create();
      Port server = f.newPort(net.id()).host("h2").securityGroups(web.id()).create();
      Port outside = f.newPort(net.id()).host("h1").fixedIps(fixedIp(a.id(), "10.0.1.100")).create();
      assertEquals(ROUTABLE, resolve(src, server, TCP, 80).outcome()); // 10.0.1.10 is inside /28
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(outside, server, TCP, 80).outcome());
    }

    @Test
    void remoteGroupRuleAdmitsOnlyMembers() {
      SecurityGroup db = f.securityGroup("db");
      f.newRule(db.id()).tcp(5432, 5432).remoteGroup(web.id()).create();
      Port database = f.newPort(net.id()).host("h2").securityGroups(db.id()).create();
      Port app = f.newPort(net.id()).host("h1").securityGroups(web.id()).create();
      assertEquals(ROUTABLE, resolve(app, database, TCP, 5432).outcome());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(app, database, TCP, 5433).outcome());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(src, database, TCP, 5432).outcome(), "src is only in default");
      // joining the group opens the way
      f.updatePort(src.id()).securityGroups(f.model().defaultSecurityGroupOf("p1"), web.id()).apply();
      assertEquals(ROUTABLE, resolve(f.model().port(src.id()), database, TCP, 5432).outcome());
    }

    @Test
    void sourceEgressIsCheckedToo() {
      for (SecurityGroupRule r : web.rules()) f.apply(new DeleteSecurityGroupRule(P1, r.id()));
      Port mute = f.newPort(net.id()).host("h1").securityGroups(web.id()).create();
      Port open = f.newPort(net.id()).host("h2").securityGroups().create();
      assertEquals(DENIED_BY_SOURCE_EGRESS, resolve(mute, open, TCP, 22).outcome());
      f.newRule(web.id()).egress().tcp(22, 22).create();
      assertEquals(ROUTABLE, resolve(mute, open, TCP, 22).outcome());
      assertEquals(DENIED_BY_SOURCE_EGRESS, resolve(mute, open, TCP, 23).outcome());
    }

    @Test
    void portsWithoutGroupsAreNotFiltered() {
      Port open = f.newPort(net.id()).host("h2").securityGroups().create();
      Port client = f.newPort(net.id()).host("h1").securityGroups().create();
      assertEquals(ROUTABLE, resolve(client, open, UDP, 9999).outcome());
      // default-group members accept only members: a port without groups is not one
      assertEquals(DENIED_BY_DESTINATION_INGRESS, resolve(client, dst, TCP, 22).outcome());
    }
  }

  @Test
  void answersDoNotDependOnVpcSize() {
    // The same question in a VPC of 100 ports and one of 20,000: the same answer. (Cost is
    // measured by the JMH benchmarks; here only correctness at scale.)
    for (int size : new int[] {100, 20_000}) {
      EngineFixture big = new EngineFixture();
      Network n = big.apply(EngineFixture.createNetwork(P1, null, null, FanoutPolicy.ON_DEMAND));
      Subnet s = big.subnet(n.id(), "10.0.0.0/16");
      Subnet other = big.subnet(n.id(), "10.1.0.0/16");
      big.host("h1", "node-1", "192.168.0.1");
      for (int i = 0; i < size - 3; i++) big.newPort(n.id()).host("h" + (i % 50)).create();
      Port from = big.newPort(n.id()).host("h1").fixedIps(fixedIp(s.id(), "10.0.255.1")).create();
      Port to = big.newPort(n.id()).host("h2").fixedIps(fixedIp(s.id(), "10.0.255.2")).create();
      Port across = big.newPort(n.id()).host("h3").fixedIps(fixedIp(other.id(), "10.1.0.9")).create();
      assertEquals(size, big.model().portCount(n.id()));
      OnDemandResolver r = new OnDemandResolver(big.model());
      long v = n.segmentationId();

      Resolution ok = r.resolve("h1", v, ip("10.0.255.1"), ip("10.0.255.2"), TCP, 443);
      assertEquals(ROUTABLE, ok.outcome(), "size " + size);
      assertEquals(to.id(), ok.destination().id());
      assertEquals(List.of(EntryKey.l2Neighbor(to.id(), s.id()), EntryKey.subnet(s.id())), keys(r.statesFor(ok)));
      assertEquals(UNKNOWN_DESTINATION, r.resolve("h1", v, ip("10.0.255.1"), ip("10.0.255.3"), TCP, 443).outcome());
      assertEquals(UNKNOWN_DESTINATION, r.resolve("h1", v, ip("10.0.255.1"), ipOf(across), TCP, 443).outcome());
      assertEquals(SOURCE_NOT_ON_HOST, r.resolve("h2", v, ip("10.0.255.1"), ip("10.0.255.2"), TCP, 443).outcome());
      assertEquals(from.id(), r.resolve("h1", v, ip("10.0.255.1"), ip("10.0.255.2"), UDP, 53).source().id());
      // every port of the big VPC answers for its own address
      Port some = big.model().port(big.model().portsOfSubnet(s.id()).iterator().next());
      assertEquals(some.id(), big.model().portByVniIp(v, ipOf(some)).id());
    }
  }

  @Nested
  class Batches {
    private final SecurityGroup mute = f.securityGroup("mute");

    {
      for (SecurityGroupRule r : mute.rules()) f.apply(new DeleteSecurityGroupRule(P1, r.id()));
    }

    private final Port silent = f.newPort(net.id()).host("h1").securityGroups(mute.id()).create();
    private final Port open = f.newPort(net.id()).host("h1").securityGroups().create();
    private final Port down = f.newPort(net.id()).host("h2").create();

    @Test
    void aBatchAnswersEveryRequestAsItWouldAloneWhateverTheOutcome() {
      f.updatePort(down.id()).adminStateUp(false).apply();
      Subnet b = f.subnet(net.id(), "10.0.2.0/24");
      Port far = f.newPort(net.id()).host("h2").fixedIps(fixedIp(b.id(), "10.0.2.30")).create();
      Router router = f.router();
      f.addInterface(router.id(), a.id());
      f.addInterface(router.id(), b.id());
      Port v6 = f.newPort(net.id()).host("h2").fixedIps(fixedIp(f.subnet(net.id(), "fd00::/64").id(), "fd00::20")).create();
      Port v6src = f.newPort(net.id()).host("h1").fixedIps(fixedIp(f.model().port(v6.id()).fixedIps().get(0).subnetId(), "fd00::10")).create();

      long[] vnis = {vni, vni + 1, vni, vni, vni, vni, vni, vni, vni, vni};
      IpAddress[][] ends = {
          {ipOf(src), ipOf(dst)}, // routable, layer 2
          {ipOf(src), ipOf(dst)}, // unknown network
          {ip("10.0.1.99"), ipOf(dst)}, // unknown source
          {ipOf(dst), ipOf(src)}, // the source is on h2, not on the asking h1
          {ipOf(src), ip("10.0.1.99")}, // unknown destination
          {ipOf(src), ipOf(down)}, // port down
          {ipOf(silent), ipOf(dst)}, // no egress rule on the source
          {ipOf(open), ipOf(dst)}, // not a member of dst's default group
          {ipOf(src), ipOf(far)}, // routable, layer 3
          {ipOf(v6src), ipOf(v6)}, // routable, IPv6
      };
      OnDemandBatch batch = new OnDemandBatch(2); // and grows
      for (int i = 0; i < ends.length; i++) batch.add(vnis[i], ends[i][0], ends[i][1], TCP, 22);
      resolver.resolve("h1", batch);

      List<Resolution.Outcome> expected = List.of(ROUTABLE, UNKNOWN_NETWORK, UNKNOWN_SOURCE, SOURCE_NOT_ON_HOST,
          UNKNOWN_DESTINATION, PORT_DOWN, DENIED_BY_SOURCE_EGRESS, DENIED_BY_DESTINATION_INGRESS, ROUTABLE, ROUTABLE);
      assertEquals(ends.length, batch.size());
      for (int i = 0; i < ends.length; i++) {
        assertNull(batch.error(i));
        assertEquals(expected.get(i), batch.resolution(i).outcome(), "request " + i);
        assertEquals(resolver.resolve("h1", vnis[i], ends[i][0], ends[i][1], TCP, 22), batch.resolution(i), "request " + i);
      }
      assertTrue(batch.resolution(8).layer3());
      assertEquals(far.id(), batch.resolution(8).destination().id());
    }

    @Test
    void aRequestThatFailsInsideTheEngineFailsAloneInItsBatch() {
      IpAddress poisoned = ipOf(dst);
      ResolverView broken = new ResolverView() {
        @Override public Network networkByVni(long v) { return f.model().networkByVni(v); }
        @Override public Port portByVniIp(long v, IpAddress ip) {
          if (ip.equals(poisoned)) throw new IllegalStateException("index and port disagree");
          return f.model().portByVniIp(v, ip);
        }
        @Override public java.util.Set<String> routersOfSubnet(String subnetId) { return f.model().routersOfSubnet(subnetId); }
        @Override public Network network(String id) { return f.model().network(id); }
        @Override public Subnet subnet(String id) { return f.model().subnet(id); }
        @Override public Port port(String id) { return f.model().port(id); }
        @Override public Router router(String id) { return f.model().router(id); }
        @Override public SecurityGroup securityGroup(String id) { return f.model().securityGroup(id); }
        @Override public io.alcorvx.engine.model.Host host(String id) { return f.model().host(id); }
      };
      OnDemandResolver r = new OnDemandResolver(broken);
      OnDemandBatch batch = new OnDemandBatch(3);
      batch.add(vni, ipOf(src), ipOf(open), TCP, 22);
      batch.add(vni, ipOf(src), poisoned, TCP, 22);
      batch.add(vni, ipOf(open), ipOf(src), TCP, 22);
      r.resolve("h1", batch);
      assertEquals(ROUTABLE, batch.resolution(0).outcome());
      assertNull(batch.resolution(1));
      assertEquals("index and port disagree", batch.error(1).getMessage());
      assertEquals(DENIED_BY_DESTINATION_INGRESS, batch.resolution(2).outcome());
    }
  }
}
