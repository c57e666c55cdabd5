package io.alcorvx.proto;

import static io.alcorvx.proto.Wire.assertWire;

import org.junit.jupiter.api.Test;

/**
 * Golden wire tests for the upstream resource messages (vpc, subnet, port, neighbor,
 * security group, dhcp, router, gateway). Expected bytes are written by hand from the field
 * numbers: tag = field_number << 3 | wire_type (0 varint, 1 fixed64, 2 length-delimited).
 */
class ResourceWireTest {

    // ---------------------------------------------------------------- VPC

    @Test
    void vpcConfiguration() {
        VpcConfiguration m = VpcConfiguration.newBuilder()
                .setRevisionNumber(7)
                .setRequestId("r1")
                .setId("v1")
                .setUpdateType(UpdateType.FULL)
                .setProjectId("p1")
                .setName("vn")
                .setCidr("10.0.0.0/16")
                .setTunnelId(300)
                .addGatewayIds("g1")
                .addGatewayIds("g2")
                .build();
        assertWire(m,
                "08 07",                    // 1 revision_number, varint 7
                "12 02 'r1'",               // 2 request_id, len
                "1a 02 'v1'",               // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "2a 02 'p1'",               // 5 project_id, len
                "32 02 'vn'",               // 6 name, len
                "3a 0b '10.0.0.0/16'",      // 7 cidr, len 11
                "40 ac 02",                 // 8 tunnel_id, varint 300
                "4a 02 'g1'",               // 9 gateway_ids, len (repeated)
                "4a 02 'g2'");              // 9 gateway_ids, len
    }

    @Test
    void vpcState() {
        assertWire(SampleStates.vpc(),
                "08 01",                    // 1 operation_type, varint CREATE
                "12 04 1a 02 'v1'");        // 2 configuration, len 4 { 3 id }
    }

    // ---------------------------------------------------------------- Subnet

    @Test
    void subnetConfiguration() {
        SubnetConfiguration m = SubnetConfiguration.newBuilder()
                .setRevisionNumber(2)
                .setRequestId("r2")
                .setId("s1")
                .setUpdateType(UpdateType.FULL)
                .setNetworkType(NetworkType.GENEVE)
                .setVpcId("v1")
                .setName("sn")
                .setCidr("10.0.1.0/24")
                .setTunnelId(1L << 32)
                .setGateway(SubnetConfiguration.Gateway.newBuilder().setIpAddress("gw").setMacAddress("gm"))
                .setDhcpEnable(true)
                .addExtraDhcpOptions(SubnetConfiguration.DhcpOption.newBuilder().setName("n").setValue("x"))
                .addDnsEntryList(SubnetConfiguration.DnsEntry.newBuilder().setEntry("d1"))
                .addDnsEntryList(SubnetConfiguration.DnsEntry.newBuilder().setEntry("d2"))
                .setAvailabilityZone("az")
                .build();
        assertWire(m,
                "08 02",                    // 1 revision_number, varint 2
                "12 02 'r2'",               // 2 request_id, len
                "1a 02 's1'",               // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "28 03",                    // 5 network_type, varint GENEVE
                "32 02 'v1'",               // 6 vpc_id, len
                "3a 02 'sn'",               // 7 name, len
                "42 0b '10.0.1.0/24'",      // 8 cidr, len 11
                "48 80 80 80 80 10",        // 9 tunnel_id, varint 2^32 (uint64)
                "52 08 0a 02 'gw' 12 02 'gm'", // 10 gateway, len 8 { 1 ip_address, 2 mac_address }
                "58 01",                    // 11 dhcp_enable, varint true
                "62 06 0a 01 'n' 12 01 'x'",   // 12 extra_dhcp_options, len 6 { 1 name, 2 value }
                "6a 04 0a 02 'd1'",         // 13 dns_entry_list, len 4 { 1 entry }
                "6a 04 0a 02 'd2'",         // 13 dns_entry_list, len 4 { 1 entry }
                "72 02 'az'");              // 14 availability_zone, len
    }

