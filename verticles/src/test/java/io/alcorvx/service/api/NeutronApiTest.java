package io.alcorvx.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.service.codec.ResourceKind;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Neutron API over real HTTP (two verticle instances on one port) against a real engine and
 * an in-memory reader. Calls block the test thread, never an event loop.
 */
@ExtendWith(VertxExtension.class)
class NeutronApiTest {
  static final String[] P1 = {"X-Project-Id", "p1"};
  static final String[] P2 = {"X-Project-Id", "p2"};
  static final String[] ADMIN = {"X-Project-Id", "ops", "X-Roles", "member, admin"};
  static final String[] NONE = {};

  Vertx vertx;
  WebClient client;
  int port;
  InMemoryResourceReader reader;
  InMemoryEngineClient engine;
  SimpleMeterRegistry registry;

  record Resp(int status, Buffer body, MultiMap headers) {
    JsonObject json() { return body == null ? null : body.toJsonObject(); }

    String text() { return body == null ? "" : body.toString(); }
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    reader = new InMemoryResourceReader();
    engine = new InMemoryEngineClient(reader);
    registry = new SimpleMeterRegistry();
    ApiDeps deps = ApiDeps.of(engine, reader, ApiConfig.defaults().withMaxBodyBytes(64 * 1024), registry);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
    await(vertx.deployVerticle(() -> new ApiVerticle(deps, options,
        r -> r.get("/healthz").handler(ctx -> ctx.response().end("ok"))), new DeploymentOptions().setInstances(2)));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
  }

