package org.kith.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standard per-user locations: data, config and cache, XDG first, then the home directory. */
class KithHomeTest {

    private static final Map<String, String> PLAIN = Map.of("HOME", "/home/ada");
    private static final Map<String, String> XDG = Map.of("HOME", "/home/ada", "XDG_DATA_HOME", "/x/data",
            "XDG_CONFIG_HOME", "/x/config", "XDG_CACHE_HOME", "/x/cache");

    @Test
    void dataDirectoryFromOptionThenKithHomeThenXdgThenHome() {
        assertEquals(Path.of("/home/ada/.local/share/kith"), KithHome.resolve(null, PLAIN).dir());
        assertEquals(Path.of("/x/data/kith"), KithHome.resolve(null, XDG).dir());
        assertEquals(Path.of("/k"), KithHome.resolve(null, Map.of("HOME", "/home/ada", "KITH_HOME", "/k")).dir());
        assertEquals(Path.of("/o"), KithHome.resolve(Path.of("/o"), XDG).dir());
        assertEquals(Path.of("/home/ada/.local/share/kith"), KithHome.resolve(null,
                Map.of("HOME", "/home/ada", "XDG_DATA_HOME", "relative/is/ignored")).dir());
    }

    @Test
    void configGoesToTheXdgConfigDirectoryForTheDefaultDataDirectoryOnly() {
        KithHome standard = KithHome.resolve(null, XDG);
        assertTrue(standard.isDefault(XDG));
        assertEquals(Path.of("/x/config/kith"), standard.configDir(XDG));
        assertEquals(Path.of("/home/ada/.config/kith"), KithHome.resolve(null, PLAIN).configDir(PLAIN));
        KithHome second = new KithHome(Path.of("/home/ada/kith-second"));
        assertFalse(second.isDefault(XDG));
        assertEquals(second.dir(), second.configDir(XDG), "a chosen data directory keeps its own settings");
    }

    @Test
    void cacheGoesToTheXdgCacheDirectory() {
        assertEquals(Path.of("/x/cache/kith"), KithHome.cacheDir(XDG));
        assertEquals(Path.of("/home/ada/.cache/kith"), KithHome.cacheDir(PLAIN));
    }
}
