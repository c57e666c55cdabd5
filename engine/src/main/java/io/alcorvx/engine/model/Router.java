package io.alcorvx.engine.model;

import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import java.util.List;

/** A router: interfaces join subnets into one L3 domain; routes are extra static routes. */
public record Router(
    String id,
    String projectId,
    String name,
    String description,
    boolean adminStateUp,
    List<Interface> interfaces,
    List<Route> routes,
    Stamp stamp) implements Resource {

  public Router {
    interfaces = List.copyOf(interfaces);
    routes = List.copyOf(routes);
  }

  @Override public long revision() { return stamp.revision(); }

  public boolean hasInterfaceOn(String subnetId) {
    for (Interface i : interfaces) {
      if (i.subnetId().equals(subnetId)) return true;
    }
    return false;
  }

  /** The router's port on a subnet; the port holds the router's address there. */
  public record Interface(String subnetId, String portId) {}

  public record Route(Cidr destination, IpAddress nexthop) {}
}