    @Test
    void subnetGateway() {
        assertWire(SubnetConfiguration.Gateway.newBuilder().setIpAddress("10.0.1.1").setMacAddress("gm").build(),
                "0a 08 '10.0.1.1'",         // 1 ip_address, len 8
                "12 02 'gm'");              // 2 mac_address, len
    }

    @Test
    void subnetDhcpOption() {
        assertWire(SubnetConfiguration.DhcpOption.newBuilder().setName("mtu").setValue("1450").build(),
                "0a 03 'mtu'",              // 1 name, len
                "12 04 '1450'");            // 2 value, len
    }

    @Test
    void subnetDnsEntry() {
        assertWire(SubnetConfiguration.DnsEntry.newBuilder().setEntry("8.8.8.8").build(),
                "0a 07 '8.8.8.8'");         // 1 entry, len 7
    }

    @Test
    void subnetState() {
        assertWire(SampleStates.subnet(),
                "08 02",                    // 1 operation_type, varint UPDATE
                "12 04 1a 02 's1'");        // 2 configuration, len 4 { 3 id }
    }

    // ---------------------------------------------------------------- Port

    @Test
    void portConfiguration() {
        PortConfiguration m = PortConfiguration.newBuilder()
                .setRevisionNumber(3)
                .setRequestId("r3")
                .setId("p1")
                .setUpdateType(UpdateType.FULL)
                .setVpcId("v1")
                .setName("pn")
                .setDeviceId("dv")
                .setDeviceOwner("compute:nova")
                .setMacAddress("fa:16:3e:00:00:01")
                .setAdminStateUp(true)
                .setHostInfo(PortConfiguration.HostInfo.newBuilder().setIpAddress("h1").setMacAddress("hm"))
                .addFixedIps(PortConfiguration.FixedIp.newBuilder().setSubnetId("s1").setIpAddress("ip1"))
                .addAllowAddressPairs(PortConfiguration.AllowAddressPair.newBuilder().setIpAddress("ap").setMacAddress("am"))
                .addSecurityGroupIds(PortConfiguration.SecurityGroupId.newBuilder().setId("sg1"))
                .addSecurityGroupIds(PortConfiguration.SecurityGroupId.newBuilder().setId("sg2"))
                .build();
        assertWire(m,
                "08 03",                    // 1 revision_number, varint 3
                "12 02 'r3'",               // 2 request_id, len
                "1a 02 'p1'",               // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "2a 02 'v1'",               // 5 vpc_id, len
                "32 02 'pn'",               // 6 name, len
                "3a 02 'dv'",               // 7 device_id, len
                "42 0c 'compute:nova'",     // 8 device_owner, len 12
                "4a 11 'fa:16:3e:00:00:01'", // 9 mac_address, len 17
                "50 01",                    // 10 admin_state_up, varint true
                "5a 08 0a 02 'h1' 12 02 'hm'", // 11 host_info, len 8 { 1 ip_address, 2 mac_address }
                "62 09 0a 02 's1' 12 03 'ip1'", // 12 fixed_ips, len 9 { 1 subnet_id, 2 ip_address }
                "6a 08 0a 02 'ap' 12 02 'am'", // 13 allow_address_pairs, len 8 { 1 ip_address, 2 mac_address }
                "72 05 0a 03 'sg1'",        // 14 security_group_ids, len 5 { 1 id }
                "72 05 0a 03 'sg2'");       // 14 security_group_ids, len 5 { 1 id }
    }

    @Test
    void portHostInfo() {
        assertWire(PortConfiguration.HostInfo.newBuilder().setIpAddress("10.9.0.1").setMacAddress("hm").build(),
                "0a 08 '10.9.0.1'",         // 1 ip_address, len 8
                "12 02 'hm'");              // 2 mac_address, len
    }

    @Test
    void portFixedIp() {
        assertWire(PortConfiguration.FixedIp.newBuilder().setSubnetId("s1").setIpAddress("10.0.1.5").build(),
                "0a 02 's1'",               // 1 subnet_id, len
                "12 08 '10.0.1.5'");        // 2 ip_address, len 8
    }

    @Test
    void portAllowAddressPair() {
        assertWire(PortConfiguration.AllowAddressPair.newBuilder().setIpAddress("10.0.1.6").setMacAddress("am").build(),
                "0a 08 '10.0.1.6'",         // 1 ip_address, len 8
                "12 02 'am'");              // 2 mac_address, len
    }

