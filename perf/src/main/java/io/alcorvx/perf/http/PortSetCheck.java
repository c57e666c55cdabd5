package io.alcorvx.perf.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the ports of a listing, page by page: no two ports share an IP address (per subnet) or a
 * MAC address, every port has an address, and the count is what the run expects. Keeps one map
 * entry per address and per MAC (a few hundred bytes a port): a million ports need about 0.5 GB of heap.
 */
public final class PortSetCheck {
  private static final int MAX_PROBLEMS = 10;

  private final Map<String, String> ipOwner = new HashMap<>();
  private final Map<String, String> macOwner = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private long listed;
  private long duplicateIps;
  private long duplicateMacs;
  private long withoutIp;
  private long pages;

  /** Takes one page ({@code {"ports": [...]}}); returns the id of its last port, or null when it is empty. */
  public String acceptPage(JsonObject page) {
    pages++;
    JsonArray ports = page.getJsonArray("ports");
    if (ports == null) throw new IllegalArgumentException("not a port listing: " + abbreviate(page.encode()));
    String last = null;
    for (int i = 0; i < ports.size(); i++) {
      JsonObject port = ports.getJsonObject(i);
      accept(port);
      last = port.getString("id");
    }
    return last;
  }

  /** Takes one port ({@code id}, {@code fixed_ips}, optionally {@code mac_address}). */
  public void accept(JsonObject port) {
    listed++;
    String id = port.getString("id");
    JsonArray ips = port.getJsonArray("fixed_ips");
    if (ips == null || ips.isEmpty()) {
      withoutIp++;
      problem("port " + id + " has no fixed IP");
    } else {
      for (int i = 0; i < ips.size(); i++) {
        JsonObject ip = ips.getJsonObject(i);
        String address = ip.getString("ip_address");
        String key = ip.getString("subnet_id", "") + "/" + address;
        String other = ipOwner.putIfAbsent(key, id);
        if (other != null && !other.equals(id)) {
          duplicateIps++;
          problem("ip " + address + " held by " + other + " and " + id);
        }
      }
    }
    String mac = port.getString("mac_address");
    if (mac != null) {
      String other = macOwner.putIfAbsent(mac.toLowerCase(java.util.Locale.ROOT), id);
      if (other != null && !other.equals(id)) {
        duplicateMacs++;
        problem("mac " + mac + " held by " + other + " and " + id);
      }
    }
  }

  public long listed() { return listed; }

  public VerifyResult result(long expected, long durationNanos) {
    List<String> all = new ArrayList<>(problems);
    if (listed != expected && all.size() < MAX_PROBLEMS + 1) all.add("listed " + listed + " ports, expected " + expected);
    return new VerifyResult(listed, expected, duplicateIps, duplicateMacs, withoutIp, pages, durationNanos, all);
  }

  private void problem(String p) {
    if (problems.size() < MAX_PROBLEMS) problems.add(p);
  }

  static String abbreviate(String s) { return s.length() <= 300 ? s : s.substring(0, 300) + "..."; }
}
