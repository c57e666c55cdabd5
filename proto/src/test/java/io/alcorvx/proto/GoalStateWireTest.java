package io.alcorvx.proto;

import static io.alcorvx.proto.Wire.assertWire;

import org.junit.jupiter.api.Test;

/**
 * Golden wire tests for the upstream goal-state, provisioner and subscribe messages.
 * tag = field_number << 3 | wire_type (0 varint, 2 length-delimited). Map entries are
 * length-delimited messages { 1 key, 2 value }.
 */
class GoalStateWireTest {

    @Test
    void goalStateV1() {
        GoalState m = GoalState.newBuilder()
                .setFormatVersion(1)
                .addVpcStates(SampleStates.vpc())
                .addSubnetStates(SampleStates.subnet())
                .addPortStates(SampleStates.port())
                .addNeighborStates(SampleStates.neighbor())
                .addSecurityGroupStates(SampleStates.securityGroup())
                .addDhcpStates(SampleStates.dhcp())
                .addRouterStates(SampleStates.router())
                .addGatewayStates(SampleStates.gateway())
                .build();
        assertWire(m,
                "08 01",                            // 1 format_version, varint 1
                "12 08", SampleStates.VPC,          // 2 vpc_states, len 8
                "1a 08", SampleStates.SUBNET,       // 3 subnet_states, len 8
                "22 08", SampleStates.PORT,         // 4 port_states, len 8
                "2a 08", SampleStates.NEIGHBOR,     // 5 neighbor_states, len 8
                "32 09", SampleStates.SECURITY_GROUP, // 6 security_group_states, len 9
                "3a 08", SampleStates.DHCP,         // 7 dhcp_states, len 8
                "42 08", SampleStates.ROUTER,       // 8 router_states, len 8
                "4a 08", SampleStates.GATEWAY);     // 9 gateway_states, len 8
    }

    @Test
    void resourceIdType() {
        assertWire(ResourceIdType.newBuilder().setType(ResourceType.GATEWAY).setId("gw").build(),
                "08 07",                            // 1 type, varint GATEWAY
                "12 02 'gw'");                      // 2 id, len
    }

    @Test
    void hostResources() {
        HostResources m = HostResources.newBuilder()
                .addResources(ResourceIdType.newBuilder().setType(ResourceType.PORT).setId("p1"))
                .addResources(ResourceIdType.newBuilder().setType(ResourceType.SUBNET).setId("s1"))
                .build();
        assertWire(m,
                "0a 06 08 02 12 02 'p1'",           // 1 resources, len 6 { 1 type PORT, 2 id }
                "0a 06 08 01 12 02 's1'");          // 1 resources, len 6 { 1 type SUBNET, 2 id }
    }

    @Test
    void goalStateV2() {
        GoalStateV2 m = GoalStateV2.newBuilder()
                .setFormatVersion(1)
                .putHostResources("h1", HostResources.newBuilder()
                        .addResources(ResourceIdType.newBuilder().setType(ResourceType.PORT).setId("p1"))
                        .build())
                .putVpcStates("v1", SampleStates.vpc())
                .putSubnetStates("s1", SampleStates.subnet())
                .putPortStates("p1", SampleStates.port())
                .putDhcpStates("d1", SampleStates.dhcp())
                .putNeighborStates("n1", SampleStates.neighbor())
                .putSecurityGroupStates("sg1", SampleStates.securityGroup())
                .putRouterStates("rt", SampleStates.router())
                .putGatewayStates("gw", SampleStates.gateway())
                .build();
        assertWire(m,
                "08 01",                            // 1 format_version, varint 1
                // 2 host_resources entry, len 14 { 1 key 'h1', 2 value len 8 HostResources
                //   { 1 resources len 6 { 1 type PORT, 2 id } } }
                "12 0e 0a 02 'h1' 12 08 0a 06 08 02 12 02 'p1'",
                "1a 0e 0a 02 'v1' 12 08", SampleStates.VPC,       // 3 vpc_states entry, len 14 { key, value len 8 }
                "22 0e 0a 02 's1' 12 08", SampleStates.SUBNET,    // 4 subnet_states entry
                "2a 0e 0a 02 'p1' 12 08", SampleStates.PORT,      // 5 port_states entry
                "32 0e 0a 02 'd1' 12 08", SampleStates.DHCP,      // 6 dhcp_states entry
                "3a 0e 0a 02 'n1' 12 08", SampleStates.NEIGHBOR,  // 7 neighbor_states entry
                "42 10 0a 03 'sg1' 12 09", SampleStates.SECURITY_GROUP, // 8 security_group_states entry, len 16
                "4a 0e 0a 02 'rt' 12 08", SampleStates.ROUTER,    // 9 router_states entry
                "52 0e 0a 02 'gw' 12 08", SampleStates.GATEWAY);  // 10 gateway_states entry
    }