  static <T> T await(Future<T> f) throws Exception { return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); }

  Resp call(HttpMethod method, String uri, Object body, String... headers) throws Exception {
    HttpRequest<Buffer> req = uri.startsWith("http") ? client.requestAbs(method, uri) : client.request(method, port, "127.0.0.1", uri);
    for (int i = 0; i < headers.length; i += 2) req.putHeader(headers[i], headers[i + 1]);
    Future<HttpResponse<Buffer>> f = body == null ? req.send()
        : req.putHeader("Content-Type", "application/json").sendBuffer(body instanceof Buffer b ? b : Buffer.buffer(body.toString()));
    HttpResponse<Buffer> r = await(f);
    return new Resp(r.statusCode(), r.bodyAsBuffer(), r.headers());
  }

  Resp get(String uri, String... h) throws Exception { return call(HttpMethod.GET, uri, null, h); }

  Resp post(String uri, Object body, String... h) throws Exception { return call(HttpMethod.POST, uri, body, h); }

  Resp put(String uri, Object body, String... h) throws Exception { return call(HttpMethod.PUT, uri, body, h); }

  Resp delete(String uri, String... h) throws Exception { return call(HttpMethod.DELETE, uri, null, h); }

  /** Creates one resource and returns its body (asserting 201). */
  JsonObject create(String collection, String key, JsonObject attrs, String... h) throws Exception {
    Resp r = post("/v2.0/" + collection, new JsonObject().put(key, attrs), h);
    assertEquals(201, r.status(), r.text());
    return r.json().getJsonObject(key);
  }

  JsonObject network(String name, String... h) throws Exception {
    return create("networks", "network", new JsonObject().put("name", name), h);
  }

  JsonObject subnet(String networkId, String cidr, String... h) throws Exception {
    return create("subnets", "subnet", new JsonObject().put("network_id", networkId).put("cidr", cidr).put("ip_version", 4), h);
  }

  /** Asserts Neutron's error shape with this status and type, and no internals in the text. */
  static JsonObject assertError(Resp r, int status, String type) {
    assertEquals(status, r.status(), r.text());
    JsonObject e = r.json().getJsonObject("NeutronError");
    assertNotNull(e, r.text());
    if (type != null) assertEquals(type, e.getString("type"), r.text());
    assertNotNull(e.getString("message"));
    assertEquals("", e.getString("detail"));
    assertFalse(r.text().contains("Exception"), r.text());
    assertFalse(r.text().contains("at io."), r.text());
    assertFalse(r.text().contains("at java."), r.text());
    return e;
  }

  static List<String> names(JsonArray items) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) out.add(items.getJsonObject(i).getString("name"));
    return out;
  }

  // ---- documents -----------------------------------------------------------------------------

  @Test
  void versionsDocumentUsesTheRequestHost() throws Exception {
    Resp r = get("/", "Host", "neutron.example:9696");
    assertEquals(200, r.status());
    JsonObject v = r.json().getJsonArray("versions").getJsonObject(0);
    assertEquals("v2.0", v.getString("id"));
    assertEquals("CURRENT", v.getString("status"));
    JsonObject link = v.getJsonArray("links").getJsonObject(0);
    assertEquals("http://neutron.example:9696/v2.0/", link.getString("href"));
    assertEquals("self", link.getString("rel"));
    assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
    assertTrue(r.headers().get("X-Openstack-Request-Id").startsWith("req-"));
  }

  @Test
  void resourcesAndExtensions() throws Exception {
    for (String path : List.of("/v2.0", "/v2.0/")) {
      Resp r = get(path);
      assertEquals(200, r.status(), path);
      Set<String> collections = new TreeSet<>();
      for (Object o : r.json().getJsonArray("resources")) collections.add(((JsonObject) o).getString("collection"));
      assertTrue(collections.containsAll(List.of("networks", "subnets", "ports", "security_groups", "routers")), collections.toString());
    }
    Resp ext = get("/v2.0/extensions");
    assertEquals(200, ext.status());
    Set<String> aliases = new TreeSet<>();
    for (Object o : ext.json().getJsonArray("extensions")) {
      JsonObject e = (JsonObject) o;
      aliases.add(e.getString("alias"));
      assertNotNull(e.getString("name"));
      assertNotNull(e.getString("description"));
    }
    assertTrue(aliases.containsAll(List.of("router", "extraroute", "security-group", "binding", "allowed-address-pairs",
        "standard-attr-revisions", "standard-attr-timestamp", "project-id", "external-net")), aliases.toString());
    for (String absent : List.of("quotas", "dns-integration", "l3-ha", "dvr", "qos", "trunk", "agent")) {
      assertFalse(aliases.contains(absent), absent);
    }
    Resp one = get("/v2.0/extensions/router");
    assertEquals(200, one.status());
    assertEquals("router", one.json().getJsonObject("extension").getString("alias"));
    assertError(get("/v2.0/extensions/quotas"), 404, null);
    assertEquals(200, get("/v2.0/extensions.json").status());
  }

  @Test
  void launcherRoutesComeFirst() throws Exception {
    Resp r = get("/healthz");
    assertEquals(200, r.status());
    assertEquals("ok", r.text());
  }

  // ---- CRUD ----------------------------------------------------------------------------------

  @Test
  void networkCrud() throws Exception {
    JsonObject n = create("networks", "network", new JsonObject().put("name", "net1").put("description", "d")
        .put("admin_state_up", true).put("mtu", 1400).put("fanout_mode", "on_demand"), P1);
    String id = n.getString("id");
    assertEquals("net1", n.getString("name"));
    assertEquals("p1", n.getString("project_id"));
    assertEquals("p1", n.getString("tenant_id"));
    assertEquals(1400, n.getInteger("mtu"));
    assertEquals("ACTIVE", n.getString("status"));
    assertEquals("vxlan", n.getString("provider:network_type"));
    assertEquals("on_demand", n.getString("fanout_mode"));
    assertEquals(1, n.getInteger("revision_number"));
    assertFalse(n.containsKey("_alcor"));

    Resp show = get("/v2.0/networks/" + id, P1);
    assertEquals(200, show.status());
    assertEquals("net1", show.json().getJsonObject("network").getString("name"));
    assertFalse(show.json().getJsonObject("network").containsKey("_alcor"));

    Resp list = get("/v2.0/networks", P1);
    assertEquals(200, list.status());
    assertEquals(List.of("net1"), names(list.json().getJsonArray("networks")));
    assertFalse(list.json().containsKey("networks_links"));

    Resp upd = put("/v2.0/networks/" + id, new JsonObject().put("network", new JsonObject().put("name", "renamed").put("shared", true)), P1);
    assertEquals(200, upd.status(), upd.text());
    JsonObject u = upd.json().getJsonObject("network");
    assertEquals("renamed", u.getString("name"));
    assertTrue(u.getBoolean("shared"));
    assertEquals(2, u.getInteger("revision_number"));

    Resp del = delete("/v2.0/networks/" + id, P1);
    assertEquals(204, del.status());
    assertTrue(del.body() == null || del.body().length() == 0);
    assertError(get("/v2.0/networks/" + id, P1), 404, "NetworkNotFound");
    assertError(delete("/v2.0/networks/" + id, P1), 404, "NetworkNotFound");
    assertError(put("/v2.0/networks/" + id, new JsonObject().put("network", new JsonObject().put("name", "x")), P1), 404, "NetworkNotFound");
  }

  @Test
  void subnetCrudAndNetworkSubnets() throws Exception {
    JsonObject n = network("n", P1);
    JsonObject s = create("subnets", "subnet", new JsonObject().put("network_id", n.getString("id")).put("cidr", "10.0.0.0/24")
        .put("ip_version", 4).put("name", "s1").put("dns_nameservers", new JsonArray().add("8.8.8.8"))
        .put("allocation_pools", new JsonArray().add(new JsonObject().put("start", "10.0.0.10").put("end", "10.0.0.20"))), P1);
    assertEquals("10.0.0.1", s.getString("gateway_ip"));
    assertEquals(4, s.getInteger("ip_version"));
    assertEquals("10.0.0.10", s.getJsonArray("allocation_pools").getJsonObject(0).getString("start"));
    assertEquals(new JsonArray().add("8.8.8.8"), s.getJsonArray("dns_nameservers"));

    JsonObject noGw = create("subnets", "subnet", new JsonObject().put("network_id", n.getString("id")).put("cidr", "10.1.0.0/24")
        .put("gateway_ip", (Object) null), P1);
    assertNull(noGw.getString("gateway_ip"));
    assertTrue(noGw.containsKey("gateway_ip"));

    JsonObject shown = get("/v2.0/networks/" + n.getString("id"), P1).json().getJsonObject("network");
    assertEquals(Set.of(s.getString("id"), noGw.getString("id")), new TreeSet<>(shown.getJsonArray("subnets").getList()));
    JsonObject listed = get("/v2.0/networks", P1).json().getJsonArray("networks").getJsonObject(0);
    assertEquals(2, listed.getJsonArray("subnets").size());

    Resp upd = put("/v2.0/subnets/" + s.getString("id"), new JsonObject().put("subnet",
        new JsonObject().put("name", "s1b").put("enable_dhcp", false).put("gateway_ip", (Object) null)), P1);
    assertEquals(200, upd.status(), upd.text());
    assertEquals("s1b", upd.json().getJsonObject("subnet").getString("name"));
    assertFalse(upd.json().getJsonObject("subnet").getBoolean("enable_dhcp"));
    assertNull(upd.json().getJsonObject("subnet").getString("gateway_ip"));
    assertError(put("/v2.0/subnets/" + s.getString("id"), new JsonObject().put("subnet", new JsonObject().put("cidr", "10.9.0.0/24")), P1),
        400, "HTTPBadRequest");

    assertEquals(2, get("/v2.0/subnets?network_id=" + n.getString("id"), P1).json().getJsonArray("subnets").size());
    assertEquals(204, delete("/v2.0/subnets/" + s.getString("id"), P1).status());
    assertError(get("/v2.0/subnets/" + s.getString("id"), P1), 404, "SubnetNotFound");
    // deleting the network takes its remaining subnet along
    assertEquals(204, delete("/v2.0/networks/" + n.getString("id"), P1).status());
    assertEquals(0, reader.size(ResourceKind.SUBNET));
  }

  @Test
  void portCrud() throws Exception {
    JsonObject n = network("n", P1);
    JsonObject s = subnet(n.getString("id"), "10.0.0.0/24", P1);
    JsonObject p = create("ports", "port", new JsonObject().put("network_id", n.getString("id")).put("name", "vm1")
        .put("fixed_ips", new JsonArray().add(new JsonObject().put("subnet_id", s.getString("id")).put("ip_address", "10.0.0.5")))
        .put("binding:host_id", "host-1").put("device_owner", "compute:nova").put("device_id", "vm-1")
        .put("binding:vnic_type", "normal").put("binding:profile", new JsonObject()), P1);
    assertEquals("10.0.0.5", p.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address"));
    assertEquals("DOWN", p.getString("status"));
    assertEquals("host-1", p.getString("binding:host_id"));
    assertTrue(p.getString("mac_address").startsWith("fa:16:3e:"));
    assertEquals(1, p.getJsonArray("security_groups").size()); // the project's default group

    String id = p.getString("id");
    assertEquals("vm1", get("/v2.0/ports/" + id, P1).json().getJsonObject("port").getString("name"));
    Resp upd = put("/v2.0/ports/" + id, new JsonObject().put("port", new JsonObject().put("name", "vm1b")
        .put("binding:host_id", (Object) null).put("device_id", "").put("device_owner", "")
        .put("allowed_address_pairs", new JsonArray().add(new JsonObject().put("ip_address", "10.0.0.100")))), P1);
    assertEquals(200, upd.status(), upd.text());
    JsonObject u = upd.json().getJsonObject("port");
    assertEquals("vm1b", u.getString("name"));
    assertEquals("", u.getString("binding:host_id"));
    assertEquals("10.0.0.100", u.getJsonArray("allowed_address_pairs").getJsonObject(0).getString("ip_address"));

    // an automatic address
    JsonObject auto = create("ports", "port", new JsonObject().put("network_id", n.getString("id")), P1);
    assertEquals(s.getString("id"), auto.getJsonArray("fixed_ips").getJsonObject(0).getString("subnet_id"));

    assertEquals(204, delete("/v2.0/ports/" + id, P1).status());
    assertError(get("/v2.0/ports/" + id, P1), 404, "PortNotFound");
  }

  @Test
  void securityGroupsAndRules() throws Exception {
    JsonObject g = create("security-groups", "security_group", new JsonObject().put("name", "web").put("description", "w"), P1);
    assertEquals(2, g.getJsonArray("security_group_rules").size()); // egress IPv4 + IPv6
    assertFalse(g.getJsonArray("security_group_rules").getJsonObject(0).containsKey("_alcor"));
    String gid = g.getString("id");

    JsonObject rule = create("security-group-rules", "security_group_rule", new JsonObject().put("security_group_id", gid)
        .put("direction", "ingress").put("ethertype", "IPv4").put("protocol", "tcp").put("port_range_min", 22)
        .put("port_range_max", 22).put("remote_ip_prefix", "0.0.0.0/0"), P1);
    assertEquals("tcp", rule.getString("protocol"));
    assertEquals(22, rule.getInteger("port_range_min"));
    assertFalse(rule.containsKey("_alcor"));
    String rid = rule.getString("id");

    JsonObject shown = get("/v2.0/security-group-rules/" + rid, P1).json().getJsonObject("security_group_rule");
    assertEquals(gid, shown.getString("security_group_id"));
    assertFalse(shown.containsKey("_alcor"));

    JsonArray ofGroup = get("/v2.0/security-group-rules?security_group_id=" + gid, P1).json().getJsonArray("security_group_rules");
    assertEquals(3, ofGroup.size());
    JsonArray ingress = get("/v2.0/security-group-rules?security_group_id=" + gid + "&direction=ingress", P1).json()
        .getJsonArray("security_group_rules");
    assertEquals(1, ingress.size());
    assertEquals(rid, ingress.getJsonObject(0).getString("id"));
    Resp paged = get("/v2.0/security-group-rules?limit=2&sort_key=direction&sort_dir=desc&sort_key=ethertype&sort_dir=asc", P1);
    JsonArray page1 = paged.json().getJsonArray("security_group_rules");
    assertEquals(List.of("ingress", "egress"), List.of(page1.getJsonObject(0).getString("direction"), page1.getJsonObject(1).getString("direction")));
    assertEquals("IPv4", page1.getJsonObject(1).getString("ethertype"));
    JsonArray page2 = get(link(paged.json().getJsonArray("security_group_rules_links"), "next"), P1).json().getJsonArray("security_group_rules");
    assertEquals(1, page2.size());
    assertEquals("IPv6", page2.getJsonObject(0).getString("ethertype"));
    JsonArray ruleFields = get("/v2.0/security-group-rules?fields=id&fields=protocol&protocol=tcp", P1).json().getJsonArray("security_group_rules");
    assertEquals(1, ruleFields.size());
    assertEquals(Set.of("id", "protocol"), ruleFields.getJsonObject(0).fieldNames());
    assertError(get("/v2.0/security-group-rules?colour=red", P1), 400, "HTTPBadRequest");

    // a protocol given as a number; a duplicate rule conflicts
    JsonObject icmp = create("security-group-rules", "security_group_rule", new JsonObject().put("security_group_id", gid)
        .put("direction", "ingress").put("protocol", 1), P1);
    assertEquals("1", icmp.getString("protocol"));
    assertError(post("/v2.0/security-group-rules", new JsonObject().put("security_group_rule", new JsonObject()
        .put("security_group_id", gid).put("direction", "ingress").put("protocol", "1")), P1), 409, "SecurityGroupRuleExists");

    Resp upd = put("/v2.0/security-groups/" + gid, new JsonObject().put("security_group", new JsonObject().put("name", "web2")), P1);
    assertEquals(200, upd.status(), upd.text());
    assertEquals("web2", upd.json().getJsonObject("security_group").getString("name"));

    assertEquals(204, delete("/v2.0/security-group-rules/" + rid, P1).status());
    assertError(get("/v2.0/security-group-rules/" + rid, P1), 404, "SecurityGroupRuleNotFound");
    assertError(put("/v2.0/security-group-rules/" + icmp.getString("id"), new JsonObject().put("security_group_rule", new JsonObject()), P1),
        405, "HTTPMethodNotAllowed");
    assertEquals(204, delete("/v2.0/security-groups/" + gid, P1).status());
    assertError(get("/v2.0/security-groups/" + gid, P1), 404, "SecurityGroupNotFound");
    // rules of another project's group are not visible
    JsonObject other = create("security-groups", "security_group", new JsonObject().put("name", "x"), P2);
    assertError(get("/v2.0/security-group-rules/" + other.getJsonArray("security_group_rules").getJsonObject(0).getString("id"), P1),
        404, "SecurityGroupRuleNotFound");
  }

  @Test
  void routersInterfacesAndRoutes() throws Exception {
    JsonObject n = network("n", P1);
    JsonObject s = subnet(n.getString("id"), "10.0.0.0/24", P1);
    JsonObject r = create("routers", "router", new JsonObject().put("name", "r1").put("admin_state_up", true)
        .put("external_gateway_info", (Object) null).put("distributed", false).put("ha", false), P1);
    String rid = r.getString("id");
    assertEquals("ACTIVE", r.getString("status"));

    Resp add = put("/v2.0/routers/" + rid + "/add_router_interface", new JsonObject().put("subnet_id", s.getString("id")), P1);
    assertEquals(200, add.status(), add.text());
    JsonObject info = add.json();
    assertEquals(rid, info.getString("id"));
    assertEquals(s.getString("id"), info.getString("subnet_id"));
    assertEquals(new JsonArray().add(s.getString("id")), info.getJsonArray("subnet_ids"));
    assertEquals("p1", info.getString("tenant_id"));
    assertEquals("p1", info.getString("project_id"));
    String portId = info.getString("port_id");

    JsonArray routerPorts = get("/v2.0/ports?device_id=" + rid, P1).json().getJsonArray("ports");
    assertEquals(1, routerPorts.size());
    assertEquals(portId, routerPorts.getJsonObject(0).getString("id"));
    assertEquals("network:router_interface", routerPorts.getJsonObject(0).getString("device_owner"));
    assertEquals("10.0.0.1", routerPorts.getJsonObject(0).getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address"));

    Resp routes = put("/v2.0/routers/" + rid, new JsonObject().put("router", new JsonObject()
        .put("routes", new JsonArray().add(new JsonObject().put("destination", "192.168.0.0/16").put("nexthop", "10.0.0.9")))), P1);
    assertEquals(200, routes.status(), routes.text());
    assertEquals("192.168.0.0/16", routes.json().getJsonObject("router").getJsonArray("routes").getJsonObject(0).getString("destination"));
    assertError(put("/v2.0/routers/" + rid, new JsonObject().put("router", new JsonObject()
        .put("routes", new JsonArray().add(new JsonObject().put("destination", "192.168.0.0/16").put("nexthop", "172.16.0.1")))), P1),
        400, "InvalidRoutes");
    assertError(put("/v2.0/routers/" + rid, new JsonObject().put("router", new JsonObject()
        .put("external_gateway_info", new JsonObject().put("network_id", n.getString("id"))))), 400, "HTTPBadRequest");
    // a port that is a router interface cannot be deleted directly, nor the router while it has one
    assertError(delete("/v2.0/ports/" + portId, P1), 409, "PortInUse");
    assertError(delete("/v2.0/routers/" + rid, P1), 409, "RouterInUse");
    assertEquals(200, put("/v2.0/routers/" + rid, new JsonObject().put("router", new JsonObject().put("routes", (Object) null)), P1).status());

    Resp remove = put("/v2.0/routers/" + rid + "/remove_router_interface.json", new JsonObject().put("subnet_id", s.getString("id")), P1);
    assertEquals(200, remove.status(), remove.text());
    assertEquals(portId, remove.json().getString("port_id"));
    assertEquals(0, get("/v2.0/ports?device_id=" + rid, P1).json().getJsonArray("ports").size());
    assertError(put("/v2.0/routers/" + rid + "/add_router_interface", new JsonObject(), P1), 400, "HTTPBadRequest");
    assertError(put("/v2.0/routers/" + rid + "/add_router_interface", new JsonObject().put("subnet_id", "nope"), P1), 404, "SubnetNotFound");
    assertEquals(204, delete("/v2.0/routers/" + rid, P1).status());
    assertError(get("/v2.0/routers/" + rid, P1), 404, "RouterNotFound");
  }

  @Test
  void jsonSuffixForms() throws Exception {
    Resp c = post("/v2.0/networks.json", new JsonObject().put("network", new JsonObject().put("name", "j")), P1);
    assertEquals(201, c.status());
    String id = c.json().getJsonObject("network").getString("id");
    assertEquals("j", get("/v2.0/networks/" + id + ".json", P1).json().getJsonObject("network").getString("name"));
    assertEquals(1, get("/v2.0/networks.json", P1).json().getJsonArray("networks").size());
    assertEquals(204, delete("/v2.0/networks/" + id + ".json", P1).status());
  }

  // ---- bulk ----------------------------------------------------------------------------------

  @Test
  void bulkCreateIsAllOrNothing() throws Exception {
    Resp ok = post("/v2.0/networks", new JsonObject().put("networks", new JsonArray()
        .add(new JsonObject().put("name", "a")).add(new JsonObject().put("name", "b"))), P1);
    assertEquals(201, ok.status(), ok.text());
    JsonArray nets = ok.json().getJsonArray("networks");
    assertEquals(List.of("a", "b"), names(nets));
    String net = nets.getJsonObject(0).getString("id");
    subnet(net, "10.0.0.0/24", P1);
    int portsBefore = reader.size(ResourceKind.PORT);

    JsonObject ip5 = new JsonObject().put("network_id", net)
        .put("fixed_ips", new JsonArray().add(new JsonObject().put("ip_address", "10.0.0.5")));
    Resp dup = post("/v2.0/ports", new JsonObject().put("ports", new JsonArray()
        .add(new JsonObject().put("network_id", net).put("name", "fine")).add(ip5.copy()).add(ip5.copy())), P1);
    assertError(dup, 409, "IpAddressInUse");
    assertEquals(portsBefore, reader.size(ResourceKind.PORT));
    assertEquals(0, get("/v2.0/ports?name=fine", P1).json().getJsonArray("ports").size());

    // a bad item anywhere refuses the whole batch before anything is applied
    int commands = engine.commands;
    assertError(post("/v2.0/ports", new JsonObject().put("ports", new JsonArray()
        .add(new JsonObject().put("network_id", net)).add(new JsonObject().put("network_id", net).put("bogus", 1))), P1), 400, "HTTPBadRequest");
    assertEquals(commands, engine.commands);

    Resp two = post("/v2.0/ports", new JsonObject().put("ports", new JsonArray()
        .add(new JsonObject().put("network_id", net)).add(ip5)), P1);
    assertEquals(201, two.status(), two.text());
    assertEquals(2, two.json().getJsonArray("ports").size());
    assertError(post("/v2.0/networks", new JsonObject().put("networks", new JsonArray()), P1), 400, null);
    assertError(post("/v2.0/networks", new JsonObject().put("networks", new JsonArray().add("x")), P1), 400, null);
  }

  // ---- lists ---------------------------------------------------------------------------------

  @Test
  void filtersFieldsPaginationAndSorting() throws Exception {
    for (String name : List.of("n3", "n1", "n5", "n2", "n4")) {
      create("networks", "network", new JsonObject().put("name", name).put("admin_state_up", !name.equals("n4")), P1);
    }
    JsonArray some = get("/v2.0/networks?name=n1&name=n3", P1).json().getJsonArray("networks");
    assertEquals(Set.of("n1", "n3"), new TreeSet<>(names(some)));
    assertEquals(List.of("n4"), names(get("/v2.0/networks?admin_state_up=False", P1).json().getJsonArray("networks")));
    assertEquals(5, get("/v2.0/networks?tenant_id=p1", P1).json().getJsonArray("networks").size());
    assertEquals(0, get("/v2.0/networks?tags=x", P1).json().getJsonArray("networks").size());

    JsonArray onlyNames = get("/v2.0/networks?fields=name&fields=id&sort_key=name", P1).json().getJsonArray("networks");
    assertEquals(Set.of("id", "name"), onlyNames.getJsonObject(0).fieldNames());
    assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), names(onlyNames));
    JsonObject oneField = get("/v2.0/networks/" + onlyNames.getJsonObject(0).getString("id") + "?fields=mtu", P1).json().getJsonObject("network");
    assertEquals(Set.of("mtu"), oneField.fieldNames());

    assertEquals(List.of("n5", "n4", "n3", "n2", "n1"),
        names(get("/v2.0/networks?sort_key=name&sort_dir=desc", P1).json().getJsonArray("networks")));
    assertEquals(List.of("n4", "n1", "n2", "n3", "n5"), names(get(
        "/v2.0/networks?sort_key=admin_state_up&sort_dir=asc&sort_key=name&sort_dir=asc", P1).json().getJsonArray("networks")));

    // pages of two, following the links the answer gives
    Resp page1 = get("/v2.0/networks?limit=2&sort_key=name&sort_dir=asc", P1);
    assertEquals(List.of("n1", "n2"), names(page1.json().getJsonArray("networks")));
    JsonArray links1 = page1.json().getJsonArray("networks_links");
    String next = link(links1, "next");
    assertNotNull(next, links1.encode());
    assertNull(link(links1, "previous"));
    assertTrue(next.startsWith("http://"), next);
    assertTrue(next.contains("limit=2") && next.contains("sort_key=name") && next.contains("marker="), next);
    Resp page2 = get(next, P1);
    assertEquals(List.of("n3", "n4"), names(page2.json().getJsonArray("networks")));
    String previous = link(page2.json().getJsonArray("networks_links"), "previous");
    assertNotNull(previous);
    assertEquals(List.of("n1", "n2"), names(get(previous, P1).json().getJsonArray("networks")));
    Resp page3 = get(link(page2.json().getJsonArray("networks_links"), "next"), P1);
    assertEquals(List.of("n5"), names(page3.json().getJsonArray("networks")));
    assertNull(link(page3.json().getJsonArray("networks_links"), "next"));

    // backwards from the end, then page by page towards the start
    Resp last = get("/v2.0/networks?limit=2&sort_key=name&page_reverse=True", P1);
    assertEquals(List.of("n4", "n5"), names(last.json().getJsonArray("networks")));
    assertNull(link(last.json().getJsonArray("networks_links"), "next"));
    Resp middle = get(link(last.json().getJsonArray("networks_links"), "previous"), P1);
    assertEquals(List.of("n2", "n3"), names(middle.json().getJsonArray("networks")));
    Resp firstPage = get(link(middle.json().getJsonArray("networks_links"), "previous"), P1);
    assertEquals(List.of("n1"), names(firstPage.json().getJsonArray("networks")));
    assertNull(link(firstPage.json().getJsonArray("networks_links"), "previous"));
    assertEquals(List.of("n2", "n3"), names(get(link(firstPage.json().getJsonArray("networks_links"), "next"), P1)
        .json().getJsonArray("networks")));
    // a marker that names nothing visible
    assertError(get("/v2.0/networks?limit=2&marker=gone", P1), 404, "NetworkNotFound");
    assertError(get("/v2.0/security-group-rules?limit=2&marker=gone", P1), 404, "SecurityGroupRuleNotFound");

    // bad list parameters
    assertError(get("/v2.0/networks?bogus=1", P1), 400, "HTTPBadRequest");
    assertError(get("/v2.0/networks?limit=-1", P1), 400, "HTTPBadRequest");
    assertError(get("/v2.0/networks?limit=abc", P1), 400, "HTTPBadRequest");
    assertError(get("/v2.0/networks?sort_key=name&sort_dir=sideways", P1), 400, "HTTPBadRequest");
    assertError(get("/v2.0/networks?sort_key=name&sort_key=id&sort_dir=asc", P1), 400, "HTTPBadRequest");
    assertError(get("/v2.0/networks?admin_state_up=perhaps", P1), 400, "HTTPBadRequest");
    assertError(get("/v2.0/networks?mtu=big", P1), 400, "HTTPBadRequest");
  }

  @Test
  void portFilters() throws Exception {
    JsonObject n = network("n", P1);
    JsonObject s = subnet(n.getString("id"), "10.0.0.0/24", P1);
    for (String ip : List.of("10.0.0.5", "10.0.0.6", "10.0.0.7")) {
      create("ports", "port", new JsonObject().put("network_id", n.getString("id")).put("name", "p" + ip.substring(7))
          .put("binding:host_id", ip.equals("10.0.0.7") ? "h2" : "h1")
          .put("fixed_ips", new JsonArray().add(new JsonObject().put("ip_address", ip))), P1);
    }
    assertEquals(List.of("p5"), names(get("/v2.0/ports?fixed_ips=ip_address%3D10.0.0.5", P1).json().getJsonArray("ports")));
    assertEquals(List.of("p6"), names(get("/v2.0/ports?fixed_ips=ip_address=10.0.0.6", P1).json().getJsonArray("ports")));
    assertEquals(3, get("/v2.0/ports?fixed_ips=subnet_id=" + s.getString("id"), P1).json().getJsonArray("ports").size());
    assertEquals(List.of("p7"), names(get("/v2.0/ports?binding:host_id=h2", P1).json().getJsonArray("ports")));
    assertEquals(Set.of("p5", "p6"), new TreeSet<>(names(get("/v2.0/ports?binding%3Ahost_id=h1", P1).json().getJsonArray("ports"))));
    assertError(get("/v2.0/ports?fixed_ips=mac=1", P1), 400, "HTTPBadRequest");
  }

  // ---- projects ------------------------------------------------------------------------------

  @Test
  void projectIsolation() throws Exception {
    JsonObject mine = network("mine", P1);
    String id = mine.getString("id");
    assertError(get("/v2.0/networks/" + id, P2), 404, "NetworkNotFound");
    assertEquals(0, get("/v2.0/networks", P2).json().getJsonArray("networks").size());
    assertError(put("/v2.0/networks/" + id, new JsonObject().put("network", new JsonObject().put("name", "stolen")), P2), 404, "NetworkNotFound");
    assertError(delete("/v2.0/networks/" + id, P2), 404, "NetworkNotFound");
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", id).put("cidr", "10.0.0.0/24")), P2),
        404, "NetworkNotFound");
    // a non-admin cannot create for another project
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("project_id", "p2")), P1), 403, null);

    // admin sees everything and can create for others
    network("other", P2);
    assertEquals(2, get("/v2.0/networks", ADMIN).json().getJsonArray("networks").size());
    assertEquals(200, get("/v2.0/networks/" + id, ADMIN).status());
    JsonObject forP2 = create("networks", "network", new JsonObject().put("name", "given").put("tenant_id", "p2"), ADMIN);
    assertEquals("p2", forP2.getString("project_id"));
    assertEquals(Set.of("other", "given"), new TreeSet<>(names(get("/v2.0/networks", P2).json().getJsonArray("networks"))));

    // a shared network is visible to (and usable by) other projects
    JsonObject shared = create("networks", "network", new JsonObject().put("name", "pub").put("shared", true), P1);
    JsonObject sub = subnet(shared.getString("id"), "10.5.0.0/24", P1);
    assertEquals(200, get("/v2.0/networks/" + shared.getString("id"), P2).status());
    assertTrue(names(get("/v2.0/networks", P2).json().getJsonArray("networks")).contains("pub"));
    assertEquals(200, get("/v2.0/subnets/" + sub.getString("id"), P2).status());
    JsonObject p2port = create("ports", "port", new JsonObject().put("network_id", shared.getString("id")), P2);
    assertEquals("p2", p2port.getString("project_id"));
    assertError(get("/v2.0/ports/" + p2port.getString("id"), P1), 404, "PortNotFound");
  }

  @Test
  void projectFromBodyOrDefault() throws Exception {
    JsonObject fromBody = create("networks", "network", new JsonObject().put("name", "b").put("project_id", "p9"), NONE);
    assertEquals("p9", fromBody.getString("project_id"));
    JsonObject fromDefault = network("d", NONE);
    assertEquals(ApiConfig.DEFAULT_PROJECT_ID, fromDefault.getString("project_id"));
    assertEquals(List.of("d"), names(get("/v2.0/networks", NONE).json().getJsonArray("networks")));
    JsonObject tenantHeader = network("t", "X-Tenant-Id", "p7");
    assertEquals("p7", tenantHeader.getString("project_id"));
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("project_id", "a").put("tenant_id", "b")), NONE),
        400, "HTTPBadRequest");
  }

  // ---- errors --------------------------------------------------------------------------------

  @Test
  void malformedAndInvalidBodies() throws Exception {
    assertError(post("/v2.0/networks", Buffer.buffer("{\"network\": {"), P1), 400, "MalformedRequestBody");
    assertError(post("/v2.0/networks", Buffer.buffer("not json at all"), P1), 400, "MalformedRequestBody");
    assertError(post("/v2.0/networks", Buffer.buffer("[1,2]"), P1), 400, "MalformedRequestBody");
    assertError(post("/v2.0/networks", Buffer.buffer("{\"network\": {}} trailing"), P1), 400, "MalformedRequestBody");
    assertError(post("/v2.0/networks", Buffer.buffer("[".repeat(20000)), P1), 400, "MalformedRequestBody");
    assertError(post("/v2.0/networks", null, P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("netwerk", new JsonObject()), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", "x"), P1), 400, "HTTPBadRequest");

    JsonObject unknown = assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("colour", "red")), P1),
        400, "HTTPBadRequest");
    assertTrue(unknown.getString("message").contains("colour"), unknown.encode());
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("status", "DOWN")), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("id", "mine")), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("name", 123)), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("admin_state_up", "maybe")), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("mtu", "big")), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("mtu", 1e300)), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("provider:network_type", "vlan")), P1),
        400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("fanout_mode", "sometimes")), P1),
        400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("name", "x".repeat(300))), P1),
        400, "HTTPBadRequest");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("mtu", 20)), P1), 400, null);

    JsonObject n = network("n", P1);
    String net = n.getString("id");
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net)), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net).put("cidr", "10.0.0.0/24")
        .put("ip_version", 5)), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net).put("cidr", "10.0.0.0/24")
        .put("dns_nameservers", "8.8.8.8")), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net).put("cidr", "10.0.0.0/24")
        .put("allocation_pools", new JsonArray().add(new JsonObject().put("first", "10.0.0.2")))), P1), 400, "HTTPBadRequest");
    assertError(post("/v2.0/ports", new JsonObject().put("port", new JsonObject().put("network_id", net).put("fixed_ips", "10.0.0.3")), P1),
        400, "HTTPBadRequest");
    assertError(post("/v2.0/ports", new JsonObject().put("port", new JsonObject().put("network_id", net).put("binding:vnic_type", "direct")), P1),
        400, "HTTPBadRequest");
    assertError(post("/v2.0/ports", new JsonObject().put("port", new JsonObject().put("name", "no-net")), P1), 400, "HTTPBadRequest");
    assertError(put("/v2.0/ports/x", new JsonObject().put("port", new JsonObject().put("network_id", net)), P1), 400, "HTTPBadRequest");
    assertError(put("/v2.0/networks/" + net, new JsonObject().put("network", new JsonObject().put("tenant_id", "p2")), P1), 400, "HTTPBadRequest");
    assertError(put("/v2.0/networks/" + net, Buffer.buffer("{"), P1), 400, "MalformedRequestBody");
    assertEquals(0, reader.size(ResourceKind.SUBNET));
    assertEquals(1, reader.size(ResourceKind.NETWORK));
  }

  @Test
  void engineRefusalsInNeutronShape() throws Exception {
    JsonObject n = network("n", P1);
    String net = n.getString("id");
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net).put("cidr", "10.0.0.300/24")), P1),
        400, null);
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net).put("cidr", "banana")), P1),
        400, null);
    JsonObject s = subnet(net, "10.0.0.0/24", P1);
    assertError(post("/v2.0/subnets", new JsonObject().put("subnet", new JsonObject().put("network_id", net).put("cidr", "10.0.0.128/25")), P1),
        409, "SubnetOverlap");
    assertError(post("/v2.0/ports", new JsonObject().put("port", new JsonObject().put("network_id", net).put("fixed_ips",
        new JsonArray().add(new JsonObject().put("subnet_id", s.getString("id")).put("ip_address", "10.9.9.9")))), P1), 400, "InvalidIpForSubnet");
    assertError(post("/v2.0/ports", new JsonObject().put("port", new JsonObject().put("network_id", net).put("fixed_ips",
        new JsonArray().add(new JsonObject().put("ip_address", "10.9.9.9")))), P1), 400, "InvalidIpForNetwork");
    JsonObject ip = new JsonObject().put("network_id", net).put("fixed_ips", new JsonArray().add(new JsonObject().put("ip_address", "10.0.0.5")));
    create("ports", "port", ip.copy(), P1);
    assertError(post("/v2.0/ports", new JsonObject().put("port", ip.copy()), P1), 409, "IpAddressInUse");
    assertError(delete("/v2.0/subnets/" + s.getString("id"), P1), 409, "SubnetInUse");
    assertError(delete("/v2.0/networks/" + net, P1), 409, "NetworkInUse");
    assertError(post("/v2.0/ports", new JsonObject().put("port", new JsonObject().put("network_id", "missing")), P1), 404, "NetworkNotFound");
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject().put("provider:segmentation_id", 77)), P1), 403, null);
    JsonObject vni = create("networks", "network", new JsonObject().put("provider:segmentation_id", 77), ADMIN);
    assertEquals(77, vni.getInteger("provider:segmentation_id"));
  }

  @Test
  void unknownRoutesAndMethods() throws Exception {
    assertError(get("/v2.0/widgets"), 404, "HTTPNotFound");
    assertError(get("/nothing/here"), 404, "HTTPNotFound");
    assertError(get("/v2.0/networks/a/b/c"), 404, "HTTPNotFound");
    Resp patch = call(HttpMethod.PATCH, "/v2.0/networks", null);
    assertError(patch, 405, "HTTPMethodNotAllowed");
    assertTrue(patch.headers().get("Allow").contains("POST"), patch.headers().get("Allow"));
    assertError(call(HttpMethod.DELETE, "/v2.0/networks", null), 405, "HTTPMethodNotAllowed");
    assertError(call(HttpMethod.POST, "/v2.0/networks/abc", new JsonObject()), 405, "HTTPMethodNotAllowed");
    assertError(call(HttpMethod.GET, "/v2.0/routers/abc/add_router_interface", null), 405, "HTTPMethodNotAllowed");
    assertError(call(HttpMethod.DELETE, "/", null), 405, "HTTPMethodNotAllowed");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    JsonObject huge = new JsonObject().put("network", new JsonObject().put("name", "x".repeat(100 * 1024)));
    assertError(post("/v2.0/networks", huge, P1), 413, "HTTPRequestEntityTooLarge");
    assertEquals(0, reader.size(ResourceKind.NETWORK));
    // the service is fine afterwards
    network("after", P1);
  }

  @Test
  void unavailableEngineIs503AndInternalFailuresAre500() throws Exception {
    engine.unavailable = true;
    assertError(post("/v2.0/networks", new JsonObject().put("network", new JsonObject()), P1), 503, "ServiceUnavailable");
    engine.unavailable = false;
    reader.failWith = new IllegalStateException("database exploded with a secret stack");
    JsonObject e = assertError(get("/v2.0/networks", P1), 500, "HTTPInternalServerError");
    assertFalse(e.getString("message").contains("exploded"));
    assertError(get("/v2.0/networks/x", P1), 500, "HTTPInternalServerError");
    reader.failWith = null;
    assertEquals(200, get("/v2.0/networks", P1).status());
  }

  @Test
  void requestsAreTimedByRouteTemplate() throws Exception {
    JsonObject n = network("m", P1);
    get("/v2.0/networks/" + n.getString("id"), P1);
    get("/v2.0/networks/missing", P1);
    get("/v2.0/widgets");
    Timer created = registry.find(ApiMetrics.TIMER).tags("route", "/v2.0/networks", "method", "POST", "status", "201").timer();
    assertNotNull(created);
    assertEquals(1, created.count());
    Timer shown = registry.find(ApiMetrics.TIMER).tags("route", "/v2.0/networks/:id", "method", "GET", "status", "200").timer();
    assertNotNull(shown);
    assertNotNull(registry.find(ApiMetrics.TIMER).tags("route", "/v2.0/networks/:id", "status", "404").timer());
    assertNotNull(registry.find(ApiMetrics.TIMER).tags("route", "unmatched", "status", "404").timer());
  }

  @Test
  void mountsAsASubRouterUnderAPrefix() throws Exception {
    io.vertx.ext.web.Router root = io.vertx.ext.web.Router.router(vertx);
    root.get("/metrics").handler(ctx -> ctx.response().end("m"));
    ApiDeps deps = ApiDeps.of(engine, reader, ApiConfig.defaults(), registry);
    root.route("/networking/*").subRouter(NeutronApi.create(vertx, deps));
    io.vertx.core.http.HttpServer server = await(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + server.actualPort();
    try {
      assertEquals("m", get(base + "/metrics").text());
      Resp versions = get(base + "/networking/");
      assertEquals(200, versions.status(), versions.text());
      assertTrue(versions.json().getJsonArray("versions").getJsonObject(0).getJsonArray("links").getJsonObject(0)
          .getString("href").endsWith("/networking/v2.0/"));
      for (String name : List.of("a", "b", "c")) {
        assertEquals(201, post(base + "/networking/v2.0/networks", new JsonObject().put("network", new JsonObject().put("name", name)), P1).status());
      }
      Resp page = get(base + "/networking/v2.0/networks?limit=2&sort_key=name", P1);
      assertEquals(List.of("a", "b"), names(page.json().getJsonArray("networks")));
      String next = link(page.json().getJsonArray("networks_links"), "next");
      assertTrue(next.contains("/networking/v2.0/networks?"), next);
      assertEquals(List.of("c"), names(get(next, P1).json().getJsonArray("networks")));
      assertError(call(HttpMethod.PATCH, base + "/networking/v2.0/networks", null), 405, "HTTPMethodNotAllowed");
      assertError(get(base + "/networking/v2.0/widgets"), 404, "HTTPNotFound");
    } finally {
      await(server.close());
    }
  }

  static String link(JsonArray links, String rel) {
    if (links == null) return null;
    for (Object o : links) {
      JsonObject l = (JsonObject) o;
      if (rel.equals(l.getString("rel"))) return l.getString("href");
    }
    return null;
  }
}
