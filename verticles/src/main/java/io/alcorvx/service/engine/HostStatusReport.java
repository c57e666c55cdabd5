package io.alcorvx.service.engine;

import io.alcorvx.engine.Model;
import io.alcorvx.engine.goalstate.HostQueue;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.net.MacAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The admin view of hosts: the registered record plus how far delivery to it has got. */
final class HostStatusReport {
  private HostStatusReport() {}

  static JsonArray of(Model model, HostQueues queues, AgentSessions sessions) {
    List<Host> hosts = new ArrayList<>(model.hosts());
    hosts.sort(Comparator.comparing(Host::id));
    JsonArray out = new JsonArray();
    for (Host h : hosts) {
      HostQueue q = queues.find(h.id());
      out.add(new JsonObject().put("id", h.id()).put("name", h.name()).put("ip_address", h.ipAddress().toString())
          .put("mac_address", MacAddress.format(h.macAddress())).put("agent_endpoint", h.agentEndpoint())
          .put("revision_number", h.revision())
          .put("connected", sessions.connected(h.id()))
          .put("ports", model.portsOfHost(h.id()).size())
          .put("engine_epoch", queues.epoch())
          .put("acked_version", q == null ? 0 : q.ackedVersion())
          .put("outstanding_version", q == null || q.outstanding() == null ? null : q.outstanding().toVersion())
          .put("unacked_changes", q == null ? 0 : q.pendingCount() + (q.outstanding() == null ? 0 : q.outstanding().ops().size()))
          .put("needs_full", q != null && q.needsFull()));
    }
    return out;
  }
}
