package io.alcorvx.engine.net;

/**
 * MAC address helpers. A MAC is carried as a plain {@code long} holding its 48 bits (first octet
 * in bits 47..40) so that allocators and tables can store millions of them without boxing.
 */
public final class MacAddress {

    /** Largest 48-bit value. */
    public static final long MAX = (1L << 48) - 1;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MacAddress() {
    }

    /**
     * Parses "aa:bb:cc:dd:ee:ff" or "aa-bb-cc-dd-ee-ff" (either case; one separator throughout).
     *
     * @return the 48-bit value
     * @throws IllegalArgumentException naming the input and the reason if it is not valid
     */
    public static long parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("null is not a valid MAC address");
        }
        if (s.length() != 17) {
            throw invalid(s, "expected 6 two-digit hex octets separated by ':' or '-'");
        }
        char sep = s.charAt(2);
        if (sep != ':' && sep != '-') {
            throw invalid(s, "expected 6 two-digit hex octets separated by ':' or '-'");
        }
        long value = 0;
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != sep) {
                    throw invalid(s, "expected '" + sep + "' at position " + i + " but found '" + c + "'");
                }
                continue;
            }
            int digit = IpAddress.hexValue(c);
            if (digit < 0) {
                throw invalid(s, "'" + c + "' is not a hex digit");
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /**
     * Lowercase colon form, e.g. "fa:16:3e:00:00:01".
     *
     * @throws IllegalArgumentException if {@code mac} is not a 48-bit value
     */
    public static String format(long mac) {
        checkRange(mac);
        char[] out = new char[17];
        for (int octet = 0; octet < 6; octet++) {
            int b = (int) (mac >>> (40 - 8 * octet)) & 0xFF;
            int at = octet * 3;
            out[at] = HEX[b >>> 4];
            out[at + 1] = HEX[b & 0xF];
            if (octet < 5) {
                out[at + 2] = ':';
            }
        }
        return new String(out);
    }

    /** Whether the I/G bit (lowest bit of the first octet) marks a group address. */
    public static boolean isMulticast(long mac) {
        return ((mac >>> 40) & 1) != 0;
    }

    /** Whether the U/L bit marks a locally administered address (as OpenStack's fa:16:3e is). */
    public static boolean isLocallyAdministered(long mac) {
        return ((mac >>> 41) & 1) != 0;
    }

    static void checkRange(long mac) {
        if (mac < 0 || mac > MAX) {
            throw new IllegalArgumentException("0x" + Long.toHexString(mac) + " is not a 48-bit MAC address");
        }
    }

    private static IllegalArgumentException invalid(String s, String why) {
        return new IllegalArgumentException("'" + s + "' is not a valid MAC address: " + why);
    }
}
