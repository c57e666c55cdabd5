package io.alcorvx.engine;

/**
 * Tunables of the engine. Defaults follow OpenStack (MAC prefix fa:16:3e, MTU 1450 for VXLAN)
 * and upstream Alcor (on-demand above 1000 ports in a VPC, back to push below 100).
 */
public record EngineConfig(
    long vniMin,
    long vniMax,
    long macPrefix,
    int macPrefixBits,
    long macSeed,
    int defaultMtu,
    int onDemandAbovePorts,
    int pushBelowPorts) {

  public EngineConfig {
    if (vniMin < 1 || vniMax > 0xFFFFFF || vniMin > vniMax) {
      throw new IllegalArgumentException("VNI range must lie within 1..16777215 and min <= max, got " + vniMin + ".." + vniMax);
    }
    if (macPrefixBits < 8 || macPrefixBits > 40) {
      throw new IllegalArgumentException("MAC prefix length must be 8..40 bits, got " + macPrefixBits);
    }
    if (pushBelowPorts > onDemandAbovePorts) {
      throw new IllegalArgumentException("push-below (" + pushBelowPorts + ") must not exceed on-demand-above (" + onDemandAbovePorts + ")");
    }
  }

  public static EngineConfig defaults() {
    return new EngineConfig(1, 0xFFFFFF, 0xfa163eL, 24, 1, 1450, 1000, 100);
  }

  public EngineConfig withModeThresholds(int onDemandAbove, int pushBelow) {
    return new EngineConfig(vniMin, vniMax, macPrefix, macPrefixBits, macSeed, defaultMtu, onDemandAbove, pushBelow);
  }

  public EngineConfig withVniRange(long min, long max) {
    return new EngineConfig(min, max, macPrefix, macPrefixBits, macSeed, defaultMtu, onDemandAbovePorts, pushBelowPorts);
  }
}
