package org.kith.node.swarm;

import org.kith.protocol.record.SwarmId;

/**
 * Swarm names are local labels ({@code --swarm NAME}), chosen by whoever created the swarm and
 * carried in invites: 1–32 characters of ASCII letters, digits, {@code -}, {@code _} and
 * {@code .}, starting with a letter or digit; {@code public} is reserved.
 */
public final class SwarmNames {

    public static final int MAX_CHARS = 32;

    private SwarmNames() {
    }

    /** What is wrong with {@code name}, or null if it is a valid private swarm name. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a swarm name cannot be empty";
        }
        if (name.length() > MAX_CHARS) {
            return "a swarm name has at most " + MAX_CHARS + " characters";
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return "a swarm name holds only letters, digits, '-', '_' and '.', and starts with a letter or digit";
        }
        if (name.equalsIgnoreCase(SwarmId.PUBLIC)) {
            return "\"public\" is the public swarm's name";
        }
        return null;
    }
}
