package io.alcorvx.service.api;

import io.alcorvx.engine.command.Actor;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Decides who issues a request. The no-auth implementation reads headers; a Keystone token
 * validator can replace it (fail with {@link ApiException#unauthorized} for a bad token).
 */
@FunctionalInterface
public interface ActorResolver {

  /**
   * @param bodyProject the {@code project_id}/{@code tenant_id} the request body names, or null
   */
  Future<Actor> resolve(RoutingContext ctx, String bodyProject);

  /**
   * No authentication: the project is {@code X-Project-Id} (or {@code X-Tenant-Id}), else the
   * body's project, else {@code defaultProject}; admin when {@code X-Roles} lists "admin".
   */
  static ActorResolver headers(String defaultProject) {
    return (ctx, bodyProject) -> {
      String project = header(ctx, "X-Project-Id");
      if (project == null) project = header(ctx, "X-Tenant-Id");
      if (project == null) project = bodyProject == null || bodyProject.isEmpty() ? defaultProject : bodyProject;
      return Future.succeededFuture(new Actor(project, hasAdminRole(header(ctx, "X-Roles"))));
    };
  }

  private static String header(RoutingContext ctx, String name) {
    String v = ctx.request().getHeader(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static boolean hasAdminRole(String roles) {
    if (roles == null) return false;
    for (String role : roles.split(",")) {
      if (role.trim().toLowerCase(Locale.ROOT).equals("admin")) return true;
    }
    return false;
  }
}
