package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import java.util.HashMap;
import java.util.Map;

/**
 * Records by id as of one moment: {@link #current} is the model now; {@link #before} is the
 * model as it was before a change set (its first "before" of each resource laid over the model),
 * which is all the compiler needs to know what a host held without keeping a copy of it.
 */
public interface View {
  Network network(String id);

  Subnet subnet(String id);

  Port port(String id);

  Router router(String id);

  SecurityGroup securityGroup(String id);

  Host host(String id);

  static View current(Model model) {
    return new View() {
      public Network network(String id) { return model.network(id); }
      public Subnet subnet(String id) { return model.subnet(id); }
      public Port port(String id) { return model.port(id); }
      public Router router(String id) { return model.router(id); }
      public SecurityGroup securityGroup(String id) { return model.securityGroup(id); }
      public Host host(String id) { return model.host(id); }
    };
  }

  static View before(Model model, ChangeSet changes) {
    Map<Class<?>, Map<String, Resource>> overlay = new HashMap<>();
    for (ChangeSet.Change c : changes.changes()) {
      Resource r = c.current();
      Map<String, Resource> byId = overlay.computeIfAbsent(r.getClass(), k -> new HashMap<>());
      if (!byId.containsKey(r.id())) byId.put(r.id(), c.before()); // first before wins; null = did not exist
    }
    return new View() {
      private <T extends Resource> T get(Class<T> type, String id, T now) {
        Map<String, Resource> byId = overlay.get(type);
        if (byId != null && byId.containsKey(id)) return type.cast(byId.get(id));
        return now;
      }
      public Network network(String id) { return get(Network.class, id, model.network(id)); }
      public Subnet subnet(String id) { return get(Subnet.class, id, model.subnet(id)); }
      public Port port(String id) { return get(Port.class, id, model.port(id)); }
      public Router router(String id) { return get(Router.class, id, model.router(id)); }
      public SecurityGroup securityGroup(String id) { return get(SecurityGroup.class, id, model.securityGroup(id)); }
      public Host host(String id) { return get(Host.class, id, model.host(id)); }
    };
  }
}
