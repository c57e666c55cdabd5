package io.alcorvx.engine;

import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.model.Resource;
import java.util.function.Supplier;

/**
 * One command in flight: the only way handlers mutate the model, so every mutation is recorded
 * in the change set and can be undone if a later step of the same command is refused.
 */
final class Tx {
  final Model model;
  final EngineConfig config;
  final IdSource ids;
  final long now;
  final ChangeSet changes = new ChangeSet();
  Actor actor;

  Tx(Model model, EngineConfig config, IdSource ids, long now, Actor actor) {
    this.model = model;
    this.config = config;
    this.ids = ids;
    this.now = now;
    this.actor = actor;
  }

  void create(Resource r) {
    model.put(r);
    changes.add(null, r);
  }

  void update(Resource before, Resource after) {
    model.remove(before);
    model.put(after);
    changes.add(before, after);
  }

  void delete(Resource r) {
    model.remove(r);
    changes.add(r, null);
  }

  String idOr(String requested) {
    if (requested == null) return ids.next();
    if (requested.isBlank()) throw EngineException.badRequest("id must not be blank");
    return requested;
  }

  /** The owning project of a new resource: the actor's, unless an admin names another. */
  String ownerProject(String requested) {
    if (requested == null || requested.isEmpty() || requested.equals(actor.projectId())) {
      if (actor.projectId().isEmpty() && !actor.admin()) throw EngineException.badRequest("project_id is required");
      return requested == null || requested.isEmpty() ? actor.projectId() : requested;
    }
    if (!actor.admin()) {
      throw EngineException.forbidden("Only an admin can create a resource for another project (" + requested + ")");
    }
    return requested;
  }

  static <T> T parse(String what, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw EngineException.badRequest(what + ": " + e.getMessage());
    }
  }

  static String orEmpty(String s) { return s == null ? "" : s; }

  static <T> T or(T value, T fallback) { return value == null ? fallback : value; }
}
