package io.alcorvx.service.store;

import io.alcorvx.service.codec.ResourceKind;

/**
 * A list's {@code marker} names no resource visible to the caller (deleted since the previous
 * page, or never there). Neutron answers 404 for this.
 */
public final class MarkerNotFoundException extends RuntimeException {
  private final ResourceKind kind;
  private final String marker;

  public MarkerNotFoundException(ResourceKind kind, String marker) {
    super("Marker " + marker + " could not be found among " + kind.collection, null, false, false);
    this.kind = kind;
    this.marker = marker;
  }

  public ResourceKind kind() { return kind; }

  public String marker() { return marker; }
}