    @Test
    void resourceStateRequest() {
        ResourceStateRequest m = ResourceStateRequest.newBuilder()
                .setRequestType(RequestType.AGENT_RESTARTED)
                .setRequestId("q1")
                .setTunnelId(300)
                .setSourceIp("10.0.0.2")
                .setSourcePort(40000)
                .setDestinationIp("10.0.0.3")
                .setDestinationPort(443)
                .setEthertype(EtherType.IPV6)
                .setProtocol(Protocol.HTTP)
                .build();
        assertWire(m,
                "08 01",                            // 1 request_type, varint AGENT_RESTARTED
                "12 02 'q1'",                       // 2 request_id, len
                "18 ac 02",                         // 3 tunnel_id, varint 300
                "22 08 '10.0.0.2'",                 // 4 source_ip, len 8
                "28 c0 b8 02",                      // 5 source_port, varint 40000
                "32 08 '10.0.0.3'",                 // 6 destination_ip, len 8
                "38 bb 03",                         // 7 destination_port, varint 443
                "40 01",                            // 8 ethertype, varint IPV6
                "48 03");                           // 9 protocol, varint HTTP
    }

    @Test
    void hostRequest() {
        HostRequest m = HostRequest.newBuilder()
                .setFormatVersion(1)
                .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("q1").setTunnelId(5))
                .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("q2"))
                .build();
        assertWire(m,
                "08 01",                            // 1 format_version, varint 1
                "12 06 12 02 'q1' 18 05",           // 2 state_requests, len 6 { 2 request_id, 3 tunnel_id 5 }
                "12 04 12 02 'q2'");                // 2 state_requests, len 4 { 2 request_id }
    }

    @Test
    void hostRequestOperationStatusUpstreamFields() {
        assertWire(HostRequestOperationStatus.newBuilder()
                        .setRequestId("q1").setOperationStatus(OperationStatus.FAILURE).build(),
                "0a 02 'q1'",                       // 1 request_id, len
                "10 01");                           // 2 operation_status, varint FAILURE
    }

    @Test
    void hostRequestReplyUpstreamFields() {
        HostRequestReply m = HostRequestReply.newBuilder()
                .setFormatVersion(1)
                .addOperationStatuses(HostRequestOperationStatus.newBuilder()
                        .setRequestId("q1").setOperationStatus(OperationStatus.FAILURE))
                .setTotalOperationTime(1500)
                .build();
        assertWire(m,
                "08 01",                            // 1 format_version, varint 1
                "12 06 0a 02 'q1' 10 01",           // 2 operation_statuses, len 6 { 1 request_id, 2 FAILURE }
                "18 dc 0b");                        // 3 total_operation_time, varint 1500
    }

    @Test
    void goalStateOperationStatus() {
        GoalStateOperationStatus m = GoalStateOperationStatus.newBuilder()
                .setResourceId("p1")
                .setResourceType(ResourceType.PORT)
                .setOperationType(OperationType.DELETE)
                .setOperationStatus(OperationStatus.PENDING)
                .setDataplaneProgrammingTime(200)
                .setNetworkConfigurationTime(5)
                .setStateElapseTime(1000)
                .build();
        assertWire(m,
                "0a 02 'p1'",                       // 1 resource_id, len
                "10 02",                            // 2 resource_type, varint PORT
                "18 04",                            // 3 operation_type, varint DELETE
                "20 03",                            // 4 operation_status, varint PENDING
                "28 c8 01",                         // 5 dataplane_programming_time, varint 200
                "30 05",                            // 6 network_configuration_time, varint 5
                "38 e8 07");                        // 7 state_elapse_time, varint 1000
    }

    @Test
    void goalStateOperationReply() {
        GoalStateOperationReply m = GoalStateOperationReply.newBuilder()
                .setFormatVersion(1)
                .addOperationStatuses(GoalStateOperationStatus.newBuilder()
                        .setResourceId("p1").setOperationStatus(OperationStatus.FAILURE))
                .setMessageTotalOperationTime(70000)
                .build();
        assertWire(m,
                "08 01",                            // 1 format_version, varint 1
                "12 06 0a 02 'p1' 20 01",           // 2 operation_statuses, len 6 { 1 resource_id, 4 FAILURE }
                "18 f0 a2 04");                     // 3 message_total_operation_time, varint 70000
    }

    @Test
    void nodeSubscribeInfo() {
        NodeSubscribeInfo m = NodeSubscribeInfo.newBuilder()
                .setSubscribeOperation(SubscribeOperation.Unsubscribe)
                .setTopic("vpc-1")
                .setKey("h1")
                .build();
        assertWire(m,
                "08 01",                            // 1 subscribe_operation, varint Unsubscribe
                "12 05 'vpc-1'",                    // 2 topic, len
                "1a 02 'h1'");                      // 3 key, len
    }

    @Test
    void subscribeOperationReply() {
        assertWire(SubscribeOperationReply.newBuilder().setOperationStatus(OperationStatus.INVALID_ARG).build(),
                "08 02");                           // 1 operationStatus, varint INVALID_ARG
    }
}