    @Test
    void portSecurityGroupId() {
        assertWire(PortConfiguration.SecurityGroupId.newBuilder().setId("sg9").build(),
                "0a 03 'sg9'");             // 1 id, len
    }

    @Test
    void portState() {
        assertWire(SampleStates.port(),
                "08 04",                    // 1 operation_type, varint DELETE
                "12 04 1a 02 'p1'");        // 2 configuration, len 4 { 3 id }
    }

    // ---------------------------------------------------------------- Neighbor (v0.14 numbering)

    @Test
    void neighborConfiguration() {
        NeighborConfiguration m = NeighborConfiguration.newBuilder()
                .setRevisionNumber(4)
                .setRequestId("r4")
                .setId("n1")
                .setUpdateType(UpdateType.FULL)
                .setVpcId("v1")
                .setName("nn")
                .setMacAddress("nm")
                .setHostIpAddress("hi")
                .addFixedIps(NeighborConfiguration.FixedIp.newBuilder()
                        .setNeighborType(NeighborType.L3).setSubnetId("s1").setIpAddress("ip"))
                .addAllowAddressPairs(NeighborConfiguration.AllowAddressPair.newBuilder()
                        .setIpAddress("ap").setMacAddress("am"))
                .build();
        assertWire(m,
                "08 04",                    // 1 revision_number, varint 4
                "12 02 'r4'",               // 2 request_id, len
                "1a 02 'n1'",               // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "2a 02 'v1'",               // 5 vpc_id, len
                "32 02 'nn'",               // 6 name, len
                "3a 02 'nm'",               // 7 mac_address, len
                "42 02 'hi'",               // 8 host_ip_address, len (v0.14)
                "4a 0a 08 01 12 02 's1' 1a 02 'ip'", // 9 fixed_ips, len 10 { 1 neighbor_type L3, 2 subnet_id, 3 ip_address }
                "52 08 0a 02 'ap' 12 02 'am'");     // 10 allow_address_pairs, len 8 { 1 ip_address, 2 mac_address }
    }

    @Test
    void neighborFixedIp() {
        assertWire(NeighborConfiguration.FixedIp.newBuilder()
                        .setNeighborType(NeighborType.L3).setSubnetId("s2").setIpAddress("10.0.2.7").build(),
                "08 01",                    // 1 neighbor_type, varint L3
                "12 02 's2'",               // 2 subnet_id, len
                "1a 08 '10.0.2.7'");        // 3 ip_address, len 8
    }

    @Test
    void neighborAllowAddressPair() {
        assertWire(NeighborConfiguration.AllowAddressPair.newBuilder().setIpAddress("10.0.2.8").setMacAddress("am").build(),
                "0a 08 '10.0.2.8'",         // 1 ip_address, len 8
                "12 02 'am'");              // 2 mac_address, len
    }

    @Test
    void neighborState() {
        assertWire(SampleStates.neighbor(),
                "08 03",                    // 1 operation_type, varint GET
                "12 04 1a 02 'n1'");        // 2 configuration, len 4 { 3 id }
    }

    // ---------------------------------------------------------------- Security group

    @Test
    void securityGroupConfiguration() {
        SecurityGroupConfiguration m = SecurityGroupConfiguration.newBuilder()
                .setRevisionNumber(5)
                .setRequestId("r5")
                .setId("sg1")
                .setUpdateType(UpdateType.FULL)
                .setVpcId("v1")
                .setName("sn")
                .addSecurityGroupRules(sampleRule())
                .build();
        assertWire(m,
                "08 05",                    // 1 revision_number, varint 5
                "12 02 'r5'",               // 2 request_id, len
                "1a 03 'sg1'",              // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "2a 02 'v1'",               // 5 vpc_id, len
                "32 02 'sn'",               // 6 name, len
                "3a 26", SAMPLE_RULE);      // 7 security_group_rules, len 38 { rule below }
    }

