package io.alcorvx.perf.cli;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import picocli.CommandLine.Option;

/** The Neutron API a tool drives, and the project its setup acts for (options shared by the perf tools). */
public final class ApiTarget {
  @Option(names = "--url", description = "Neutron API base URL (default ${DEFAULT-VALUE})")
  public String url = "http://127.0.0.1:9696";

  @Option(names = "--project", description = "X-Project-Id of every request, sent with X-Roles: admin (default ${DEFAULT-VALUE})")
  public String project = "perf";

  /** Headers of the tools' requests: this project, as admin, JSON both ways. */
  public MultiMap adminHeaders() {
    return HttpHeaders.headers().add("X-Project-Id", project).add("X-Roles", "admin")
        .add(HttpHeaders.CONTENT_TYPE, "application/json").add(HttpHeaders.ACCEPT, "application/json");
  }

  /** The URL without a trailing slash, ready for "/v2.0/...". */
  public String base() { return url.endsWith("/") ? url.substring(0, url.length() - 1) : url; }
}
