package org.kith.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Every command: {@code --home}, access to the context, and {@link #run()} returning 0 on success. */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Data directory (default: $KITH_HOME, else $XDG_DATA_HOME/kith, else ~/.local/share/kith).")
    Path home;

    CliContext ctx() {
        return ((KithCommand) spec.root().userObject()).context();
    }

    KithHome kithHome() {
        return ctx().home(home);
    }

    KithNode openReadOnly() throws KithException {
        return ctx().open(kithHome(), false);
    }

    KithNode openForWriting() throws KithException {
        return ctx().open(kithHome(), true);
    }

    @Override
    public final Integer call() throws Exception {
        run();
        ctx().out.flush();
        return 0;
    }

    abstract void run() throws Exception;
}