    private static SecurityGroupConfiguration.SecurityGroupRule sampleRule() {
        return SecurityGroupConfiguration.SecurityGroupRule.newBuilder()
                .setOperationType(OperationType.UPDATE)
                .setSecurityGroupId("sg1")
                .setId("ru")
                .setDirection(SecurityGroupConfiguration.Direction.INGRESS)
                .setEthertype(EtherType.IPV6)
                .setProtocol(Protocol.ICMP)
                .setPortRangeMin(22)
                .setPortRangeMax(443)
                .setRemoteIpPrefix("0.0.0.0/0")
                .setRemoteGroupId("sg2")
                .build();
    }

    private static final String SAMPLE_RULE = String.join(" ",
            "08 02",                        // 1 operation_type, varint UPDATE
            "12 03 'sg1'",                  // 2 security_group_id, len
            "1a 02 'ru'",                   // 3 id, len
            "20 01",                        // 4 direction, varint INGRESS
            "28 01",                        // 5 ethertype, varint IPV6
            "30 02",                        // 6 protocol, varint ICMP
            "38 16",                        // 7 port_range_min, varint 22
            "40 bb 03",                     // 8 port_range_max, varint 443
            "4a 09 '0.0.0.0/0'",            // 9 remote_ip_prefix, len 9
            "52 03 'sg2'");                 // 10 remote_group_id, len

    @Test
    void securityGroupRule() {
        assertWire(sampleRule(), SAMPLE_RULE);
    }

    @Test
    void securityGroupState() {
        assertWire(SampleStates.securityGroup(),
                "08 01",                    // 1 operation_type, varint CREATE
                "12 05 1a 03 'sg1'");       // 2 configuration, len 5 { 3 id }
    }

    // ---------------------------------------------------------------- DHCP

    @Test
    void dhcpConfiguration() {
        DHCPConfiguration m = DHCPConfiguration.newBuilder()
                .setRevisionNumber(6)
                .setRequestId("r6")
                .setId("d1")
                .setUpdateType(UpdateType.FULL)
                .setSubnetId("s1")
                .setMacAddress("dm")
                .setIpv4Address("10.0.0.5")
                .setIpv6Address("fd::5")
                .setPortHostName("vm")
                .build();
        assertWire(m,
                "08 06",                    // 1 revision_number, varint 6
                "12 02 'r6'",               // 2 request_id, len
                "1a 02 'd1'",               // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "2a 02 's1'",               // 5 subnet_id, len
                "32 02 'dm'",               // 6 mac_address, len
                "3a 08 '10.0.0.5'",         // 7 ipv4_address, len 8
                "42 05 'fd::5'",            // 8 ipv6_address, len 5
                "4a 02 'vm'");              // 9 port_host_name, len
    }

    @Test
    void dhcpState() {
        assertWire(SampleStates.dhcp(),
                "08 02",                    // 1 operation_type, varint UPDATE
                "12 04 1a 02 'd1'");        // 2 configuration, len 4 { 3 id }
    }

    // ---------------------------------------------------------------- Router

    private static RouterConfiguration.RoutingRuleExtraInfo sampleExtraInfo() {
        return RouterConfiguration.RoutingRuleExtraInfo.newBuilder()
                .setDestinationType(RouterConfiguration.DestinationType.VPC_GW)
                .setNextHopMac("hm")
                .build();
    }

    private static final String SAMPLE_EXTRA_INFO = String.join(" ",
            "08 01",                        // 1 destination_type, varint VPC_GW
            "12 02 'hm'");                  // 2 next_hop_mac, len

    private static RouterConfiguration.RoutingRule sampleRoutingRule() {
        return RouterConfiguration.RoutingRule.newBuilder()
                .setOperationType(OperationType.CREATE)
                .setId("ru")
                .setName("rn")
                .setDestination("0.0.0.0/0")
                .setNextHopIp("nh")
                .setPriority(10)
                .setRoutingRuleExtraInfo(sampleExtraInfo())
                .build();
    }

    private static final String SAMPLE_ROUTING_RULE = String.join(" ",
            "08 01",                        // 1 operation_type, varint CREATE
            "12 02 'ru'",                   // 2 id, len
            "1a 02 'rn'",                   // 3 name, len
            "22 09 '0.0.0.0/0'",            // 4 destination, len 9
            "2a 02 'nh'",                   // 5 next_hop_ip, len
            "30 0a",                        // 6 priority, varint 10
            "3a 06", SAMPLE_EXTRA_INFO);    // 7 routing_rule_extra_info, len 6

