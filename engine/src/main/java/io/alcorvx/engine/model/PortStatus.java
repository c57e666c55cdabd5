package io.alcorvx.engine.model;

/** Neutron port status: DOWN until the host's agent acknowledges the port. */
public enum PortStatus { DOWN, ACTIVE, ERROR, BUILD }
