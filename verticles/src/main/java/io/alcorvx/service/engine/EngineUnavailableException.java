package io.alcorvx.service.engine;

/** The engine cannot take commands now (loading, reloading after a failed commit, shutting down): 503. */
public final class EngineUnavailableException extends RuntimeException {
  public EngineUnavailableException(String message) { super(message, null, false, false); }
}
