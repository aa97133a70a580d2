package org.kith.p2p.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kith.p2p.pnet.SwarmKey;

class MdnsConfigTest {

    @Test
    void defaultsMatchJsLibp2p() {
        assertEquals("_p2p._udp.local", MdnsConfig.DEFAULT.serviceName());
        assertEquals(Duration.ofSeconds(10), MdnsConfig.DEFAULT.queryInterval());
        assertEquals(120, MdnsConfig.DEFAULT.ttlSeconds());
        assertEquals(5353, MdnsConfig.DEFAULT.port());
        assertTrue(MdnsConfig.DEFAULT.ipv4());
        assertEquals(null, MdnsConfig.DEFAULT.interfaceName());
        assertEquals(MdnsConfig.DEFAULT, MdnsConfig.forSwarm(null));
    }

    @Test
    void privateNetworkServiceNameCarriesTheKeysFingerprint() {
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        k2[0] = 1;
        String name = MdnsConfig.serviceNameFor(SwarmKey.of(k1));
        assertTrue(name.matches("_p2p-[0-9a-f]{32}\\._udp\\.local"), name);
        assertEquals(name, MdnsConfig.forSwarm(SwarmKey.of(k1.clone())).serviceName());
        assertNotEquals(name, MdnsConfig.serviceNameFor(SwarmKey.of(k2)));
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> MdnsConfig.DEFAULT.withServiceName("p2p.local"));
        assertThrows(IllegalArgumentException.class, () -> MdnsConfig.DEFAULT.withServiceName("_p2p._tcp.local"));
        assertThrows(IllegalArgumentException.class, () -> MdnsConfig.DEFAULT.withServiceName("_" + "a".repeat(63) + "._udp.local"));
        assertThrows(IllegalArgumentException.class, () -> MdnsConfig.DEFAULT.withQueryInterval(Duration.ofMillis(10)));
        assertThrows(IllegalArgumentException.class, () -> MdnsConfig.DEFAULT.withFamilies(false, false));
        assertThrows(IllegalArgumentException.class, () -> MdnsConfig.DEFAULT.withPort(0));
        assertEquals("_p2p._udp.local", MdnsConfig.DEFAULT.withServiceName("_P2P._UDP.LOCAL").serviceName());
    }
}
