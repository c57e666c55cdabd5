package io.alcorvx.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoalStateDigestTest {

    private static final byte[] S1 = {0x08, 0x01};
    private static final byte[] S2 = {0x12, 0x00, (byte) 0xff};

    /** Known answers computed with an independent implementation (for the native agent). */
    @Test
    void knownAnswers() {
        long a = GoalStateDigest.entryHash(ResourceType.PORT, "port-1", S1);
        long b = GoalStateDigest.entryHash(ResourceType.VPC, "", new byte[0]);
        long c = GoalStateDigest.entryHash(ResourceType.NEIGHBOR, "L3/nbr-\u00e9", S2);
        assertEquals(0x2b4f907fe9e7c459L, a);
        assertEquals(0x7bc210046bd616ccL, b);
        assertEquals(0x627f81906b186c60L, c);
        assertEquals(0x09912214c0d64785L, a + b + c);
    }

    @Test
    void setDigestIsOrderIndependent() {
        long a = GoalStateDigest.entryHash(ResourceType.PORT, "p1", S1);
        long b = GoalStateDigest.entryHash(ResourceType.SUBNET, "s1", S2);
        long c = GoalStateDigest.entryHash(ResourceType.VPC, "v1", S1);
        long abc = GoalStateDigest.add(GoalStateDigest.add(GoalStateDigest.add(GoalStateDigest.EMPTY, a), b), c);
        long cab = GoalStateDigest.add(GoalStateDigest.add(GoalStateDigest.add(GoalStateDigest.EMPTY, c), a), b);
        assertEquals(abc, cab);
    }

    @Test
    void sensitiveToTypeKeyAndBytes() {
        long base = GoalStateDigest.entryHash(ResourceType.PORT, "p1", S1);
        assertNotEquals(base, GoalStateDigest.entryHash(ResourceType.NEIGHBOR, "p1", S1));
        assertNotEquals(base, GoalStateDigest.entryHash(ResourceType.PORT, "p2", S1));
        assertNotEquals(base, GoalStateDigest.entryHash(ResourceType.PORT, "p1", S2));
        assertNotEquals(base, GoalStateDigest.entryHash(ResourceType.PORT, "p1", new byte[] {0x08, 0x02}));
        // the 0x00 separator keeps key and state bytes apart
        assertNotEquals(GoalStateDigest.entryHash(ResourceType.PORT, "ab", "c".getBytes(StandardCharsets.UTF_8)),
                GoalStateDigest.entryHash(ResourceType.PORT, "a", "bc".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void addRemoveReplace() {
        long a = GoalStateDigest.entryHash(ResourceType.PORT, "p1", S1);
        long b = GoalStateDigest.entryHash(ResourceType.SUBNET, "s1", S2);
        long b2 = GoalStateDigest.entryHash(ResourceType.SUBNET, "s1", S1);
        long d = GoalStateDigest.add(GoalStateDigest.add(GoalStateDigest.EMPTY, a), b);
        assertEquals(a, GoalStateDigest.remove(d, b));
        assertEquals(GoalStateDigest.EMPTY, GoalStateDigest.remove(GoalStateDigest.remove(d, a), b));
        assertEquals(a + b2, GoalStateDigest.replace(d, b, b2));
        // wrapping arithmetic: adding and removing stays exact across overflow
        long big = Long.MAX_VALUE;
        assertEquals(big, GoalStateDigest.remove(GoalStateDigest.add(big, a), a));
    }

    @Test
    void messageOverloadHashesSerializedBytes() {
        PortState state = SampleStates.port();
        assertEquals(GoalStateDigest.entryHash(ResourceType.PORT, "p1", state.toByteArray()),
                GoalStateDigest.entryHash(ResourceType.PORT, "p1", state));
    }
}
