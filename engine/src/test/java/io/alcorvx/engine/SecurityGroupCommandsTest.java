package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.FORBIDDEN;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.P2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Command.CreateSecurityGroup;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.DeleteSecurityGroup;
import io.alcorvx.engine.command.Command.DeleteSecurityGroupRule;
import io.alcorvx.engine.command.Command.UpdateSecurityGroup;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.SecurityGroupRule.Direction;
import io.alcorvx.engine.model.SecurityGroupRule.EtherType;
import io.alcorvx.engine.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SecurityGroupCommandsTest {

  private final EngineFixture f = new EngineFixture();
  private final SecurityGroup web = f.securityGroup("web");

  private SecurityGroup current(SecurityGroup g) { return f.model().securityGroup(g.id()); }

  @Test
  void newGroupAllowsAllEgress() {
    assertEquals("p1", web.projectId());
    assertEquals(2, web.rules().size());
    for (SecurityGroupRule r : web.rules()) {
      assertEquals(Direction.EGRESS, r.direction());
      assertNull(r.protocol());
      assertNull(r.remoteIpPrefix());
      assertNull(r.remoteGroupId());
      assertEquals(web.id(), f.model().securityGroupOfRule(r.id()));
    }
    assertEquals(List.of(EtherType.IPV4, EtherType.IPV6), web.rules().stream().map(SecurityGroupRule::ethertype).toList());
  }

  @Nested
  class RuleValidation {
    @Test
    void acceptedRuleIsStoredAsANewRevision() {
      SecurityGroupRule r = f.newRule(web.id()).tcp(22, 22).prefix("10.0.0.0/8").create();
      assertEquals(Direction.INGRESS, r.direction());
      assertEquals(EtherType.IPV4, r.ethertype());
      assertEquals("tcp", r.protocol());
      assertEquals(22, r.portRangeMin());
      assertEquals(22, r.portRangeMax());
      assertEquals(Cidr.parse("10.0.0.0/8"), r.remoteIpPrefix());
      assertEquals(3, current(web).rules().size());
      assertEquals(2, current(web).revision());
      assertEquals(web.id(), f.model().securityGroupOfRule(r.id()));
    }

    @Test
    void direction() {
      f.newRule(web.id()).direction("sideways").refused(BAD_REQUEST, "InvalidInput");
      f.newRule(web.id()).direction(null).refused(BAD_REQUEST, "InvalidInput");
      assertEquals(Direction.EGRESS, f.newRule(web.id()).direction("EGRESS").protocol("udp").create().direction());
    }

    @Test
    void ethertype() {
      f.newRule(web.id()).ethertype("IPv5").refused(BAD_REQUEST, "InvalidInput");
      f.newRule(web.id()).ethertype("ipv4").refused(BAD_REQUEST, "InvalidInput");
      assertEquals(EtherType.IPV6, f.newRule(web.id()).ethertype("IPv6").protocol("tcp").create().ethertype());
    }

    @Test
    void protocolNamesAndNumbers() {
      assertEquals("tcp", f.newRule(web.id()).protocol("TCP").create().protocol());
      assertEquals("udp", f.newRule(web.id()).protocol("udp").create().protocol());
      assertEquals("icmp", f.newRule(web.id()).protocol("icmp").create().protocol());
      assertEquals("icmpv6", f.newRule(web.id()).ethertype("IPv6").protocol("ipv6-icmp").create().protocol());
      assertEquals("sctp", f.newRule(web.id()).protocol("sctp").create().protocol());
      assertEquals("47", f.newRule(web.id()).protocol("47").create().protocol());
      assertEquals("0", f.newRule(web.id()).protocol("0").create().protocol());
      assertNull(f.newRule(web.id()).protocol("any").egress().ethertype("IPv4").prefix("10.0.0.0/8").create().protocol());
      f.newRule(web.id()).protocol("256").refused(BAD_REQUEST, "SecurityGroupRuleInvalidProtocol");
      f.newRule(web.id()).protocol("-1").refused(BAD_REQUEST, "SecurityGroupRuleInvalidProtocol");
      f.newRule(web.id()).protocol("gre-ish").refused(BAD_REQUEST, "SecurityGroupRuleInvalidProtocol");
    }

    @Test
    void portRanges() {
      f.newRule(web.id()).tcp(1, 65535).create();
      f.newRule(web.id()).protocol("6").ports(80, 80).create();
      f.newRule(web.id()).tcp(0, 10).refused(BAD_REQUEST, "SecurityGroupInvalidPortRange");
      f.newRule(web.id()).tcp(10, 65536).refused(BAD_REQUEST, "SecurityGroupInvalidPortRange");
      f.newRule(web.id()).tcp(443, 80).refused(BAD_REQUEST, "SecurityGroupInvalidPortRange");
      f.newRule(web.id()).protocol("udp").ports(53, null).refused(BAD_REQUEST, "SecurityGroupInvalidPortRange");
      f.newRule(web.id()).protocol("udp").ports(null, 53).refused(BAD_REQUEST, "SecurityGroupInvalidPortRange");
    }

    @Test
    void portsWithoutProtocolOrWithAPortlessProtocol() {
      f.newRule(web.id()).ports(80, 80).refused(BAD_REQUEST, "InvalidInput");
      f.newRule(web.id()).protocol("47").ports(80, 80).refused(BAD_REQUEST, "InvalidInput");
    }

    @Test
    void icmpTypeAndCode() {
      SecurityGroupRule echo = f.newRule(web.id()).protocol("icmp").ports(8, 0).create();
      assertEquals(8, echo.portRangeMin());
      assertEquals(0, echo.portRangeMax());
      f.newRule(web.id()).protocol("icmp").ports(3, null).create();
      f.newRule(web.id()).protocol("icmp").ports(256, 0).refused(BAD_REQUEST, "SecurityGroupInvalidIcmpValue");
      f.newRule(web.id()).protocol("icmp").ports(8, 256).refused(BAD_REQUEST, "SecurityGroupInvalidIcmpValue");
      f.newRule(web.id()).protocol("icmp").ports(-1, 0).refused(BAD_REQUEST, "SecurityGroupInvalidIcmpValue");
      f.newRule(web.id()).protocol("icmp").ports(null, 0).refused(BAD_REQUEST, "InvalidInput");
    }

    @Test
    void remotePrefixMustMatchTheEthertype() {
      f.newRule(web.id()).prefix("fd00::/64").refused(BAD_REQUEST, "InvalidInput");
      f.newRule(web.id()).ethertype("IPv6").prefix("10.0.0.0/8").refused(BAD_REQUEST, "InvalidInput");
      f.newRule(web.id()).prefix("10.0.0.0/99").refused(BAD_REQUEST, "InvalidInput");
      // host bits are accepted and cleared, like Neutron
      assertEquals(Cidr.parse("10.1.0.0/16"), f.newRule(web.id()).prefix("10.1.2.3/16").create().remoteIpPrefix());
    }

    @Test
    void remotePrefixAndRemoteGroupTogetherAreRefused() {
      f.newRule(web.id()).prefix("10.0.0.0/8").remoteGroup(web.id()).refused(BAD_REQUEST, "InvalidInput");
    }

    @Test
    void remoteGroupMustExistAndBeVisible() {
      f.newRule(web.id()).remoteGroup("nope").refused(NOT_FOUND, "SecurityGroupNotFound");
      SecurityGroup theirs = f.securityGroup(P2, "theirs");
      f.newRule(web.id()).remoteGroup(theirs.id()).refused(NOT_FOUND, "SecurityGroupNotFound");
      assertEquals(web.id(), f.newRule(web.id()).remoteGroup(web.id()).create().remoteGroupId());
    }

    @Test
    void duplicateRuleConflicts() {
      SecurityGroupRule first = f.newRule(web.id()).tcp(80, 80).prefix("0.0.0.0/0").create();
      EngineException e = f.newRule(web.id()).tcp(80, 80).prefix("0.0.0.0/0").refused(CONFLICT, "SecurityGroupRuleExists");
      assertTrue(e.getMessage().contains(first.id()), e.getMessage());
      // the built-in egress rules count too
      f.newRule(web.id()).egress().refused(CONFLICT, "SecurityGroupRuleExists");
      // a different match is not a duplicate
      f.newRule(web.id()).tcp(80, 81).prefix("0.0.0.0/0").create();
    }

    @Test
    void unknownOrForeignGroupIsNotFound() {
      f.newRule("nope").refused(NOT_FOUND, "SecurityGroupNotFound");
      f.newRule(web.id()).by(P2).refused(NOT_FOUND, "SecurityGroupNotFound");
    }
  }

  @Nested
  class Rules {
    @Test
    void deleteRule() {
      SecurityGroupRule r = f.newRule(web.id()).tcp(22, 22).create();
      f.apply(new DeleteSecurityGroupRule(P1, r.id()));
      assertEquals(2, current(web).rules().size());
      assertNull(f.model().securityGroupOfRule(r.id()));
      f.refused(new DeleteSecurityGroupRule(P1, r.id()), NOT_FOUND, "SecurityGroupRuleNotFound");
      // and it may be created again
      f.newRule(web.id()).tcp(22, 22).create();
    }

    @Test
    void foreignRuleIsNotFound() {
      SecurityGroupRule r = f.newRule(web.id()).tcp(22, 22).create();
      f.refused(new DeleteSecurityGroupRule(P2, r.id()), NOT_FOUND, "SecurityGroupRuleNotFound");
    }
  }

  @Nested
  class Delete {
    @Test
    void inUseIsSecurityGroupInUse() {
      Network n = f.network();
      f.subnet(n.id(), "10.0.0.0/24");
      Port p = f.newPort(n.id()).securityGroups(web.id()).create();
      f.refused(new DeleteSecurityGroup(P1, web.id()), CONFLICT, "SecurityGroupInUse");
      f.apply(new DeletePort(P1, p.id()));
      f.apply(new DeleteSecurityGroup(P1, web.id()));
      assertNull(f.model().securityGroup(web.id()));
      for (SecurityGroupRule r : web.rules()) assertNull(f.model().securityGroupOfRule(r.id()));
    }

    @Test
    void removesOtherGroupsRulesThatReferToIt() {
      SecurityGroup db = f.securityGroup("db");
      SecurityGroupRule fromWeb = f.newRule(db.id()).tcp(5432, 5432).remoteGroup(web.id()).create();
      SecurityGroupRule fromAnywhere = f.newRule(db.id()).tcp(22, 22).create();
      Result r = f.result(new DeleteSecurityGroup(P1, web.id()));
      List<String> left = current(db).rules().stream().map(SecurityGroupRule::id).toList();
      assertTrue(left.contains(fromAnywhere.id()));
      assertTrue(!left.contains(fromWeb.id()));
      assertNull(f.model().securityGroupOfRule(fromWeb.id()));
      assertEquals(db.revision() + 3, current(db).revision());
      assertEquals(2, r.changes().size(), "db updated, web deleted");
    }

    @Test
    void unknownIsNotFound() {
      f.refused(new DeleteSecurityGroup(P1, "nope"), NOT_FOUND, "SecurityGroupNotFound");
      f.refused(new DeleteSecurityGroup(P2, web.id()), NOT_FOUND, "SecurityGroupNotFound");
    }
  }

  @Nested
  class DefaultGroup {
    private SecurityGroup defaultGroup() {
      Network n = f.network();
      f.port(n.id());
      return f.model().securityGroup(f.model().defaultSecurityGroupOf("p1"));
    }

    @Test
    void cannotBeRenamed() {
      SecurityGroup d = defaultGroup();
      f.refused(new UpdateSecurityGroup(P1, d.id(), "other", null), CONFLICT, "SecurityGroupCannotUpdateDefault");
      assertEquals("new text", f.<SecurityGroup>apply(new UpdateSecurityGroup(P1, d.id(), "default", "new text")).description());
    }

    @Test
    void aSecondDefaultIsRefused() {
      defaultGroup();
      f.refused(new CreateSecurityGroup(P1, null, null, "default", null), CONFLICT, "SecurityGroupDefaultAlreadyExists");
    }

    @Test
    void otherGroupsCanBeRenamed() {
      assertEquals("www", f.<SecurityGroup>apply(new UpdateSecurityGroup(P1, web.id(), "www", null)).name());
    }
  }

  @Test
  void explicitIdTakenIsSecurityGroupExists() {
    f.apply(new CreateSecurityGroup(P1, "sg-x", null, "x", null));
    f.refused(new CreateSecurityGroup(P1, "sg-x", null, "y", null), CONFLICT, "SecurityGroupExists");
  }

  @Test
  void nonAdminCannotCreateForAnotherProject() {
    f.refused(new CreateSecurityGroup(P1, null, "p2", "x", null), FORBIDDEN, "PolicyNotAuthorized");
  }
}
