package io.alcorvx.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Golden-wire helper: hand-written hex (whitespace ignored, 'text' = its ASCII bytes). */
final class Wire {

    private Wire() {
    }

    static byte[] hex(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (Character.isWhitespace(c)) {
                    continue;
                }
                if (c == '\'') {
                    int end = p.indexOf('\'', i + 1);
                    out.writeBytes(p.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
                    i = end;
                } else {
                    out.write(Integer.parseInt(p, i, i + 2, 16));
                    i++;
                }
            }
        }
        return out.toByteArray();
    }

    /** Asserts msg encodes to exactly the expected bytes and the bytes decode back to msg. */
    static void assertWire(Message msg, String... expectedHex) {
        byte[] expected = hex(expectedHex);
        HexFormat f = HexFormat.ofDelimiter(" ");
        assertEquals(f.formatHex(expected), f.formatHex(msg.toByteArray()), msg.getDescriptorForType().getFullName());
        try {
            assertEquals(msg, msg.getParserForType().parseFrom(expected));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
