package org.kith.ui.swarms;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.util.Duration;
import org.kith.ui.fx.Fx;
import org.kith.ui.shell.Screen;
import org.kith.ui.swarms.SwarmService.SwarmInfo;

/**
 * The Swarms screen: the joined swarms with their peers, connection state, gossip mesh and live
 * sync progress; creating a private swarm, inviting (text, copy, QR code), joining by invite and
 * leaving. Refreshed on connection events (coalesced) and every {@link #REFRESH_EVERY} while shown.
 * All methods run on the FX thread; node work goes through {@link SwarmService}.
 */
public final class SwarmsController implements Screen {

    /** Sync progress has no events: the screen polls this often while it is shown. */
    public static final Duration REFRESH_EVERY = Duration.seconds(2);

    private final SwarmService service;
    private final Consumer<String> clipboard;
    private final SwarmsModel model = new SwarmsModel();
    private final SwarmsView view;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private String selectedId;
    private CompletableFuture<Void> inFlight;
    /** A change was reported while a reload was running: reload once more after it. */
    private boolean dirty;

    public SwarmsController(SwarmService service) {
        this(service, SwarmsController::toSystemClipboard);
    }

    /** @param clipboard receives copied text (the system clipboard in the app) */
    SwarmsController(SwarmService service, Consumer<String> clipboard) {
        this.service = service;
        this.clipboard = clipboard;
        this.view = new SwarmsView(model, this);
        service.onChange(this::refreshSoon);
        Timeline poll = new Timeline(new KeyFrame(REFRESH_EVERY, e -> {
            if (view.isShowing() && (inFlight == null || inFlight.isDone())) {
                refresh();
            }
        }));
        poll.setCycleCount(Animation.INDEFINITE);
        poll.play();
        refresh();
    }

    @Override
    public Node root() {
        return view.root();
    }

    @Override
    public void onShow() {
        refresh();
    }

    SwarmsModel model() {
        return model;
    }

