package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.node.cli.CliRunner.assertQuietUserError;
import static org.kith.node.cli.HomeSnapshot.assertUnchanged;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.record.SwarmId;

/** {@code kith swarm …} and {@code kith peers}: the swarm life cycle, invites and every way they go wrong. */
class CliSwarmTest {

    static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path tmp;
    Path ada;
    Path bo;
    CliRunner a;
    CliRunner b;
    String adaId;

    @BeforeEach
    void twoPeople() {
        CliRunner.TestClock clock = new CliRunner.TestClock(CliRunner.START);
        ada = tmp.resolve("ada");
        bo = tmp.resolve("bo");
        a = new CliRunner(clock, tmp).home(ada).passphrase(PASSPHRASE);
        b = new CliRunner(clock, tmp).home(bo);
        a.ok("init", "--name", "Ada");
        b.ok("init", "--name", "Bo", "--no-passphrase");
        adaId = a.ok("whoami", "--json").json().get("peerId").asText();
    }

    private String invite(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "swarm";
        args[1] = "invite";
        args[2] = "garden";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return a.ok(args).printed();
    }

    private String bootstrap() {
        return "/ip4/127.0.0.1/tcp/4555/p2p/" + adaId;
    }

    @Test
    void createInviteJoinListLeave() {
        String created = a.ok("swarm", "create", "garden").printed();
        assertTrue(created.startsWith("created swarm garden ("), created);

        JsonNode swarms = a.ok("swarm", "list", "--json").json();
        assertEquals(2, swarms.size());
        assertEquals("public", swarms.get(0).get("name").asText());
        assertFalse(swarms.get(0).get("private").asBoolean());
        JsonNode garden = swarms.get(1);
        assertEquals("garden", garden.get("name").asText());
        assertTrue(garden.get("private").asBoolean());
        String swarmId = garden.get("swarm").asText();
        assertTrue(SwarmId.isValid(swarmId) && !swarmId.equals("public"), swarmId);
        int port = garden.get("port").asInt();
        assertTrue(port > 0 && port < 65536, "a port is chosen at creation: " + port);

        String invite = invite("--bootstrap", bootstrap(), "--expires", "2d");
        assertTrue(invite.startsWith("kith-invite:v1:"), invite);
        assertFalse(a.allStderr().contains(invite), "the invite (it holds the key) is printed on stdout only");

        String joined = b.ok("swarm", "join", invite).printed();
        assertTrue(joined.contains("joined swarm garden (" + swarmId + ")"), joined);
        assertTrue(joined.contains("invited by " + adaId), joined);

        JsonNode boSwarms = b.ok("swarm", "list", "--json").json();
        assertEquals(swarmId, boSwarms.get(1).get("swarm").asText());
        assertEquals(adaId, boSwarms.get(1).get("invitedBy").asText());

        // The inviter is remembered as a peer of the swarm, at the invite's address.
        JsonNode peers = b.ok("peers", "--swarm", "garden", "--json").json();
        assertEquals(1, peers.size());
        assertEquals(adaId, peers.get(0).get("peerId").asText());
        assertEquals("/ip4/127.0.0.1/tcp/4555", peers.get(0).get("addrs").get(0).asText());
        assertEquals("invite", peers.get(0).get("source").asText());
        assertEquals(0, b.ok("peers", "--swarm", "public", "--json").json().size());

        // Both hold the same key: exported files are identical.
        String adaKey = a.ok("swarm", "key", "export", "garden").out();
        String boKey = b.ok("swarm", "key", "export", "garden").out();
        assertEquals(adaKey, boKey);
        assertTrue(adaKey.startsWith("/key/swarm/psk/1.0.0/\n/base16/\n"), adaKey);

        // Records can be written into it by name.
        b.ok("propose", "--title", "Raised beds", "--summary", "Build four", "--swarm", "garden");
        JsonNode proposals = b.ok("list", "proposals", "--swarm", "garden", "--json").json();
        assertEquals(1, proposals.size());
        assertEquals(swarmId, proposals.get(0).get("swarm").asText());

        long records = HomeSnapshot.storedRecords(bo);
        String left = b.ok("swarm", "leave", "garden").printed();
        assertEquals("left swarm garden (" + swarmId + ")", left);
        assertEquals(1, b.ok("swarm", "list", "--json").json().size());
        assertEquals(0, b.ok("peers", "--json").json().size(), "the swarm's peers are forgotten with it");
        assertEquals(records, HomeSnapshot.storedRecords(bo), "records already written stay");
    }

