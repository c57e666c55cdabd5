package io.alcorvx.engine.command;

/**
 * Who issues a command. Non-admin actors see and change only their project's resources (and
 * shared networks); references they cannot see are reported as not found, like Neutron does.
 */
public record Actor(String projectId, boolean admin) {
  /** The service itself (agent acknowledgements, host registration, loading). */
  public static final Actor SYSTEM = new Actor("", true);

  public boolean canSee(String ownerProject) { return admin || projectId.equals(ownerProject); }
}