    /**
     * Reloads the swarm list; completes (on the FX thread) when the model shows it. Reads queue on
     * the node's one background thread, so a reload asked after a change sees it.
     */
    CompletableFuture<Void> refresh() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        Fx.whenDone(service.swarms(), (list, e) -> {
            model.loading.set(false);
            if (e != null) {
                model.loadError.set("Cannot read the swarms: " + Fx.message(e));
            } else {
                model.loadError.set("");
                show(list);
            }
            done.complete(null);
            if (dirty && done == inFlight) {
                dirty = false;
                refresh();
            }
        });
        return done;
    }

    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            Fx.run(() -> {
                refreshQueued.set(false);
                if (inFlight == null || inFlight.isDone()) {
                    refresh();
                } else {
                    dirty = true;
                }
            });
        }
    }

    private void show(List<SwarmInfo> list) {
        if (!list.equals(model.swarms)) {
            model.swarms.setAll(list);
        }
        if (selectedId == null || list.stream().noneMatch(s -> s.swarmId().equals(selectedId))) {
            // First private swarm, else the public one.
            selectedId = list.stream().filter(s -> !s.isPublic()).findFirst().or(() -> list.stream().findFirst())
                    .map(SwarmInfo::swarmId).orElse(null);
            clearInvite();
        }
        model.selected.set(list.stream().filter(s -> s.swarmId().equals(selectedId)).findFirst().orElse(null));
    }

    /** The user picked a swarm in the list. */
    void onSelect(SwarmInfo swarm) {
        if (swarm == null || swarm.swarmId().equals(selectedId)) {
            return;
        }
        selectedId = swarm.swarmId();
        model.selected.set(swarm);
        model.confirmLeave.set(false);
        model.leaveError.set("");
        clearInvite();
    }

    private void select(String name) {
        model.swarms.stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(this::onSelect);
    }

    private void clearInvite() {
        model.invite.set("");
        model.qr.set(null);
        model.qrNote.set("");
        model.inviteError.set("");
        model.copied.set("");
    }

    /** Create a private swarm named {@code name}; on success it is selected and its host started. */
    void onCreate(String name) {
        if (model.creating.get()) {
            return;
        }
        model.createError.set("");
        model.notice.set("");
        model.creating.set(true);
        Fx.whenDone(service.create(name), (created, e) -> {
            model.creating.set(false);
            if (e != null) {
                model.createError.set(Fx.message(e));
                refresh();
                return;
            }
            model.notice.set("Created " + created + ". Invite people to it with \"Create invite\".");
            view.createSucceeded();
            refresh().thenRun(() -> Fx.run(() -> select(created)));
        });
    }

    /** Join with a pasted invite (whitespace and line breaks ignored), under {@code localName} if given. */
    void onJoin(String inviteText, String localName) {
        if (model.joining.get()) {
            return;
        }
        model.joinError.set("");
        model.notice.set("");
        if (inviteText == null || inviteText.isBlank()) {
            model.joinError.set("Paste an invite (kith-invite:v1:…) first.");
            return;
        }
        model.joining.set(true);
        Fx.whenDone(service.join(inviteText, localName), (joined, e) -> {
            model.joining.set(false);
            if (e != null) {
                model.joinError.set(userMessage(Fx.message(e)));
                refresh();
                return;
            }
            model.notice.set("Joined " + joined + ". Connecting to the people who invited you…");
            view.joinSucceeded();
            refresh().thenRun(() -> Fx.run(() -> select(joined)));
        });
    }

    /** The CLI's wording ("--as NAME") in the screen's terms. */
    private static String userMessage(String m) {
        return m.replace(" with --as NAME", " in the \"Name here\" field");
    }

    /** Make an invite into the selected swarm, valid for the chosen time; shows text and QR code. */
    void onInvite() {
        SwarmInfo s = model.selected.get();
        if (s == null || s.isPublic() || model.inviting.get()) {
            return;
        }
        clearInvite();
        model.inviting.set(true);
        InviteExpiry expiry = model.inviteExpiry.get();
        Fx.whenDone(service.invite(s.name(), expiry.validity()).thenApply(text -> new Object[] {text,
            QrCodes.encode(text)}), (v, e) -> {
                model.inviting.set(false);
                if (e != null) {
                    model.inviteError.set(Fx.message(e));
                    return;
                }
                if (model.selected.get() == null || !model.selected.get().swarmId().equals(s.swarmId())) {
                    return; // the user moved on to another swarm
                }
                String text = (String) v[0];
                @SuppressWarnings("unchecked")
                java.util.Optional<QrCodes.Qr> qr = (java.util.Optional<QrCodes.Qr>) v[1];
                model.invite.set(text);
                if (qr.isPresent()) {
                    model.qr.set(QrCodes.toImage(qr.get().matrix(), QrCodes.scaleFor(qr.get().matrix(), 240)));
                    model.qrNote.set("QR code, error correction " + qr.get().level() + ", " + qr.get().modules()
                            + "×" + qr.get().modules() + " — valid for " + expiry);
                } else {
                    model.qrNote.set("This invite is too long for a QR code; copy the text instead.");
                }
            });
    }

    /** Copy the invite text. */
    void onCopyInvite() {
        String text = model.invite.get();
        if (text == null || text.isEmpty()) {
            return;
        }
        clipboard.accept(text);
        model.copied.set("Copied. Send it privately: whoever holds it can join.");
    }

    /** Ask before leaving (the confirmation bar). */
    void onAskLeave() {
        SwarmInfo s = model.selected.get();
        if (s != null && !s.isPublic()) {
            model.leaveError.set("");
            model.confirmLeave.set(true);
        }
    }

    void onCancelLeave() {
        model.confirmLeave.set(false);
    }

    /** Leave the selected swarm (confirmed): its host stops, its key and peers are forgotten. */
    void onLeave() {
        SwarmInfo s = model.selected.get();
        if (s == null || s.isPublic() || model.leaving.get()) {
            return;
        }
        model.leaving.set(true);
        Fx.whenDone(service.leave(s.name()), (v, e) -> {
            model.leaving.set(false);
            model.confirmLeave.set(false);
            if (e != null) {
                model.leaveError.set("Could not leave " + s.name() + ": " + Fx.message(e));
            } else {
                model.notice.set("Left " + s.name() + ". Records you received from it stay.");
                selectedId = null;
            }
            refresh();
        });
    }

    private static void toSystemClipboard(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }
}
