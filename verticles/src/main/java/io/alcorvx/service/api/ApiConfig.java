package io.alcorvx.service.api;

/**
 * Settings of the Neutron API.
 *
 * @param maxBodyBytes largest accepted request body; bigger ones get 413
 * @param defaultProjectId the project of a request that names none (no-auth mode)
 * @param authNone no token validation: the actor comes from {@code X-Project-Id}/{@code X-Roles}
 *     headers (see {@link ActorResolver#headers}); when false an {@link ActorResolver} must be given
 */
public record ApiConfig(long maxBodyBytes, String defaultProjectId, boolean authNone) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final String DEFAULT_PROJECT_ID = "default-project";

  public ApiConfig {
    if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    if (defaultProjectId == null || defaultProjectId.isBlank()) throw new IllegalArgumentException("defaultProjectId must not be blank");
  }

  /** 1 MiB bodies, project "default-project", no authentication. */
  public static ApiConfig defaults() { return new ApiConfig(DEFAULT_MAX_BODY_BYTES, DEFAULT_PROJECT_ID, true); }

  public ApiConfig withMaxBodyBytes(long bytes) { return new ApiConfig(bytes, defaultProjectId, authNone); }

  public ApiConfig withDefaultProjectId(String project) { return new ApiConfig(maxBodyBytes, project, authNone); }
}
