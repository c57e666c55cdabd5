package io.alcorvx.engine;

/** What adding or removing a router interface answers, as Neutron does. */
public record RouterInterfaceInfo(String routerId, String subnetId, String portId, String projectId) {}
