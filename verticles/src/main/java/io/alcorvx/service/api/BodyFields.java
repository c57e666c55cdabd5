package io.alcorvx.service.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one resource body the way Neutron validates it: each accessor takes a key and insists on
 * its JSON type, and {@link #finish} refuses whatever no accessor took (unknown attributes, and
 * known but read-only ones). Every refusal is an {@link ApiException} with a 400.
 */
final class BodyFields {
  static final int MAX_NAME = 255;
  static final int MAX_DESCRIPTION = 255;

  private final JsonObject body;
  private final ApiResource resource;
  private final boolean update;
  private final Set<String> taken = new HashSet<>();

  BodyFields(JsonObject body, ApiResource resource, boolean update) {
    this.body = body;
    this.resource = resource;
    this.update = update;
  }

  boolean has(String key) { return body.containsKey(key); }

  /** The raw value without taking the key. */
  Object peek(String key) { return body.getValue(key); }

  private Object take(String key) {
    taken.add(key);
    return body.getValue(key);
  }

  /** A string, or null when absent; JSON null and other types are refused. */
  String string(String key) {
    if (!has(key)) return null;
    Object v = take(key);
    if (v instanceof String s) return s;
    throw ApiException.invalid(key, "'" + v + "' is not a valid string");
  }

  String string(String key, int maxLength) {
    String s = string(key);
    if (s != null && s.length() > maxLength) {
      throw ApiException.invalid(key, "'" + s.substring(0, 20) + "...' exceeds maximum length of " + maxLength);
    }
    return s;
  }

  /** A string that may also be JSON null, which reads as "" (Nova unbinds with binding:host_id null). */
  String stringOrNullAsEmpty(String key) {
    if (has(key) && body.getValue(key) == null) {
      taken.add(key);
      return "";
    }
    return string(key);
  }

  /** Absent: null; JSON null: empty; a string: that string. */
  Optional<String> clearableString(String key) {
    if (!has(key)) return null;
    Object v = take(key);
    if (v == null) return Optional.empty();
    if (v instanceof String s) return Optional.of(s);
    throw ApiException.invalid(key, "'" + v + "' is not a valid string");
  }

  /** A string or null; absent and null both read as null. */
  String nullableString(String key) {
    Optional<String> o = clearableString(key);
    return o == null ? null : o.orElse(null);
  }

