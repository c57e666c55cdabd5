package io.alcorvx.engine.model;

/** How neighbor information reaches the hosts of a VPC (DESIGN.md §5). */
public enum FanoutPolicy {
  /** Chosen by port count with hysteresis. */
  AUTO,
  /** Always push neighbors to every host of the L2/L3 domain. */
  PUSH,
  /** Never push neighbors: agents ask on a miss. */
  ON_DEMAND
}
