package org.kith.node.cli;

import picocli.CommandLine.Option;

/** {@code --json} for commands that list or show. */
final class JsonOption {

    @Option(names = "--json", description = "Print JSON (stable field names) instead of text.")
    boolean json;
}
