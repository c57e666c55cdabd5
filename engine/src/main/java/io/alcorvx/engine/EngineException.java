package io.alcorvx.engine;

/**
 * A command the engine refused. Carries the HTTP-independent kind of failure and the Neutron
 * error type name, so the API adapter can render Neutron's error shape without deciding anything.
 * A refused command never changes engine state.
 */
public final class EngineException extends RuntimeException {

  public enum Kind { BAD_REQUEST, FORBIDDEN, NOT_FOUND, CONFLICT }

  private final Kind kind;
  private final String type;

  public EngineException(Kind kind, String type, String message) {
    super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
    this.kind = kind;
    this.type = type;
  }

  public Kind kind() { return kind; }

  /** Neutron's error type, e.g. {@code IpAddressInUse}, {@code NetworkNotFound}. */
  public String type() { return type; }

  public static EngineException badRequest(String message) {
    return new EngineException(Kind.BAD_REQUEST, "InvalidInput", "Invalid input for operation: " + message);
  }

  public static EngineException badRequest(String type, String message) {
    return new EngineException(Kind.BAD_REQUEST, type, message);
  }

  public static EngineException notFound(String resource, String id) {
    return new EngineException(Kind.NOT_FOUND, resource + "NotFound",
        resource.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() + " " + id + " could not be found.");
  }

  public static EngineException forbidden(String message) {
    return new EngineException(Kind.FORBIDDEN, "PolicyNotAuthorized", message);
  }

  public static EngineException conflict(String type, String message) {
    return new EngineException(Kind.CONFLICT, type, message);
  }
}
