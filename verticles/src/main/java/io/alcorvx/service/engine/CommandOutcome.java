package io.alcorvx.service.engine;

/** The engine owner's reply to a command: its value, or why it was not done. */
record CommandOutcome(Object value, RuntimeException error) {}
