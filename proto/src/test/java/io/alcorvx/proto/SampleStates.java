package io.alcorvx.proto;

/**
 * Small resource states reused inside the goal-state golden tests, each with its hand-written
 * encoding: 1 operation_type (varint), 2 configuration (len) holding only 3 id (len).
 */
final class SampleStates {

    private SampleStates() {
    }

    // 08 01 = 1 operation_type varint CREATE; 12 04 = 2 configuration len 4; 1a 02 'v1' = 3 id
    static final String VPC = "08 01 12 04 1a 02 'v1'";
    // 08 02 = UPDATE
    static final String SUBNET = "08 02 12 04 1a 02 's1'";
    // 08 04 = DELETE
    static final String PORT = "08 04 12 04 1a 02 'p1'";
    // 08 03 = GET
    static final String NEIGHBOR = "08 03 12 04 1a 02 'n1'";
    // 08 01 = CREATE; configuration len 5: 1a 03 'sg1'
    static final String SECURITY_GROUP = "08 01 12 05 1a 03 'sg1'";
    static final String DHCP = "08 02 12 04 1a 02 'd1'";
    static final String ROUTER = "08 02 12 04 1a 02 'rt'";
    static final String GATEWAY = "08 01 12 04 1a 02 'gw'";

    static VpcState vpc() {
        return VpcState.newBuilder().setOperationType(OperationType.CREATE)
                .setConfiguration(VpcConfiguration.newBuilder().setId("v1")).build();
    }

    static SubnetState subnet() {
        return SubnetState.newBuilder().setOperationType(OperationType.UPDATE)
                .setConfiguration(SubnetConfiguration.newBuilder().setId("s1")).build();
    }

    static PortState port() {
        return PortState.newBuilder().setOperationType(OperationType.DELETE)
                .setConfiguration(PortConfiguration.newBuilder().setId("p1")).build();
    }

    static NeighborState neighbor() {
        return NeighborState.newBuilder().setOperationType(OperationType.GET)
                .setConfiguration(NeighborConfiguration.newBuilder().setId("n1")).build();
    }

    static SecurityGroupState securityGroup() {
        return SecurityGroupState.newBuilder().setOperationType(OperationType.CREATE)
                .setConfiguration(SecurityGroupConfiguration.newBuilder().setId("sg1")).build();
    }

    static DHCPState dhcp() {
        return DHCPState.newBuilder().setOperationType(OperationType.UPDATE)
                .setConfiguration(DHCPConfiguration.newBuilder().setId("d1")).build();
    }

    static RouterState router() {
        return RouterState.newBuilder().setOperationType(OperationType.UPDATE)
                .setConfiguration(RouterConfiguration.newBuilder().setId("rt")).build();
    }

    static GatewayState gateway() {
        return GatewayState.newBuilder().setOperationType(OperationType.CREATE)
                .setConfiguration(GatewayConfiguration.newBuilder().setId("gw")).build();
    }
}
