package io.alcorvx.proto;

import static io.alcorvx.proto.Wire.assertWire;

import org.junit.jupiter.api.Test;

/**
 * Golden wire tests for our additions (agentsession.proto and the new fields on
 * HostRequestReply / HostRequestOperationStatus). Their numbers are contract too.
 * tag = field_number << 3 | wire_type (0 varint, 1 fixed64, 2 length-delimited).
 */
class AgentSessionWireTest {

    @Test
    void hostRequestOperationStatusWithResolution() {
        HostRequestOperationStatus m = HostRequestOperationStatus.newBuilder()
                .setRequestId("q1")
                .setOperationStatus(OperationStatus.FAILURE)
                .addResolvedResources(ResourceIdType.newBuilder().setType(ResourceType.PORT).setId("p1"))
                .setDetail("no route")
                .build();
        assertWire(m,
                "0a 02 'q1'",                       // 1 request_id, len
                "10 01",                            // 2 operation_status, varint FAILURE
                "1a 06 08 02 12 02 'p1'",           // 3 resolved_resources, len 6 { 1 type PORT, 2 id }
                "22 08 'no route'");                // 4 detail, len 8
    }

    @Test
    void hostRequestReplyWithResolvedStates() {
        HostRequestReply m = HostRequestReply.newBuilder()
                .setFormatVersion(1)
                .addOperationStatuses(HostRequestOperationStatus.newBuilder()
                        .setRequestId("q1")
                        .addResolvedResources(ResourceIdType.newBuilder().setType(ResourceType.PORT).setId("p1")))
                .setTotalOperationTime(5)
                .setResolvedStates(GoalStateV2.newBuilder().putPortStates("p1", SampleStates.port()))
                .build();
        assertWire(m,
                "08 01",                            // 1 format_version, varint 1
                // 2 operation_statuses, len 12 { 1 request_id, (2 SUCCESS = default, absent),
                //   3 resolved_resources len 6 { 1 type PORT, 2 id } }
                "12 0c 0a 02 'q1' 1a 06 08 02 12 02 'p1'",
                "18 05",                            // 3 total_operation_time, varint 5
                // 4 resolved_states, len 16 GoalStateV2 { 5 port_states entry len 14 { 1 key, 2 value len 8 } }
                "22 10 2a 0e 0a 02 'p1' 12 08", SampleStates.PORT);
    }

    @Test
    void agentHello() {
        AgentHello m = AgentHello.newBuilder()
                .setHostId("id1")
                .setHostName("node1")
                .setHostIp("10.0.0.9")
                .setHostMac("hm")
                .setEngineEpoch(1L << 32)
                .setGoalStateVersion(300)
                .setStateDigest(0x0123456789abcdefL)
                .setEntryCount(42)
                .setAgentVersion("0.1.0")
                .build();
        assertWire(m,
                "0a 03 'id1'",                      // 1 host_id, len
                "12 05 'node1'",                    // 2 host_name, len
                "1a 08 '10.0.0.9'",                 // 3 host_ip, len 8
                "22 02 'hm'",                       // 4 host_mac, len
                "28 80 80 80 80 10",                // 5 engine_epoch, varint 2^32
                "30 ac 02",                         // 6 goal_state_version, varint 300
                "39 ef cd ab 89 67 45 23 01",       // 7 state_digest, fixed64 little-endian
                "40 2a",                            // 8 entry_count, varint 42
                "4a 05 '0.1.0'");                   // 9 agent_version, len
    }

    @Test
    void goalStateAck() {
        assertWire(GoalStateAck.newBuilder().setEngineEpoch(5).setVersion(300).build(),
                "08 05",                            // 1 engine_epoch, varint 5
                "10 ac 02");                        // 2 version, varint 300
    }

    @Test
    void goalStateNack() {
        GoalStateNack m = GoalStateNack.newBuilder()
                .setEngineEpoch(5)
                .setVersion(301)
                .addOperationStatuses(GoalStateOperationStatus.newBuilder()
                        .setResourceId("p1").setOperationStatus(OperationStatus.FAILURE))
                .setDetail("boom")
                .build();
        assertWire(m,
                "08 05",                            // 1 engine_epoch, varint 5
                "10 ad 02",                         // 2 version, varint 301
                "1a 06 0a 02 'p1' 20 01",           // 3 operation_statuses, len 6 { 1 resource_id, 4 FAILURE }
                "22 04 'boom'");                    // 4 detail, len
    }

