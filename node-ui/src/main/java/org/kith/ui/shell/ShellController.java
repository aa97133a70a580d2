package org.kith.ui.shell;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javafx.scene.Parent;
import org.kith.node.store.Views;
import org.kith.node.workflow.Inbox;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Fx;

/**
 * The app's frame: navigation between {@link Section}s (each screen built on first visit), the
 * inbox badge and the network status, both kept current from the node's events.
 */
public final class ShellController {

    private final NodeSession session;
    private final ShellModel model = new ShellModel();
    private final ShellView view;
    private final Function<Section, Screen> screens;
    private final Map<Section, Screen> built = new EnumMap<>(Section.class);
    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    /** @param screens builds the screen of a section (called once per section, on the FX thread) */
    public ShellController(NodeSession session, Function<Section, Screen> screens) {
        this.session = session;
        this.screens = screens;
        model.dark.set(javafx.application.Application.getUserAgentStylesheet() != null
                && javafx.application.Application.getUserAgentStylesheet().toLowerCase(java.util.Locale.ROOT)
                        .contains("dark"));
        this.view = new ShellView(model, this);
        session.onRecord(r -> refreshSoon());
        session.onHostEvent((swarm, e) -> refreshSoon());
        refresh();
        // The first screen is built after this constructor returns: the screen factory callers pass
        // (section -> Screens.create(section, session, shell)) only has the shell by then, and the
        // inbox links to other screens through it.
        javafx.application.Platform.runLater(() -> {
            if (built.isEmpty()) {
                show(Section.INBOX);
            }
        });
    }

    /** Switches between the light and the dark theme now, and keeps the choice for next time. */
    public void toggleTheme() {
        boolean dark = !model.dark.get();
        model.dark.set(dark);
        org.kith.ui.KithApp.applyTheme(dark);
        Fx.whenDone(session.call(node -> {
            org.kith.ui.app.UiSettings.of(node.home(), System.getenv()).saveTheme(dark);
            return null;
        }), (v, e) -> { });
    }

    public boolean dark() {
        return model.dark.get();
    }

    public Parent root() {
        return view.root();
    }

    /** Shows {@code section}, building its screen the first time. */
    public void show(Section section) {
        Screen screen = built.computeIfAbsent(section, screens);
        model.section.set(section);
        view.setContent(screen.root());
        screen.onShow();
    }

    /**
     * Shows {@code section} and, if its screen is {@link Selectable}, the item {@code id} in it: the
     * links between screens (a person in the trust map, a proposal in the inbox).
     */
    public void open(Section section, String id) {
        show(section);
        if (built.get(section) instanceof Selectable s) {
            s.select(id);
        }
    }

    /** The screen of {@code section} (built now if it was not yet): tests and cross-screen links. */
    public Screen screen(Section section) {
        return built.computeIfAbsent(section, screens);
    }

    public Section current() {
        return model.section.get();
    }

    public int inboxCount() {
        return model.inboxCount.get();
    }

    public String status() {
        return model.status.get();
    }

    /** Coalesces bursts of events (a catch-up brings thousands of records) into one refresh. */
    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            Fx.run(() -> {
                refreshQueued.set(false);
                refresh();
            });
        }
    }

    private void refresh() {
        Fx.whenDone(session.call(node -> {
            LocalDate today = LocalDate.now(session.clock());
            int count = new Inbox(node.queries(), session.self(), today, session.clock().getZone()).items().size();
            String name = node.profile().map(Views.Person::name).orElse("");
            return new Object[] {count, name, networkStatus()};
        }), (v, e) -> {
            if (e == null) {
                model.inboxCount.set((Integer) v[0]);
                model.userName.set((String) v[1]);
                model.status.set((String) v[2]);
            } else {
                model.status.set("Error: " + Fx.message(e));
            }
        });
    }

    private String networkStatus() {
        return session.runtime().map(rt -> {
            int swarms = rt.hosts().size();
            long peers = rt.hosts().stream().mapToLong(h -> h.host().connectedPeers().size()).sum();
            return swarms + (swarms == 1 ? " swarm, " : " swarms, ") + peers + (peers == 1 ? " peer" : " peers");
        }).orElse("Offline");
    }
}
