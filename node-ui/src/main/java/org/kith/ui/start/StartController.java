package org.kith.ui.start;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.Identity;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Fx;
import org.kith.ui.me.FilePicker;

/**
 * What the app shows before the shell: the first run when the data directory has no identity
 * ({@link FirstRunController}: create or restore one), else unlocking its identity (directly when
 * its key is unencrypted or {@code KITH_PASSPHRASE} is set). Opening runs off the FX thread; when
 * the session is open, {@code onReady} gets it on the FX thread.
 */
public final class StartController {

    private final AppOptions options;
    private final Consumer<NodeSession> onReady;
    private final FilePicker files;
    private final StackPane root = new StackPane();

    public StartController(AppOptions options, Consumer<NodeSession> onReady) {
        this(options, FilePicker.system(), onReady);
    }

    /** @param files the file dialogs (a key backup to restore from) */
    public StartController(AppOptions options, FilePicker files, Consumer<NodeSession> onReady) {
        this.options = options;
        this.files = files;
        this.onReady = onReady;
        root.getStyleClass().add("kith-start");
        begin();
    }

    public Parent root() {
        return root;
    }

    private void begin() {
        try {
            if (!Identity.exists(options.home())) {
                FirstRunController first = new FirstRunController(options.home(), java.time.Clock.systemUTC(), files,
                        node -> NodeSession.open(node, java.time.Clock.systemUTC(), options.network(),
                                options.listenIp(), options.mdns()),
                        onReady);
                root.getChildren().setAll(first.root());
                return;
            }
            String env = options.env().get("KITH_PASSPHRASE");
            if (!Identity.needsPassphrase(options.home()) || env != null) {
                open(env == null ? null : env.toCharArray(), null);
                return;
            }
        } catch (KithException e) {
            root.getChildren().setAll(new Label(e.getMessage()));
            return;
        }
        UnlockView[] unlock = new UnlockView[1];
        unlock[0] = new UnlockView(options.home().dir().toString(), pass -> open(pass, unlock[0]));
        root.getChildren().setAll(unlock[0].root());
    }

    private void open(char[] passphrase, UnlockView view) {
        Fx.whenDone(CompletableFuture.supplyAsync(() -> {
            try {
                KithNode node = Identity.open(options.home(), passphrase, java.time.Clock.systemUTC());
                return NodeSession.open(node, java.time.Clock.systemUTC(), options.network(), options.listenIp(),
                        options.mdns());
            } catch (KithException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }), (session, e) -> {
            if (e != null) {
                if (view != null) {
                    view.failed(Fx.message(e));
                } else {
                    root.getChildren().setAll(new Label("Cannot open " + options.home().dir() + ": " + Fx.message(e)));
                }
                return;
            }
            onReady.accept(session);
        });
    }
}