    private static RouterConfiguration.SubnetRoutingTable sampleRoutingTable() {
        return RouterConfiguration.SubnetRoutingTable.newBuilder()
                .setSubnetId("s1")
                .addRoutingRules(sampleRoutingRule())
                .build();
    }

    private static final String SAMPLE_ROUTING_TABLE = String.join(" ",
            "0a 02 's1'",                   // 1 subnet_id, len
            "12 23", SAMPLE_ROUTING_RULE);  // 2 routing_rules, len 35

    @Test
    void routerConfiguration() {
        RouterConfiguration m = RouterConfiguration.newBuilder()
                .setRevisionNumber(8)
                .setRequestId("r7")
                .setId("rt")
                .setUpdateType(UpdateType.FULL)
                .setHostDvrMacAddress("dm")
                .addSubnetRoutingTables(sampleRoutingTable())
                .build();
        assertWire(m,
                "08 08",                    // 1 revision_number, varint 8
                "12 02 'r7'",               // 2 request_id, len
                "1a 02 'rt'",               // 3 id, len
                "20 01",                    // 4 update_type, varint FULL
                "2a 02 'dm'",               // 5 host_dvr_mac_address, len
                "32 29", SAMPLE_ROUTING_TABLE); // 6 subnet_routing_tables, len 41
    }

    @Test
    void routerSubnetRoutingTable() {
        assertWire(sampleRoutingTable(), SAMPLE_ROUTING_TABLE);
    }

    @Test
    void routerRoutingRule() {
        assertWire(sampleRoutingRule(), SAMPLE_ROUTING_RULE);
    }

    @Test
    void routerRoutingRuleExtraInfo() {
        assertWire(sampleExtraInfo(), SAMPLE_EXTRA_INFO);
    }

    @Test
    void routerState() {
        assertWire(SampleStates.router(),
                "08 02",                    // 1 operation_type, varint UPDATE
                "12 04 1a 02 'rt'");        // 2 configuration, len 4 { 3 id }
    }

    // ---------------------------------------------------------------- Gateway

    @Test
    void gatewayConfiguration() {
        GatewayConfiguration m = GatewayConfiguration.newBuilder()
                .setRevisionNumber(9)
                .setRequestId("r8")
                .setId("gw")
                .setGatewayType(GatewayType.ZETA)
                .addDestinations(GatewayConfiguration.Destination.newBuilder().setIpAddress("di").setMacAddress("dm"))
                .setZetaInfo(GatewayConfiguration.ZetaInfo.newBuilder().setPortInbandOperation(8300))
                .build();
        assertWire(m,
                "08 09",                    // 1 revision_number, varint 9
                "12 02 'r8'",               // 2 request_id, len
                "1a 02 'gw'",               // 3 id, len
                "20 01",                    // 4 gateway_type, varint ZETA
                "2a 08 0a 02 'di' 12 02 'dm'", // 5 destinations, len 8 { 1 ip_address, 2 mac_address }
                "32 03 08 ec 40");          // 6 zeta_info (oneof extra_info), len 3 { 1 port_inband_operation 8300 }
    }

    @Test
    void gatewayDestination() {
        assertWire(GatewayConfiguration.Destination.newBuilder().setIpAddress("10.0.9.9").setMacAddress("dm").build(),
                "0a 08 '10.0.9.9'",         // 1 ip_address, len 8
                "12 02 'dm'");              // 2 mac_address, len
    }

    @Test
    void gatewayZetaInfo() {
        assertWire(GatewayConfiguration.ZetaInfo.newBuilder().setPortInbandOperation(4789).build(),
                "08 b5 25");                // 1 port_inband_operation, varint 4789
    }

    @Test
    void gatewayState() {
        assertWire(SampleStates.gateway(),
                "08 01",                    // 1 operation_type, varint CREATE
                "12 04 1a 02 'gw'");        // 2 configuration, len 4 { 3 id }
    }
}
