package io.alcorvx.service.api;

import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.RouterInterfaceInfo;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.service.codec.NeutronJson;
import io.alcorvx.service.codec.ResourceKind;
import io.alcorvx.service.engine.EngineClient;
import io.alcorvx.service.engine.EngineUnavailableException;
import io.alcorvx.service.store.ListQuery;
import io.alcorvx.service.store.ListResult;
import io.alcorvx.service.store.ResourceReader;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenStack Networking v2.0 as the {@code openstack} CLI, openstacksdk and Nova use it, on a
 * vertx-web {@link Router}: translates Neutron JSON to engine commands (writes) and serves shows
 * and lists from the {@link ResourceReader} (reads). Decides no network rule itself.
 *
 * <p>Every answer is JSON; every error is Neutron's {@code {"NeutronError": {type, message,
 * detail}}} without stack traces; nothing a client sends can make a handler throw past the
 * router's failure handler.
 */
public final class NeutronApi {
  private static final Logger LOG = LoggerFactory.getLogger(NeutronApi.class);

  static final String ROUTE_KEY = "alcor.api.route";
  private static final String START_KEY = "alcor.api.start";
  private static final String JSON = "application/json";

  /** Extensions we implement, alias -> (name, description). Advertise nothing we do not do. */
  private static final Map<String, String[]> EXTENSIONS = extensions();

  private final EngineClient engine;
  private final ResourceReader reader;
  private final ActorResolver actors;
  private final ApiConfig config;
  private final ApiMetrics metrics;
  /** Known path patterns and their methods, for 405 versus 404. */
  private final Map<Pattern, Set<HttpMethod>> known = new LinkedHashMap<>();

  private NeutronApi(ApiDeps deps) {
    this.engine = deps.engine();
    this.reader = deps.reader();
    this.actors = deps.actors();
    this.config = deps.config();
    this.metrics = new ApiMetrics(deps.registry());
  }

  /** A new router serving the API (mount it last: it answers every path it sees). */
  public static Router create(Vertx vertx, ApiDeps deps) {
    Router router = Router.router(vertx);
    mount(router, deps);
    return router;
  }

  /**
   * Adds the API's routes to {@code router}, after whatever it already holds (e.g. /metrics,
   * /healthz). Any path not matched before gets a Neutron 404/405 from here.
   */
  public static void mount(Router router, ApiDeps deps) { new NeutronApi(deps).install(router); }

  // ---- routing -------------------------------------------------------------------------------