    @Test
    void agentMessageHello() {
        assertWire(AgentMessage.newBuilder().setHello(AgentHello.newBuilder().setHostId("h1")).build(),
                "0a 04 0a 02 'h1'");                // 1 hello, len 4 { 1 host_id }
    }

    @Test
    void agentMessageAck() {
        assertWire(AgentMessage.newBuilder().setAck(GoalStateAck.newBuilder().setEngineEpoch(5).setVersion(6)).build(),
                "12 04 08 05 10 06");               // 2 ack, len 4 { 1 engine_epoch 5, 2 version 6 }
    }

    @Test
    void agentMessageNack() {
        assertWire(AgentMessage.newBuilder().setNack(GoalStateNack.newBuilder().setVersion(7)).build(),
                "1a 02 10 07");                     // 3 nack, len 2 { 2 version 7 }
    }

    @Test
    void agentMessageEmptyOneofMemberIsStillSent() {
        assertWire(AgentMessage.newBuilder().setAck(GoalStateAck.getDefaultInstance()).build(),
                "12 00");                           // 2 ack, len 0
    }

    @Test
    void controllerMessageDelta() {
        assertWire(ControllerMessage.newBuilder()
                        .setDelta(GoalStateDelta.newBuilder().setEngineEpoch(1).setToVersion(2)).build(),
                "0a 04 08 01 18 02");               // 1 delta, len 4 { 1 engine_epoch 1, 3 to_version 2 }
    }

    @Test
    void controllerMessageSubscribe() {
        assertWire(ControllerMessage.newBuilder()
                        .setSubscribe(NodeSubscribeInfo.newBuilder().setTopic("v1")).build(),
                "12 04 12 02 'v1'");                // 2 subscribe, len 4 { 2 topic }
    }

    @Test
    void controllerMessageNotice() {
        assertWire(ControllerMessage.newBuilder()
                        .setNotice(SessionNotice.newBuilder().setKind(SessionNotice.Kind.SHUTTING_DOWN)).build(),
                "1a 02 08 01");                     // 3 notice, len 2 { 1 kind SHUTTING_DOWN }
    }

    @Test
    void goalStateDelta() {
        GoalStateDelta m = GoalStateDelta.newBuilder()
                .setEngineEpoch(7)
                .setFromVersion(10)
                .setToVersion(12)
                .setUpdateType(UpdateType.FULL)
                .setGoalState(GoalStateV2.newBuilder().setFormatVersion(1).putVpcStates("v1", SampleStates.vpc()))
                .setExpectedDigest(0xfedcba9876543210L)
                .setExpectedEntryCount(1)
                .setCommittedAtUnixMicros(1_764_000_000_123_456L)
                .build();
        assertWire(m,
                "08 07",                            // 1 engine_epoch, varint 7
                "10 0a",                            // 2 from_version, varint 10
                "18 0c",                            // 3 to_version, varint 12
                "20 01",                            // 4 update_type, varint FULL
                // 5 goal_state, len 18 { 1 format_version 1, 3 vpc_states entry len 14 { key, value len 8 } }
                "2a 12 08 01 1a 0e 0a 02 'v1' 12 08", SampleStates.VPC,
                "31 10 32 54 76 98 ba dc fe",       // 6 expected_digest, fixed64 little-endian
                "38 01",                            // 7 expected_entry_count, varint 1
                "40 c0 c4 90 8b 94 8b 91 03");      // 8 committed_at_unix_micros, varint 1764000000123456
    }

    @Test
    void goalStateDeltaExplicitZeroDigestIsPresent() {
        GoalStateDelta m = GoalStateDelta.newBuilder().setToVersion(1).setExpectedDigest(0L).build();
        assertWire(m,
                "18 01",                            // 3 to_version, varint 1
                "31 00 00 00 00 00 00 00 00");      // 6 expected_digest (proto3 optional), fixed64 0
    }

    @Test
    void sessionNotice() {
        SessionNotice m = SessionNotice.newBuilder()
                .setKind(SessionNotice.Kind.SHUTTING_DOWN)
                .setEngineEpoch(3)
                .setVersion(9)
                .setDetail("bye")
                .build();
        assertWire(m,
                "08 01",                            // 1 kind, varint SHUTTING_DOWN
                "10 03",                            // 2 engine_epoch, varint 3
                "18 09",                            // 3 version, varint 9
                "22 03 'bye'");                     // 4 detail, len
    }
}