    @Test
    void theKeyIsStoredSealedNeverInTheClear() throws Exception {
        a.ok("swarm", "create", "garden");
        String hex = a.ok("swarm", "key", "export", "garden").out().strip().split("\n")[2];
        byte[] psk = HexFormat.of().parseHex(hex);
        for (Path db : HomeSnapshot.stores(ada)) {
            byte[] file = Files.readAllBytes(db);
            assertFalse(contains(file, psk), "the raw key is in " + db);
            assertFalse(contains(file, hex.getBytes(StandardCharsets.US_ASCII)), "the hex key is in " + db);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT length(key_sealed) FROM swarms WHERE name = 'garden'")) {
                assertTrue(rs.next());
                assertEquals(61, rs.getInt(1));
            }
        }
        assertFalse(a.allStderr().contains(hex));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void keyExportToAFileIsOwnerOnlyAndImportJoinsTheSameSwarm() throws Exception {
        a.ok("swarm", "create", "garden");
        Path file = tmp.resolve("garden.key");
        a.ok("swarm", "key", "export", "garden", "--out", file.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        SwarmKey key = SwarmKey.read(file);
        String id = SwarmId.fromKey(key.keyBytes());

        String imported = b.ok("swarm", "key", "import", "plot", file.toString()).printed();
        assertTrue(imported.startsWith("joined swarm plot (" + id + ")"), imported);
        assertEquals(a.ok("swarm", "key", "export", "garden").out(), b.ok("swarm", "key", "export", "plot").out());

        // An existing file is never overwritten.
        HomeSnapshot before = HomeSnapshot.of(a, ada);
        byte[] content = Files.readAllBytes(file);
        assertQuietUserError(a.run("swarm", "key", "export", "garden", "--out", file.toString()), "exists");
        assertEquals(new String(content, StandardCharsets.US_ASCII),
                new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
        assertUnchanged(before, HomeSnapshot.of(a, ada));
    }

    @Test
    void joiningWithAClashingNameNeedsAs() {
        a.ok("swarm", "create", "garden");
        b.ok("swarm", "create", "garden");
        String invite = invite("--bootstrap", bootstrap());
        HomeSnapshot before = HomeSnapshot.of(b, bo);
        assertQuietUserError(b.run("swarm", "join", invite), "already exists", "--as");
        assertUnchanged(before, HomeSnapshot.of(b, bo));
        assertTrue(b.ok("swarm", "join", invite, "--as", "ada-garden").printed().startsWith("joined swarm ada-garden"));
    }

    @Test
    void badInvitesAreOneClearErrorAndChangeNothing() {
        a.ok("swarm", "create", "garden");
        String good = invite("--bootstrap", bootstrap(), "--expires", "1h");
        int dot = good.lastIndexOf('.');
        String tampered = good.substring(0, dot - 5) + (good.charAt(dot - 5) == 'A' ? 'B' : 'A') + good.substring(dot - 4);
        HomeSnapshot before = HomeSnapshot.of(b, bo);

        assertQuietUserError(b.run("swarm", "join", "not-an-invite"), "not a Kith invite");
        assertQuietUserError(b.run("swarm", "join", good.substring(0, good.length() / 2)));
        assertQuietUserError(b.run("swarm", "join", tampered));
        assertQuietUserError(b.run("swarm", "join", good + "x".repeat(5000)), "too long");
        assertQuietUserError(b.run("swarm", "join", good.replace("kith-invite:v1:", "kith-invite:v2:")),
                "not a Kith invite");
        assertUnchanged(before, HomeSnapshot.of(b, bo));

        // Expired: the clock moves past the hour.
        b.clock.advance(Duration.ofHours(2));
        assertQuietUserError(b.run("swarm", "join", good), "expired");
        assertUnchanged(before, HomeSnapshot.of(b, bo));

        // Already joined (same key under another name) and own invites.
        b.clock.advance(Duration.ofHours(-2));
        b.ok("swarm", "join", good);
        HomeSnapshot joined = HomeSnapshot.of(b, bo);
        assertQuietUserError(b.run("swarm", "join", good, "--as", "again"), "already in that swarm", "garden");
        assertUnchanged(joined, HomeSnapshot.of(b, bo));
        HomeSnapshot adaBefore = HomeSnapshot.of(a, ada);
        assertQuietUserError(a.run("swarm", "join", good, "--as", "mine"), "made by this node");
        assertUnchanged(adaBefore, HomeSnapshot.of(a, ada));
    }

    @Test
    void badCommandsAreOneClearErrorAndChangeNothing() {
        a.ok("swarm", "create", "garden");
        HomeSnapshot before = HomeSnapshot.of(a, ada);
        assertQuietUserError(a.run("swarm", "create", "garden"), "already exists");
        assertQuietUserError(a.run("swarm", "create", "public"), "public");
        assertQuietUserError(a.run("swarm", "create", "no spaces"), "letters, digits");
        assertQuietUserError(a.run("swarm", "create", "x".repeat(33)), "at most 32");
        assertQuietUserError(a.run("swarm", "create", ""), "empty");
        assertQuietUserError(a.run("swarm", "invite", "nowhere"), "no swarm named \"nowhere\"", "public, garden");
        assertQuietUserError(a.run("swarm", "invite", "public"), "needs no invite");
        assertQuietUserError(a.run("swarm", "invite", "garden", "--expires", "0d"), "--expires");
        assertQuietUserError(a.run("swarm", "invite", "garden", "--expires", "soon"), "--expires");
        assertQuietUserError(a.run("swarm", "invite", "garden", "--expires", "400d"), "366 days");
        assertQuietUserError(a.run("swarm", "invite", "garden", "--bootstrap", "/ip4/127.0.0.1/tcp/1"), "/p2p/");
        assertQuietUserError(a.run("swarm", "invite", "garden", "--bootstrap", "nonsense"), "--bootstrap");
        assertQuietUserError(a.run("swarm", "leave", "public"), "cannot be left");
        assertQuietUserError(a.run("swarm", "leave", "nowhere"), "no swarm named");
        assertQuietUserError(a.run("swarm", "key", "export", "public"), "no key");
        assertQuietUserError(a.run("swarm", "key", "import", "x", tmp.resolve("missing.key").toString()), "cannot read");
        assertQuietUserError(a.run("peers", "--swarm", "nowhere"), "no swarm named");
        assertUnchanged(before, HomeSnapshot.of(a, ada));
    }

    @Test
    void hostileKeyFilesAreRefused() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(b, bo);
        Path dir = tmp.resolve("keys");
        Files.createDirectories(dir);
        String header = "/key/swarm/psk/1.0.0/\n/base16/\n";
        String[] contents = {"", header, header + "zz".repeat(32) + "\n", header + "ab".repeat(31) + "\n",
            header + "ab".repeat(33) + "\n", "/key/swarm/psk/2.0.0/\n/base16/\n" + "ab".repeat(32) + "\n",
            header + "ab".repeat(32) + "\n" + "x".repeat(5000)};
        for (int i = 0; i < contents.length; i++) {
            Path f = dir.resolve("k" + i);
            Files.writeString(f, contents[i]);
            assertQuietUserError(b.run("swarm", "key", "import", "k" + i, f.toString()), "not a swarm key");
        }
        assertUnchanged(before, HomeSnapshot.of(b, bo));
    }

    @Test
    void theWrongPassphraseUnlocksNoSwarmKey() {
        a.ok("swarm", "create", "garden");
        HomeSnapshot before = HomeSnapshot.of(a, ada);
        a.passphrase("wrong");
        assertQuietUserError(a.run("swarm", "key", "export", "garden"), "wrong passphrase");
        assertQuietUserError(a.run("swarm", "invite", "garden"), "wrong passphrase");
        a.passphrase(PASSPHRASE);
        assertUnchanged(before, HomeSnapshot.of(a, ada));
    }
}
