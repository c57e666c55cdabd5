package io.alcorvx.engine;

/** The outcome of an accepted command: the resource it produced (or null) and what changed. */
public record Result(Object value, ChangeSet changes) {}
