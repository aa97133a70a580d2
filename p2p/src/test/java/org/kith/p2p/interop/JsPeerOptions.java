package org.kith.p2p.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options for {@code interop/peer.mjs}; build with {@link JsPeer#options()}. */
public final class JsPeerOptions {

    private final List<String> listen = new ArrayList<>();
    private Path swarmKey;
    private String seedHex;
    private Boolean muxerEarly;
    private Boolean monitor;
    private String agent;
    private Integer inboundRate;
    private boolean gossip;
    private String name = "js";
    private Duration startTimeout = JsPeer.DEFAULT_START_TIMEOUT;
    private final Map<String, String> env = new LinkedHashMap<>();

    JsPeerOptions() {
    }

    /** Listen on 127.0.0.1 with a port the OS picks. */
    public JsPeerOptions listenLoopback() {
        return listen("/ip4/127.0.0.1/tcp/0");
    }

    public JsPeerOptions listen(String multiaddr) {
        listen.add(multiaddr);
        return this;
    }

    /** Enable pnet with this swarm.key file (js reads base16 files only). */
    public JsPeerOptions swarmKey(Path file) {
        this.swarmKey = file;
        return this;
    }

    /** Deterministic Ed25519 identity from a 32-byte seed. */
    public JsPeerOptions seed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("seed must be 32 bytes");
        }
        this.seedHex = HexFormat.of().formatHex(seed);
        return this;
    }

    /** Offer/accept the Noise early muxer choice (js default: on). */
    public JsPeerOptions muxerEarly(boolean on) {
        this.muxerEarly = on;
        return this;
    }

    /** js's connection monitor, which pings every connection every ~10 s (default: on). */
    public JsPeerOptions monitor(boolean on) {
        this.monitor = on;
        return this;
    }

    public JsPeerOptions agent(String agentVersion) {
        this.agent = agentVersion;
        return this;
    }

    /**
     * Inbound connections accepted per second per remote host. peer.mjs defaults to 1000;
     * js-libp2p's own default is 5 (quick reconnects beyond it are reset).
     */
    public JsPeerOptions inboundRate(int perSecond) {
        this.inboundRate = perSecond;
        return this;
    }

    /** Run gossipsub (StrictSign, message id = sha256(data), as Kith does). */
    public JsPeerOptions gossip(boolean on) {
        this.gossip = on;
        return this;
    }

    /** A short name used in thread names and failure messages. */
    public JsPeerOptions name(String name) {
        this.name = name;
        return this;
    }

    public JsPeerOptions startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** An environment variable for the node process, e.g. {@code DEBUG=libp2p:*}. */
    public JsPeerOptions env(String key, String value) {
        env.put(key, value);
        return this;
    }

    String name() {
        return name;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (String addr : listen) {
            args.add("--listen");
            args.add(addr);
        }
        if (swarmKey != null) {
            args.add("--swarm-key");
            args.add(swarmKey.toAbsolutePath().toString());
        }
        if (seedHex != null) {
            args.add("--seed");
            args.add(seedHex);
        }
        if (muxerEarly != null) {
            args.add("--muxer-early");
            args.add(muxerEarly ? "on" : "off");
        }
        if (monitor != null) {
            args.add("--monitor");
            args.add(monitor ? "on" : "off");
        }
        if (agent != null) {
            args.add("--agent");
            args.add(agent);
        }
        if (inboundRate != null) {
            args.add("--inbound-rate");
            args.add(Integer.toString(inboundRate));
        }
        if (gossip) {
            args.add("--gossip");
            args.add("on");
        }
        return args;
    }
}
