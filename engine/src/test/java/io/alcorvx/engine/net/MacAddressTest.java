package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @CsvSource({
        "fa:16:3e:00:00:01, 0xfa163e000001",
        "FA:16:3E:AB:cd:EF, 0xfa163eabcdef",
        "fa-16-3e-ab-cd-ef, 0xfa163eabcdef",
        "00:00:00:00:00:00, 0x0",
        "ff:ff:ff:ff:ff:ff, 0xffffffffffff",
    })
    void parses(String text, String hex) {
        assertEquals(Long.decode(hex), MacAddress.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "fa:16:3e:00:00", "fa:16:3e:00:00:01:02", "fa:16:3e-00:00:01", "fa.16.3e.00.00.01", "fa163e000001",
        "fa:16:3e:00:00:0g", "f:a16:3e:00:00:01", "fa:16:3e:00:00:1", " fa:16:3e:00:00:01", "fa16.3e00.0001",
        "fa:16:3e:00:00:01 ", "+a:16:3e:00:00:01", "fa::16:3e:00:0001"
    })
    void rejects(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s));
        assertTrue(e.getMessage().startsWith("'" + s + "' is not a valid MAC address: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(null));
    }

    @Test
    void formats() {
        assertEquals("fa:16:3e:ab:cd:ef", MacAddress.format(0xfa163eabcdefL));
        assertEquals("00:00:00:00:00:00", MacAddress.format(0));
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.format(MacAddress.MAX));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.format(-1));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.format(1L << 48));
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long mac = r.nextLong() & MacAddress.MAX;
            assertEquals(mac, MacAddress.parse(MacAddress.format(mac)));
        }
    }

    @Test
    void multicastAndLocalBits() {
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:00:5e:00:00:01")));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("33:33:00:00:00:01")));
        assertTrue(MacAddress.isMulticast(MacAddress.MAX));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("fa:16:3e:00:00:01")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("00:ff:ff:ff:ff:ff")));
        assertTrue(MacAddress.isLocallyAdministered(MacAddress.parse("fa:16:3e:00:00:01")));
        assertFalse(MacAddress.isLocallyAdministered(MacAddress.parse("00:1b:21:00:00:01")));
    }
}
