package org.kith.node.swarm;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.net.LocalAddresses;
import org.kith.node.store.NetworkTables;
import org.kith.node.store.StoreException;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.SwarmId;

/**
 * The swarms a node has joined: create, import a key, invite, join by invite, leave, and read
 * a swarm's key. Private swarm keys are stored sealed (see {@link SwarmKeySealer}); reading or
 * storing one needs the node opened with its identity key. Each swarm gets its own TCP port,
 * chosen when it is created or joined and kept, so invites stay valid across restarts.
 */
public final class Swarms {

    /** Listen port of the public swarm's host when none is configured. */
    public static final int PUBLIC_DEFAULT_PORT = 4001;

    private final KithNode node;
    private final NetworkTables table;
    private final Clock clock;
    private final SecureRandom random;

    public Swarms(KithNode node, Clock clock, SecureRandom random) {
        this.node = node;
        this.table = node.store().network();
        this.clock = clock;
        this.random = random;
    }

    /** What a successful join did. */
    public record Joined(NetworkTables.Swarm swarm, Invite invite) {
    }

    public List<NetworkTables.Swarm> list() {
        return table.swarms();
    }

    /** A joined swarm by name, or an error naming the swarms there are. */
    public NetworkTables.Swarm byName(String name) throws KithException {
        Optional<NetworkTables.Swarm> s = table.swarmByName(name);
        if (s.isEmpty()) {
            throw new KithException("no swarm named \"" + name + "\"; this node has joined: " + String.join(", ",
                    list().stream().map(NetworkTables.Swarm::name).toList()));
        }
        return s.get();
    }

    /** Creates a private swarm with a fresh random key. */
    public NetworkTables.Swarm create(String name) throws KithException {
        return add(name, SwarmKey.generate(random), null, null);
    }

    /** Joins the swarm of an existing key (a standard swarm.key file) under {@code name}. */
    public NetworkTables.Swarm importKey(String name, SwarmKey key) throws KithException {
        return add(name, key, null, null);
    }

    /**
     * Joins the swarm of an invite, under the invite's name or {@code localName} if given. The
     * inviter and any other bootstrap peers are remembered, so the node dials them when it runs.
     */
    public Joined join(String inviteText, String localName) throws KithException {
        Invite invite;
        try {
            invite = Invite.decode(inviteText);
            invite.requireValidAt(clock.instant());
        } catch (InvalidInviteException e) {
            throw new KithException(e.getMessage(), e);
        }
        if (invite.inviter().equals(node.self())) {
            throw new KithException("this invite was made by this node; give it to someone else");
        }
        String name = localName == null ? invite.name() : localName;
        NetworkTables.Swarm swarm = add(name, invite.key(), invite.inviter().toBase58(),
                invite.expires().toEpochMilli());
        long now = clock.millis();
        for (Multiaddr a : invite.bootstrap()) {
            String peer = a.peerId().orElseThrow().toBase58();
            if (!peer.equals(node.self().toBase58())) {
                table.notePeer(swarm.swarmId(), peer, List.of(a.withoutPeerId().toString()), "invite", now, false);
            }
        }
        return new Joined(swarm, invite);
    }

    /**
     * An invite into {@code name}, valid for {@code validity}, signed by this node. With no
     * {@code bootstrap} addresses given, this machine's addresses at the swarm's port.
     */
    public String invite(String name, Duration validity, List<Multiaddr> bootstrap) throws KithException {
        NetworkTables.Swarm swarm = byName(name);
        if (swarm.keySealed() == null) {
            throw new KithException("the public swarm needs no invite: anyone can join it");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Invite.MAX_VALIDITY) > 0) {
            throw new KithException("an invite is valid for between 1 second and " + Invite.MAX_VALIDITY.toDays()
                    + " days");
        }
        List<Multiaddr> addrs = bootstrap.isEmpty() ? LocalAddresses.forInvite(swarm.port(), node.self()) : bootstrap;
        if (addrs.size() > Invite.MAX_BOOTSTRAP) {
            addrs = addrs.subList(0, Invite.MAX_BOOTSTRAP);
        }
        for (Multiaddr a : addrs) {
            if (a.toInetSocketAddress().isEmpty() || a.peerId().isEmpty()) {
                throw new KithException("bootstrap address " + a + " is not an ip4/ip6 TCP address ending in /p2p/ID");
            }
        }
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Ed25519KeyPair key = node.identityKey();
        Invite invite = new Invite(swarm.name(), key(swarm), addrs, node.self(), now, now.plus(validity));
        try {
            return invite.encode(key);
        } catch (IllegalArgumentException e) {
            throw new KithException(e.getMessage(), e);
        }
    }

    /** Leaves a private swarm: its key and its peers are forgotten; records already stored stay. */
    public NetworkTables.Swarm leave(String name) throws KithException {
        NetworkTables.Swarm swarm = byName(name);
        if (swarm.keySealed() == null) {
            throw new KithException("the public swarm cannot be left (run with no public listen address instead)");
        }
        table.removeSwarm(swarm.swarmId());
        return swarm;
    }

    /** The pre-shared key of a joined private swarm (needs the identity key). */
    public SwarmKey key(NetworkTables.Swarm swarm) throws KithException {
        if (swarm.keySealed() == null) {
            throw new KithException("the public swarm has no key");
        }
        byte[] psk;
        try {
            psk = SwarmKeySealer.open(swarm.keySealed(), swarm.swarmId(), node.identityKey());
        } catch (IllegalStateException e) {
            throw new KithException(e.getMessage(), e);
        }
        try {
            return SwarmKey.of(psk);
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    private NetworkTables.Swarm add(String name, SwarmKey key, String invitedBy, Long inviteExpires)
            throws KithException {
        String problem = SwarmNames.problem(name);
        if (problem != null) {
            throw new KithException(problem);
        }
        String id = SwarmId.fromKey(key.keyBytes());
        Optional<NetworkTables.Swarm> sameId = table.swarmById(id);
        if (sameId.isPresent()) {
            throw new KithException("this node is already in that swarm, as \"" + sameId.get().name() + "\"");
        }
        if (table.swarmByName(name).isPresent()) {
            throw new KithException("a swarm named \"" + name + "\" already exists here; choose another name"
                    + (invitedBy == null ? "" : " with --as NAME"));
        }
        byte[] psk = key.keyBytes();
        NetworkTables.Swarm swarm;
        try {
            swarm = new NetworkTables.Swarm(name, id, clock.millis(), SwarmKeySealer.seal(psk, id, node.identityKey()),
                    freePort(), invitedBy, inviteExpires);
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
        try {
            table.addSwarm(swarm);
        } catch (StoreException e) {
            throw new KithException(e.getMessage(), e);
        }
        return swarm;
    }

    /** A TCP port free now, for the new swarm's host to keep (another program may take it later). */
    private static int freePort() throws KithException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new KithException("cannot find a free TCP port: " + e.getMessage(), e);
        }
    }
}
