package io.alcorvx.engine;

import static io.alcorvx.engine.EngineFixture.ADMIN;
import static io.alcorvx.engine.EngineFixture.P1;

import io.alcorvx.engine.EngineException.Kind;
import io.alcorvx.engine.command.Command.DeleteSecurityGroup;
import io.alcorvx.engine.command.Command.UpdateSubnet;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rules where Neutron's behaviour is specific enough to pin down. */
class NeutronParityTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void aRuleThatMatchesTheSameAsAnExistingOneIsADuplicate() {
    SecurityGroup g = f.securityGroup("web");
    f.newRule(g.id()).tcp(80, 80).create();
    f.newRule(g.id()).protocol("6").ports(80, 80).refused(Kind.CONFLICT, "SecurityGroupRuleExists");
    f.newRule(g.id()).protocol("udp").create();
    f.newRule(g.id()).protocol("udp").prefix("0.0.0.0/0").refused(Kind.CONFLICT, "SecurityGroupRuleExists");
    f.newRule(g.id()).protocol("udp").prefix("10.0.0.0/8").create();
  }

  @Test
  void aProjectCannotDeleteItsDefaultGroupButAnAdminCan() {
    Network n = f.network();
    f.subnet(n.id(), "10.0.0.0/24");
    f.newPort(n.id()).create(); // creates the default group on first use
    SecurityGroup def = f.engine.model().securityGroup(f.engine.model().defaultSecurityGroupOf("p1"));
    f.engine.apply(new io.alcorvx.engine.command.Command.DeletePort(P1, f.engine.model().portsOfNetwork(n.id()).iterator().next()), 99);
    f.refused(new DeleteSecurityGroup(P1, def.id()), Kind.CONFLICT, "SecurityGroupCannotRemoveDefault");
    f.apply(new DeleteSecurityGroup(ADMIN, def.id()));
  }

  @Test
  void theGatewayCannotMoveWhileARouterInterfaceHoldsIt() {
    Network n = f.network();
    Subnet s = f.subnet(n.id(), "10.0.0.0/24");
    f.addInterface(f.router().id(), s.id());
    f.refused(new UpdateSubnet(P1, s.id(), null, null, Optional.of("10.0.0.254"), null, null, null, null),
        Kind.CONFLICT, "GatewayIpInUse");
  }
}