  private void install(Router router) {
    router.route().handler(this::begin);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));

    // Ports first, the rest after: Vert.x tries routes in order and matches a parameterised
    // path's regex before its method, so each route ahead of POST /v2.0/ports cost every port
    // create a regex match (about 5 % of a create's allocations with ports third).
    List<ApiResource> resources = new ArrayList<>(List.of(ApiResource.values()));
    resources.remove(ApiResource.PORT);
    resources.add(0, ApiResource.PORT);
    for (ApiResource r : resources) {
      String coll = "/v2.0/" + r.collection;
      on(router, HttpMethod.POST, coll, ctx -> create(ctx, r));
      on(router, HttpMethod.GET, coll, ctx -> list(ctx, r));
      on(router, HttpMethod.GET, coll + "/:id", ctx -> show(ctx, r));
      if (r != ApiResource.SECURITY_GROUP_RULE) on(router, HttpMethod.PUT, coll + "/:id", ctx -> update(ctx, r));
      on(router, HttpMethod.DELETE, coll + "/:id", ctx -> delete(ctx, r));
    }
    on(router, HttpMethod.GET, "/", this::versions);
    on(router, HttpMethod.GET, "/v2.0", this::resources);
    on(router, HttpMethod.GET, "/v2.0/extensions", this::extensionList);
    on(router, HttpMethod.GET, "/v2.0/extensions/:alias", this::extension);
    on(router, HttpMethod.PUT, "/v2.0/routers/:id/add_router_interface", ctx -> routerInterface(ctx, true));
    on(router, HttpMethod.PUT, "/v2.0/routers/:id/remove_router_interface", ctx -> routerInterface(ctx, false));

    router.route().handler(this::noRoute);
    router.route().failureHandler(this::onFailure);
  }

  /** One route (and its older {@code .json} form for collections and actions). */
  private void on(Router router, HttpMethod method, String template, Handler<RoutingContext> handler) {
    Handler<RoutingContext> guarded = ctx -> {
      ctx.put(ROUTE_KEY, template);
      try {
        handler.handle(ctx);
      } catch (Throwable t) {
        error(ctx, t);
      }
    };
    router.route(method, template).handler(guarded);
    if (!template.equals("/") && !template.endsWith("/:id") && !template.endsWith("/:alias") && !template.equals("/v2.0")) {
      router.route(method, template + ".json").handler(guarded);
    }
    String regex = "^" + Pattern.quote(template).replace(":id", "\\E[^/]+\\Q").replace(":alias", "\\E[^/]+\\Q")
        + "(\\.json)?/?$";
    known.computeIfAbsent(Pattern.compile(regex), k -> new LinkedHashSet<>()).add(method);
  }

  private void begin(RoutingContext ctx) {
    long start = System.nanoTime();
    HttpMethod method = ctx.request().method();
    ctx.response().putHeader("X-Openstack-Request-Id", requestId());
    ctx.addEndHandler(ar -> {
      String route = ctx.get(ROUTE_KEY);
      metrics.record(route == null ? "unmatched" : route, method.name(), ctx.response().getStatusCode(), System.nanoTime() - start);
    });
    ctx.next();
  }

  private static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "req-" + new java.util.UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & ~(3L << 62)) | (2L << 62));
  }

  private void noRoute(RoutingContext ctx) {
    String path = relativePath(ctx);
    Set<HttpMethod> allowed = new TreeSet<>((a, b) -> a.name().compareTo(b.name()));
    for (Map.Entry<Pattern, Set<HttpMethod>> e : known.entrySet()) {
      if (e.getKey().matcher(path).matches()) allowed.addAll(e.getValue());
    }
    if (allowed.isEmpty()) {
      sendError(ctx, 404, "HTTPNotFound", "The resource could not be found.");
    } else {
      StringBuilder allow = new StringBuilder();
      for (HttpMethod m : allowed) allow.append(allow.length() == 0 ? "" : ", ").append(m.name());
      ctx.response().putHeader("Allow", allow.toString());
      sendError(ctx, 405, "HTTPMethodNotAllowed", "The method " + ctx.request().method().name() + " is not allowed for this resource.");
    }
  }

  private static String relativePath(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String mount = ctx.mountPoint();
    if (mount != null) {
      String m = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
      if (!m.isEmpty() && path.startsWith(m)) path = path.substring(m.length());
    }
    return path.isEmpty() ? "/" : path;
  }

  private void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    int status = ctx.statusCode();
    if (t instanceof HttpException he) {
      status = he.getStatusCode();
      t = null;
    }
    if (t != null) {
      error(ctx, t);
      return;
    }
    switch (status) {
      case 413 -> sendError(ctx, 413, "HTTPRequestEntityTooLarge", "Request is too large: the body exceeds " + config.maxBodyBytes() + " bytes.");
      case 400 -> sendError(ctx, 400, "HTTPBadRequest", "Malformed request.");
      case 404 -> sendError(ctx, 404, "HTTPNotFound", "The resource could not be found.");
      case 405 -> sendError(ctx, 405, "HTTPMethodNotAllowed", "The method is not allowed for this resource.");
      default -> {
        if (status >= 400 && status < 500) sendError(ctx, status, "HTTPClientError", "The request was refused.");
        else {
          LOG.error("request {} {} failed with status {}", ctx.request().method(), ctx.request().path(), status);
          internalError(ctx);
        }
      }
    }
  }

  // ---- documents -----------------------------------------------------------------------------

  private static String base(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String host = req.getHeader("Host");
    if (host == null || host.isBlank()) host = req.authority() == null ? "localhost" : req.authority().host() + ":" + req.authority().port();
    return req.scheme() + "://" + host;
  }

  /** The path prefix the API is mounted under ("" at the root). */
  private static String prefix(RoutingContext ctx) {
    String mount = ctx.mountPoint();
    if (mount == null) return "";
    return mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
  }

  private void versions(RoutingContext ctx) {
    JsonObject v = new JsonObject().put("id", "v2.0").put("status", "CURRENT")
        .put("links", new JsonArray().add(new JsonObject().put("href", base(ctx) + prefix(ctx) + "/v2.0/").put("rel", "self")));
    send(ctx, 200, new JsonObject().put("versions", new JsonArray().add(v)));
  }

  private void resources(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    String base = base(ctx) + prefix(ctx) + "/v2.0/";
    for (ApiResource r : ApiResource.values()) {
      list.add(new JsonObject().put("name", r.singular).put("collection", r.plural)
          .put("links", new JsonArray().add(new JsonObject().put("href", base + r.collection).put("rel", "self"))));
    }
    send(ctx, 200, new JsonObject().put("resources", list));
  }

  private void extensionList(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    for (String alias : EXTENSIONS.keySet()) list.add(extension(alias));
    send(ctx, 200, new JsonObject().put("extensions", list));
  }

  private void extension(RoutingContext ctx) {
    String alias = stripJson(ctx.pathParam("alias"));
    if (!EXTENSIONS.containsKey(alias)) {
      throw ApiException.notFound("ExtensionNotFound", "Extension with alias " + alias + " does not exist");
    }
    send(ctx, 200, new JsonObject().put("extension", extension(alias)));
  }

  private static JsonObject extension(String alias) {
    String[] e = EXTENSIONS.get(alias);
    return new JsonObject().put("name", e[0]).put("alias", alias).put("description", e[1])
        .put("updated", "2013-01-01T00:00:00-00:00").put("links", new JsonArray());
  }

  private static Map<String, String[]> extensions() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("router", new String[] {"Neutron L3 Router", "Router abstraction for L3 forwarding between L2 Neutron networks."});
    m.put("extraroute", new String[] {"Neutron Extra Route", "Extra routes configuration for L3 router."});
    m.put("external-net", new String[] {"Neutron external network", "Adds external network attribute to network resource."});
    m.put("security-group", new String[] {"security-group", "The security groups extension."});
    m.put("binding", new String[] {"Port Binding", "Expose port bindings of a virtual port to external application."});
    m.put("allowed-address-pairs", new String[] {"Allowed Address Pairs", "Provides allowed address pairs."});
    m.put("provider", new String[] {"Provider Network", "Expose mapping of virtual networks to physical networks (network type vxlan only)."});
    m.put("net-mtu", new String[] {"Network MTU", "Provides MTU attribute for a network resource."});
    m.put("port-security", new String[] {"Port Security", "Provides port security (always enabled)."});
    m.put("standard-attr-revisions", new String[] {"Resource revision numbers", "This extension will display the revision number of neutron resources."});
    m.put("standard-attr-timestamp", new String[] {"Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."});
    m.put("standard-attr-description", new String[] {"standard-attr-description", "Extension to add descriptions to standard attributes."});
    m.put("project-id", new String[] {"project_id field enabled", "Extension that indicates that project_id field is enabled."});
    m.put("alcor-fanout-mode", new String[] {"Alcor fan-out mode", "Per-network neighbor fan-out: fanout_mode push, on_demand or auto."});
    return m;
  }

  // ---- writes --------------------------------------------------------------------------------

  private void create(RoutingContext ctx, ApiResource r) {
    JsonObject body = jsonBody(ctx);
    boolean bulk = body.containsKey(r.plural);
    Set<String> unexpected = new TreeSet<>(body.fieldNames());
    unexpected.remove(r.singular);
    unexpected.remove(r.plural);
    if (body.size() != 1 || !unexpected.isEmpty()) {
      throw ApiException.badRequest(unexpected.isEmpty()
          ? "Specify either '" + r.singular + "' or '" + r.plural + "', not both."
          : "Unrecognized attribute(s) '" + String.join(", ", unexpected) + "'; expected '" + r.singular + "' or '" + r.plural + "'");
    }
    List<JsonObject> items = new ArrayList<>();
    if (bulk) {
      if (!(body.getValue(r.plural) instanceof JsonArray a)) throw ApiException.invalid(r.plural, "must be a list of " + r.singular + " objects");
      if (a.isEmpty()) throw ApiException.badRequest("Resources required: '" + r.plural + "' is empty.");
      for (Object o : a) {
        if (!(o instanceof JsonObject j)) throw ApiException.invalid(r.plural, "'" + o + "' is not a " + r.singular + " object");
        items.add(j);
      }
    } else {
      if (!(body.getValue(r.singular) instanceof JsonObject j)) throw ApiException.invalid(r.singular, "must be an object");
      items.add(j);
    }
    String hint = null;
    for (JsonObject i : items) {
      if (hint == null) hint = BodyFields.projectHint(i);
    }
    actors.resolve(ctx, hint).compose(actor -> {
      List<Command> commands = new ArrayList<>(items.size());
      for (JsonObject i : items) commands.add(CommandParser.create(r, actor, i));
      return execute(bulk ? new Command.Batch(actor, commands) : commands.get(0));
    }).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, ar.cause());
      } else if (bulk) {
        JsonArray out = new JsonArray();
        for (Object v : (List<?>) ar.result()) out.add(render(v));
        send(ctx, 201, new JsonObject().put(r.plural, out));
      } else {
        send(ctx, 201, new JsonObject().put(r.singular, render(ar.result())));
      }
    });
  }

  private void update(RoutingContext ctx, ApiResource r) {
    String id = id(ctx);
    JsonObject body = jsonBody(ctx);
    Set<String> unexpected = new TreeSet<>(body.fieldNames());
    unexpected.remove(r.singular);
    if (!unexpected.isEmpty()) throw ApiException.badRequest("Unrecognized attribute(s) '" + String.join(", ", unexpected) + "'");
    if (!(body.getValue(r.singular) instanceof JsonObject item)) throw ApiException.invalid(r.singular, "must be an object");
    actors.resolve(ctx, null)
        .compose(actor -> execute(CommandParser.update(r, actor, id, item)))
        .compose(v -> r == ApiResource.NETWORK ? withSubnets(List.of(render(v))).map(l -> l.get(0)) : Future.succeededFuture(render(v)))
        .onComplete(ar -> {
          if (ar.failed()) error(ctx, ar.cause());
          else send(ctx, 200, new JsonObject().put(r.singular, ar.result()));
        });
  }

  private void delete(RoutingContext ctx, ApiResource r) {
    String id = id(ctx);
    actors.resolve(ctx, null).compose(actor -> execute(switch (r) {
      case NETWORK -> new Command.DeleteNetwork(actor, id);
      case SUBNET -> new Command.DeleteSubnet(actor, id);
      case PORT -> new Command.DeletePort(actor, id);
      case SECURITY_GROUP -> new Command.DeleteSecurityGroup(actor, id);
      case SECURITY_GROUP_RULE -> new Command.DeleteSecurityGroupRule(actor, id);
      case ROUTER -> new Command.DeleteRouter(actor, id);
    })).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, ar.cause());
      } else if (!ctx.response().ended()) {
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  private void routerInterface(RoutingContext ctx, boolean add) {
    String routerId = id(ctx);
    String[] target = CommandParser.routerInterface(jsonBody(ctx));
    actors.resolve(ctx, null).compose(actor -> execute(add
        ? new Command.AddRouterInterface(actor, routerId, target[0], target[1])
        : new Command.RemoveRouterInterface(actor, routerId, target[0], target[1]))).onComplete(ar -> {
          if (ar.failed()) {
            error(ctx, ar.cause());
            return;
          }
          RouterInterfaceInfo info = (RouterInterfaceInfo) ar.result();
          send(ctx, 200, new JsonObject().put("id", info.routerId()).put("subnet_id", info.subnetId())
              .put("subnet_ids", new JsonArray().add(info.subnetId())).put("port_id", info.portId())
              .put("tenant_id", info.projectId()).put("project_id", info.projectId()));
        });
  }

  private Future<Object> execute(Command c) {
    try {
      Future<Object> f = engine.execute(c);
      return f == null ? Future.failedFuture(new IllegalStateException("engine client returned no future")) : f;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** What the engine answered, as the client sees it. */
  private static JsonObject render(Object value) {
    if (value instanceof Resource res) {
      JsonObject rendered = NeutronJson.render(res);
      rendered.remove(NeutronJson.INTERNAL); // rendered for this reply alone: no copy needed to strip it
      return clientBody(rendered);
    }
    if (value instanceof SecurityGroupRule rule) return NeutronJson.forClient(NeutronJson.rule(rule));
    throw new IllegalStateException("unexpected engine value " + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  // ---- reads ---------------------------------------------------------------------------------

  private void show(RoutingContext ctx, ApiResource r) {
    String id = id(ctx);
    Set<String> fields = ListParams.fields(ctx.queryParams());
    actors.resolve(ctx, null).compose(actor -> {
      String visible = visibleProject(actor);
      if (r == ApiResource.SECURITY_GROUP_RULE) {
        return rules(Map.of(), visible).map(all -> {
          for (JsonObject rule : all) {
            if (id.equals(rule.getString("id"))) return rule;
          }
          throw EngineException.notFound(r.typeName, id);
        });
      }
      return read(() -> reader.get(r.kind, id, visible)).compose(body -> {
        if (body == null) return Future.failedFuture(EngineException.notFound(r.typeName, id));
        JsonObject client = clientBody(body);
        if (r == ApiResource.NETWORK && wants(fields, "subnets")) return withSubnets(List.of(client)).map(l -> l.get(0));
        return Future.succeededFuture(client);
      });
    }).onComplete(ar -> {
      if (ar.failed()) error(ctx, ar.cause());
      else send(ctx, 200, new JsonObject().put(r.singular, project(ar.result(), fields)));
    });
  }

  private void list(RoutingContext ctx, ApiResource r) {
    ListParams params = ListParams.parse(r, ctx.queryParams(), null);
    actors.resolve(ctx, null).compose(actor -> {
      ListQuery q = params.query();
      ListQuery query = new ListQuery(q.filters(), q.sort(), q.limit(), q.marker(), q.pageReverse(), visibleProject(actor));
      if (params.noMatch()) return Future.succeededFuture(new ListResult(List.of(), false));
      if (r == ApiResource.SECURITY_GROUP_RULE) {
        // rules live in their groups: push a security_group_id filter down as the group id
        Map<String, List<String>> groupFilter = new HashMap<>();
        List<String> groups = query.filters().get("security_group_id");
        if (groups != null) groupFilter.put("id", groups);
        return rules(groupFilter, query.visibleProject()).map(all -> JsonQuery.apply(all, query, r));
      }
      return read(() -> reader.list(r.kind, query)).recover(t -> Future.failedFuture(markerNotFound(t)
          ? ApiException.notFound(r.typeName + "NotFound", "Marker " + query.marker() + " could not be found.") : t)).compose(res -> {
        List<JsonObject> items = new ArrayList<>(res.items().size());
        for (JsonObject b : res.items()) items.add(clientBody(b));
        if (r == ApiResource.NETWORK && wants(params.fields(), "subnets")) {
          return withSubnets(items).map(l -> new ListResult(l, res.hasMore()));
        }
        return Future.succeededFuture(new ListResult(items, res.hasMore()));
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, ar.cause());
        return;
      }
      ListResult res = ar.result();
      JsonArray out = new JsonArray();
      for (JsonObject o : res.items()) out.add(project(o, params.fields()));
      JsonObject answer = new JsonObject().put(r.plural, out);
      if (params.query().limit() != null) answer.put(r.plural + "_links", links(ctx, params.query(), res));
      send(ctx, 200, answer);
    });
  }

  /**
   * The reader's "marker names nothing visible" failure (the store's MarkerNotFoundException,
   * matched by name so this package does not depend on the store's classes).
   */
  private static boolean markerNotFound(Throwable t) {
    return t != null && t.getClass().getSimpleName().equals("MarkerNotFoundException");
  }

  /** The reader's future, or a failed one if it threw. */
  private static <T> Future<T> read(java.util.function.Supplier<Future<T>> call) {
    try {
      Future<T> f = call.get();
      return f == null ? Future.failedFuture(new IllegalStateException("reader returned no future")) : f;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Rules of the visible groups (optionally only some groups), as clients see them. */
  private Future<List<JsonObject>> rules(Map<String, List<String>> groupFilter, String visible) {
    ListQuery groups = new ListQuery(groupFilter, List.of(), null, null, false, visible);
    return read(() -> reader.list(ResourceKind.SECURITY_GROUP, groups)).map(res -> {
      List<JsonObject> out = new ArrayList<>();
      for (JsonObject g : res.items()) {
        JsonArray rules = g.getJsonArray("security_group_rules");
        if (rules == null) continue;
        for (int i = 0; i < rules.size(); i++) out.add(NeutronJson.forClient(rules.getJsonObject(i)));
      }
      return out;
    });
  }

  /**
   * Fills the {@code subnets} of networks that show none (engine answers never list them; a
   * reader may or may not), with one subnet query for the page.
   */
  private Future<List<JsonObject>> withSubnets(List<JsonObject> networks) {
    List<String> ids = new ArrayList<>(networks.size());
    for (JsonObject n : networks) {
      JsonArray known = n.getJsonArray("subnets");
      if (known == null || known.isEmpty()) ids.add(n.getString("id"));
    }
    if (ids.isEmpty()) return Future.succeededFuture(networks);
    ListQuery q = new ListQuery(Map.of("network_id", ids), List.of(), null, null, false, null);
    return read(() -> reader.list(ResourceKind.SUBNET, q)).map(res -> {
      Map<String, JsonArray> byNetwork = new HashMap<>();
      for (JsonObject s : res.items()) byNetwork.computeIfAbsent(s.getString("network_id"), k -> new JsonArray()).add(s.getString("id"));
      List<JsonObject> out = new ArrayList<>(networks.size());
      for (JsonObject n : networks) {
        JsonArray found = byNetwork.get(n.getString("id"));
        if (found == null) {
          out.add(n);
        } else {
          JsonObject copy = n.copy();
          copy.put("subnets", found);
          out.add(copy);
        }
      }
      return out;
    });
  }

  /** A stored body as clients see it: no internals, also not in a group's embedded rules. */
  static JsonObject clientBody(JsonObject stored) {
    JsonObject body = NeutronJson.forClient(stored);
    if (body.getValue("security_group_rules") instanceof JsonArray rules) {
      JsonArray clean = new JsonArray();
      boolean changed = false;
      for (Object o : rules) {
        if (o instanceof JsonObject r && r.containsKey(NeutronJson.INTERNAL)) {
          clean.add(NeutronJson.forClient(r));
          changed = true;
        } else {
          clean.add(o);
        }
      }
      if (changed) {
        if (body == stored) body = body.copy();
        body.put("security_group_rules", clean);
      }
    }
    return body;
  }

  private static boolean wants(Set<String> fields, String field) { return fields.isEmpty() || fields.contains(field); }

  private static String visibleProject(Actor actor) { return actor.admin() ? null : actor.projectId(); }

  /** Only the asked fields (all when none were asked). */
  private static JsonObject project(JsonObject body, Set<String> fields) {
    if (fields.isEmpty()) return body;
    JsonObject out = new JsonObject();
    for (String f : fields) {
      if (body.containsKey(f)) out.put(f, body.getValue(f));
    }
    return out;
  }

  /** Neutron's {@code <collection>_links}: next when more follow, previous when we came from a marker. */
  private static JsonArray links(RoutingContext ctx, ListQuery q, ListResult res) {
    JsonArray links = new JsonArray();
    List<JsonObject> items = res.items();
    if (items.isEmpty()) return links;
    String first = items.get(0).getString("id");
    String last = items.get(items.size() - 1).getString("id");
    boolean hasNext = q.pageReverse() ? q.marker() != null : res.hasMore();
    boolean hasPrevious = q.pageReverse() ? res.hasMore() : q.marker() != null;
    if (hasNext) links.add(new JsonObject().put("rel", "next").put("href", pageHref(ctx, last, false)));
    if (hasPrevious) links.add(new JsonObject().put("rel", "previous").put("href", pageHref(ctx, first, true)));
    return links;
  }

  private static String pageHref(RoutingContext ctx, String marker, boolean reverse) {
    StringBuilder sb = new StringBuilder(base(ctx)).append(ctx.request().path()).append('?');
    MultiMap params = ctx.queryParams();
    boolean firstParam = true;
    for (Map.Entry<String, String> e : params.entries()) {
      if (e.getKey().equals("marker") || e.getKey().equals("page_reverse")) continue;
      if (!firstParam) sb.append('&');
      sb.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      firstParam = false;
    }
    if (!firstParam) sb.append('&');
    sb.append("marker=").append(enc(marker));
    if (reverse) sb.append("&page_reverse=True");
    return sb.toString();
  }

  private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

  // ---- bodies, ids, answers --------------------------------------------------------------------

  /** The request body as a JSON object; 400 for none, malformed JSON, or not an object. */
  private static JsonObject jsonBody(RoutingContext ctx) {
    Buffer b = ctx.body() == null ? null : ctx.body().buffer();
    if (b == null || b.length() == 0) throw ApiException.badRequest("Resource body required");
    Object v;
    try {
      v = Json.decodeValue(b);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ApiException(400, "MalformedRequestBody", "Malformed request body: the body is not valid JSON.");
    }
    if (!(v instanceof JsonObject o)) throw new ApiException(400, "MalformedRequestBody", "Malformed request body: expected a JSON object.");
    return o;
  }

  private static String id(RoutingContext ctx) { return stripJson(ctx.pathParam("id")); }

  private static String stripJson(String s) { return s != null && s.endsWith(".json") ? s.substring(0, s.length() - 5) : s; }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse resp = ctx.response();
    if (resp.ended() || resp.closed()) return;
    resp.setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }

  private void error(RoutingContext ctx, Throwable t) {
    if (t instanceof ApiException e) {
      sendError(ctx, e.status(), e.type(), e.getMessage());
    } else if (t instanceof EngineException e) {
      int status = switch (e.kind()) {
        case BAD_REQUEST -> 400;
        case FORBIDDEN -> 403;
        case NOT_FOUND -> 404;
        case CONFLICT -> 409;
      };
      sendError(ctx, status, e.type(), e.getMessage());
    } else if (t instanceof EngineUnavailableException e) {
      sendError(ctx, 503, "ServiceUnavailable", "The service is unavailable: " + e.getMessage());
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), t);
      internalError(ctx);
    }
  }

  private static void internalError(RoutingContext ctx) {
    sendError(ctx, 500, "HTTPInternalServerError", "Request Failed: internal server error while processing your request.");
  }

  private static void sendError(RoutingContext ctx, int status, String type, String message) {
    HttpServerResponse resp = ctx.response();
    if (resp.ended() || resp.closed()) return;
    if (resp.headWritten()) {
      resp.reset();
      return;
    }
    JsonObject body = new JsonObject().put("NeutronError",
        new JsonObject().put("type", type).put("message", message == null ? "" : message).put("detail", ""));
    resp.setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }
}
