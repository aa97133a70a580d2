package org.kith.node.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Swarms;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * Two real nodes for network tests: Ada and Bo (fixed keys, homes {@code ada} and {@code bo} in a
 * folder), and Ada's private swarm "garden" that Bo joined with her invite (her address on 127.0.0.1).
 */
public final class AdaInvitesBo {

    public final KithNode ada;
    public final KithNode bo;
    public final Swarms adaSwarms;
    public final Swarms boSwarms;
    public final NetworkTables.Swarm garden;

    public AdaInvitesBo(Path dir, Clock clock) throws Exception {
        ada = open(dir.resolve("ada"), 1, clock);
        bo = open(dir.resolve("bo"), 2, clock);
        adaSwarms = new Swarms(ada, clock, new SecureRandom());
        boSwarms = new Swarms(bo, clock, new SecureRandom());
        garden = adaSwarms.create("garden");
        Multiaddr adaAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + garden.port()).withPeerId(ada.self());
        boSwarms.join(adaSwarms.invite("garden", Duration.ofDays(1), List.of(adaAddr)), null);
    }

    /** A node in {@code home} whose key's seed is {@code seedByte} followed by zeros. */
    private static KithNode open(Path home, int seedByte, Clock clock) throws Exception {
        byte[] seed = new byte[32];
        seed[0] = (byte) seedByte;
        Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed);
        return KithNode.open(new KithHome(home), key.peerId(), key, clock);
    }
}
