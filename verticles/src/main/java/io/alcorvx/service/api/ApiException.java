package io.alcorvx.service.api;

/**
 * A request the API itself refuses before any command is issued (bad JSON, unknown field, bad
 * query parameter, missing token...). Rendered in Neutron's error shape with {@link #status()}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String type;

  public ApiException(int status, String type, String message) {
    super(message, null, false, false); // expected outcome: no stack trace
    this.status = status;
    this.type = type;
  }

  public int status() { return status; }

  /** Neutron's error type, e.g. {@code HTTPBadRequest}. */
  public String type() { return type; }

  public static ApiException badRequest(String message) { return new ApiException(400, "HTTPBadRequest", message); }

  public static ApiException invalid(String attribute, String reason) {
    return badRequest("Invalid input for " + attribute + ". Reason: " + reason + ".");
  }

  public static ApiException notFound(String type, String message) { return new ApiException(404, type, message); }

  public static ApiException unauthorized(String message) { return new ApiException(401, "HTTPUnauthorized", message); }
}
