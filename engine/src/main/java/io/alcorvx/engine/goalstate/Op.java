package io.alcorvx.engine.goalstate;

import io.alcorvx.proto.OperationType;

/** One operation for one host: CREATE/UPDATE carry the entry; DELETE carries only the key. */
public record Op(EntryKey key, OperationType type, Entry entry) {

  public static Op delete(EntryKey key) { return new Op(key, OperationType.DELETE, null); }

  public boolean isDelete() { return type == OperationType.DELETE; }
}