  /** Neutron's boolean conversion: JSON booleans and the strings true/false. */
  Boolean bool(String key) {
    if (!has(key)) return null;
    Object v = take(key);
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) {
      String l = s.toLowerCase(Locale.ROOT);
      if (l.equals("true")) return true;
      if (l.equals("false")) return false;
    }
    throw ApiException.invalid(key, "'" + v + "' cannot be converted to boolean");
  }

  Integer integer(String key) {
    Long l = longValue(key);
    if (l == null) return null;
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw ApiException.invalid(key, "'" + l + "' is out of range");
    return l.intValue();
  }

  /** An integer or null; absent and null both read as null. */
  Integer nullableInteger(String key) {
    if (has(key) && body.getValue(key) == null) {
      taken.add(key);
      return null;
    }
    return integer(key);
  }

  /** Neutron's integer conversion: JSON integers (or integral numbers) and decimal strings. */
  Long longValue(String key) {
    if (!has(key)) return null;
    Object v = take(key);
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 9.0e15) return (long) d;
    }
    if (v instanceof String s && s.matches("-?[0-9]{1,18}")) return Long.parseLong(s);
    throw ApiException.invalid(key, "'" + v + "' is not an integer");
  }

  /** A list of strings, or null when absent; {@code nullAsEmpty} reads JSON null as []. */
  List<String> stringList(String key, boolean nullAsEmpty) {
    JsonArray a = array(key, nullAsEmpty);
    if (a == null) return null;
    List<String> out = new ArrayList<>(a.size());
    for (Object o : a) {
      if (!(o instanceof String s)) throw ApiException.invalid(key, "'" + o + "' is not a valid string");
      out.add(s);
    }
    return out;
  }

  /**
   * A list of objects whose keys all belong to {@code allowed} and whose values are strings, or
   * null when absent; {@code nullAsEmpty} reads JSON null as [].
   */
  List<JsonObject> objectList(String key, boolean nullAsEmpty, Set<String> allowed) {
    JsonArray a = array(key, nullAsEmpty);
    if (a == null) return null;
    List<JsonObject> out = new ArrayList<>(a.size());
    for (Object o : a) {
      if (!(o instanceof JsonObject j)) throw ApiException.invalid(key, "'" + o + "' is not a dictionary");
      Set<String> unknown = new TreeSet<>(j.fieldNames());
      unknown.removeAll(allowed);
      if (!unknown.isEmpty()) throw ApiException.invalid(key, "unrecognized keys " + unknown + " (expected " + new TreeSet<>(allowed) + ")");
      for (String k : j.fieldNames()) {
        Object v = j.getValue(k);
        if (v != null && !(v instanceof String)) throw ApiException.invalid(key, "'" + v + "' is not a valid string for " + k);
      }
      out.add(j);
    }
    return out;
  }

  private JsonArray array(String key, boolean nullAsEmpty) {
    if (!has(key)) return null;
    Object v = take(key);
    if (v == null && nullAsEmpty) return new JsonArray();
    if (v instanceof JsonArray a) return a;
    throw ApiException.invalid(key, "'" + v + "' is not a list");
  }

  /** Accepts the key only with one of the given values (features we show but do not vary). */
  void onlyValues(String key, Object... allowed) {
    if (!has(key)) return;
    Object v = take(key);
    for (Object a : allowed) {
      if (a == null ? v == null : a.equals(v)) return;
      if (a instanceof JsonArray ja && v instanceof JsonArray va && ja.equals(va)) return;
    }
    StringBuilder sb = new StringBuilder();
    for (Object a : allowed) sb.append(sb.length() == 0 ? "" : ", ").append(a == null ? "null" : a);
    throw ApiException.invalid(key, "'" + v + "' is not supported; the only accepted value is " + sb);
  }

  /** Accepts and ignores a boolean (attributes we do not model, like a router's ha). */
  void ignoredBoolean(String key) { bool(key); }

  /** Accepts and ignores an object (binding:profile). */
  void ignoredObject(String key) {
    if (!has(key)) return;
    Object v = take(key);
    if (v != null && !(v instanceof JsonObject)) throw ApiException.invalid(key, "'" + v + "' is not a dictionary");
  }

  /** Requires the key to be present (its value is read by another accessor). */
  void require(String key) {
    if (!has(key)) throw ApiException.badRequest("Failed to parse request. Required attribute '" + key + "' not specified");
  }

  /** Refuses everything no accessor took. */
  void finish() {
    Set<String> readOnly = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    for (String k : body.fieldNames()) {
      if (taken.contains(k)) continue;
      if (resource.attributes.containsKey(k)) readOnly.add(k);
      else unknown.add(k);
    }
    if (!unknown.isEmpty()) throw ApiException.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
    if (!readOnly.isEmpty()) {
      String first = readOnly.iterator().next();
      throw ApiException.badRequest(update ? "Cannot update read-only attribute " + first
          : "Attribute '" + first + "' not allowed in POST");
    }
  }

  /**
   * The owning project a create names ({@code project_id} or its old name {@code tenant_id}), or
   * null; refused when both are given and differ.
   */
  String project() {
    String p = string("project_id");
    String t = string("tenant_id");
    if (p != null && t != null && !p.equals(t)) {
      throw ApiException.badRequest("Invalid input: project_id '" + p + "' and tenant_id '" + t + "' do not match.");
    }
    return p != null ? p : t;
  }

  /** The project a body names without taking the keys (for deciding the actor before parsing). */
  static String projectHint(JsonObject item) {
    Object p = item.getValue("project_id");
    if (p instanceof String s && !s.isEmpty()) return s;
    Object t = item.getValue("tenant_id");
    if (t instanceof String s && !s.isEmpty()) return s;
    return null;
  }
}
