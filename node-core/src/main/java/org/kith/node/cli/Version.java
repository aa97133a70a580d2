package org.kith.node.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code kith --version}: the version Maven stamped into the jar manifest. */
public final class Version implements IVersionProvider {

    /** The version of this build, or "development build" when run from classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"kith " + current()};
    }
}
