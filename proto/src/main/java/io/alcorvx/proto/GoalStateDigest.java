package io.alcorvx.proto;

import com.google.protobuf.MessageLite;
import java.nio.charset.StandardCharsets;

/**
 * Order-independent 64-bit digest of a set of goal-state entries.
 *
 * <p>An entry is (resource type, map key, serialized state). Its hash is FNV-1a 64 over
 * {@code [type number as one byte] ++ UTF-8(key) ++ [0x00] ++ stateBytes}, passed through the
 * splitmix64 finalizer. The digest of a set is the wrapping (mod 2^64) sum of its entry
 * hashes, so it can be kept up to date incrementally: {@link #add} a new entry's hash,
 * {@link #remove} an old one's, {@link #replace} on update. The empty set has digest
 * {@link #EMPTY}.
 *
 * <p>Convention (docs/goal-state-protocol.md): {@code type} is the ResourceType of the
 * GoalStateV2 map, {@code key} the map key, and {@code stateBytes} the encoded
 * {@code XxxConfiguration} (field 2 of the stored state), so the operation type the state
 * arrived with does not change the hash: {@code entryHash(type, key, state.getConfiguration())}.
 */
public final class GoalStateDigest {

    /** Digest of the empty set. */
    public static final long EMPTY = 0L;

    private static final long FNV64_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV64_PRIME = 0x100000001b3L;

    private GoalStateDigest() {
    }

    /** Hash of one entry (see the class comment). */
    public static long entryHash(ResourceType type, String key, byte[] stateBytes) {
        long h = FNV64_OFFSET_BASIS;
        h = (h ^ (type.getNumber() & 0xff)) * FNV64_PRIME;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV64_PRIME;
        }
        h = h * FNV64_PRIME; // the 0x00 separator: h ^ 0 == h
        for (byte b : stateBytes) {
            h = (h ^ (b & 0xff)) * FNV64_PRIME;
        }
        return mix(h);
    }

    /** Hash of one entry whose state is a message; hashes {@code state.toByteArray()}. */
    public static long entryHash(ResourceType type, String key, MessageLite state) {
        return entryHash(type, key, state.toByteArray());
    }

    /** Digest after adding an entry with hash {@code entryHash}. */
    public static long add(long digest, long entryHash) {
        return digest + entryHash;
    }

    /** Digest after removing an entry with hash {@code entryHash}. */
    public static long remove(long digest, long entryHash) {
        return digest - entryHash;
    }

    /** Digest after replacing an entry's hash {@code oldHash} by {@code newHash}. */
    public static long replace(long digest, long oldHash, long newHash) {
        return digest - oldHash + newHash;
    }

    /** splitmix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
