package org.kith.ui.me;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.Observable;
import javafx.scene.Node;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.keys.IdentitySetup;
import org.kith.node.store.NetworkTables;
import org.kith.node.store.Views;
import org.kith.protocol.record.SwarmId;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Fx;
import org.kith.ui.shell.Screen;

/**
 * Me: the user's profile (edited here, published as a new profile record on save; save is enabled
 * only when something changed, and the protocol's limits are checked first, field by field), the
 * key backup (a copy of the encrypted key file; the recovery phrase again after the passphrase),
 * and the user's own records, newest first. Everything touching the node runs through
 * {@link NodeSession#call}.
 */
public final class MeController implements Screen {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final NodeSession session;
    private final FilePicker files;
    private final MeModel model = new MeModel();
    private final MeView view;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    /** The profile as published (what "unchanged" compares to). */
    private ProfileRules published = empty();
    private boolean applying;

    public MeController(NodeSession session, FilePicker files) {
        this.session = session;
        this.files = files;
        model.peerId.set(session.self());
        view = new MeView(model, this);
        Observable[] fields = {model.name, model.bio, model.location, model.skills, model.offers, model.needs,
            model.values, model.links, model.avatar};
        for (Observable o : fields) {
            o.addListener(x -> {
                if (!applying) {
                    model.dirty.set(!same(current(), published));
                    model.status.set("");
                }
            });
        }
        model.avatar.addListener((o, was, now) -> model.avatarImage.set(Avatars.image(now)));
        String self = session.self();
        session.onRecord(r -> {
            if (r.author().toBase58().equals(self)) {
                refreshSoon();
            }
        });
        load();
    }

    @Override
    public Node root() {
        return view.root();
    }

    @Override
    public void onShow() {
        load();
    }

    // ---- profile ---------------------------------------------------------------------------

    /** What the form holds now. */
    ProfileRules current() {
        return new ProfileRules(model.name.get(), model.bio.get(), model.location.get(), model.skills, model.offers,
                model.needs, model.values, model.links, model.avatar.get());
    }

    void onSave() {
        if (!model.dirty.get() || model.saving.get()) {
            return;
        }
        ProfileRules draft = current();
        List<ProfileRules.Problem> problems = draft.problems();
        if (!problems.isEmpty()) {
            model.error.set(String.join("\n", problems.stream().map(ProfileRules.Problem::message).toList()));
            view.focus(problems.get(0).field());
            return;
        }
        model.error.set("");
        model.saving.set(true);
        Fx.whenDone(session.call(node -> {
            node.setProfile(draft.toProfile());
            return snapshot(node);
        }), (snap, e) -> {
            model.saving.set(false);
            if (e != null) {
                model.error.set(Fx.message(e));
                return;
            }
            apply(snap, true);
            model.status.set("Published");
        });
    }

    void onRevert() {
        model.error.set("");
        applyProfile(published);
    }

    void onChooseAvatar(Node owner) {
        files.open(owner, "Choose a picture", "Pictures", List.of("*.png", "*.jpg", "*.jpeg")).ifPresent(file -> {
            model.error.set("");
            Fx.whenDone(CompletableFuture.supplyAsync(() -> {
                try {
                    return Avatars.fromFile(file);
                } catch (KithException e) {
                    throw new CompletionException(e);
                }
            }), (bytes, e) -> {
                if (e != null) {
                    model.error.set(Fx.message(e));
                } else {
                    model.avatar.set(bytes);
                }
            });
        });
    }

    void onRemoveAvatar() {
        model.avatar.set(null);
    }

    // ---- key backup ------------------------------------------------------------------------

    void onBackupKey(Node owner) {
        files.save(owner, "Save a copy of your key", "kith-identity.key").ifPresent(this::backupTo);
    }

    /** Writes the copy of the key file to {@code target}. */
    void backupTo(Path target) {
        model.keyError.set("");
        model.keyStatus.set("");
        model.keyBusy.set(true);
        Fx.whenDone(session.call(node -> {
            IdentitySetup.backup(node.home(), target);
            return target;
        }), (path, e) -> {
            model.keyBusy.set(false);
            if (e != null) {
                model.keyError.set(Fx.message(e));
            } else {
                model.keyStatus.set("Saved a copy of your key to " + path);
            }
        });
    }

    void onShowPhrase() {
        char[] pass = model.keyEncrypted.get() ? model.phrasePassphrase.get().toCharArray() : null;
        if (pass != null && pass.length == 0) {
            model.keyError.set("Type your passphrase first");
            return;
        }
        model.keyError.set("");
        model.keyBusy.set(true);
        Fx.whenDone(session.call(node -> {
            try {
                return IdentitySetup.recoveryPhrase(node.home(), pass);
            } finally {
                if (pass != null) {
                    Arrays.fill(pass, '\0');
                }
            }
        }), (words, e) -> {
            model.keyBusy.set(false);
            model.phrasePassphrase.set("");
            if (e != null) {
                String m = Fx.message(e);
                model.keyError.set(m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1));
            } else {
                model.phraseWords.setAll(words);
            }
        });
    }

    void onHidePhrase() {
        model.phraseWords.clear();
    }

    // ---- loading ---------------------------------------------------------------------------

    /** What the node holds for the screen, read on the node thread. */
    record Snapshot(Views.Person person, String avatar, boolean encrypted, List<MeModel.HistoryRow> history) {
    }

    private void load() {
        Fx.whenDone(session.call(this::snapshot), (snap, e) -> {
            model.loading.set(false);
            if (e != null) {
                model.error.set(Fx.message(e));
            } else {
                apply(snap, !model.dirty.get());
            }
        });
    }

    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            Fx.run(() -> {
                refreshQueued.set(false);
                load();
            });
        }
    }

    private Snapshot snapshot(KithNode node) throws Exception {
        String self = node.self().toBase58();
        Views.Person person = node.profile().orElse(null);
        String avatar = Avatars.stored(node, person);
        boolean encrypted = node.home().keyStore().isEncrypted();
        Map<String, String> swarmNames = new HashMap<>();
        swarmNames.put(SwarmId.PUBLIC, "public");
        for (NetworkTables.Swarm s : node.store().network().swarms()) {
            swarmNames.put(s.swarmId(), s.name());
        }
        ZoneId zone = session.clock().getZone();
        List<MeModel.HistoryRow> rows = node.queries().history(self).stream()
                .sorted(Comparator.comparingLong(Views.HistoryEntry::createdMillis).reversed()
                        .thenComparing(Comparator.comparingLong(Views.HistoryEntry::seq).reversed()))
                .map(h -> new MeModel.HistoryRow(h.id(), h.type(), swarmNames.getOrDefault(h.swarm(), shortSwarm(h.swarm())),
                        h.seq(), TIME.format(Instant.ofEpochMilli(h.createdMillis()).atZone(zone)), h.createdMillis(),
                        h.retracted(), h.forkEvidence()))
                .toList();
        return new Snapshot(person, avatar, encrypted, rows);
    }

    private static String shortSwarm(String id) {
        return id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }

    /** Shows {@code snap}; the profile fields only if {@code profileToo} (unsaved edits are kept). */
    private void apply(Snapshot snap, boolean profileToo) {
        model.keyEncrypted.set(snap.encrypted());
        model.history.setAll(snap.history());
        Views.Person p = snap.person();
        published = p == null ? empty()
                : new ProfileRules(p.name(), p.bio(), p.location(), p.skills(), p.offers(), p.needs(), p.values(),
                        p.links(), snap.avatar() == null ? null : decode(snap.avatar()));
        if (profileToo) {
            applyProfile(published);
        } else {
            model.dirty.set(!same(current(), published));
        }
    }

    private void applyProfile(ProfileRules p) {
        applying = true;
        try {
            model.name.set(nz(p.name()));
            model.bio.set(nz(p.bio()));
            model.location.set(nz(p.location()));
            model.skills.setAll(p.skills());
            model.offers.setAll(p.offers());
            model.needs.setAll(p.needs());
            model.values.setAll(p.values());
            model.links.setAll(p.links());
            model.avatar.set(p.avatar());
        } finally {
            applying = false;
        }
        model.dirty.set(false);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProfileRules empty() {
        return new ProfileRules(null, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null);
    }

    /** Whether two forms would publish the same profile. */
    static boolean same(ProfileRules a, ProfileRules b) {
        return Objects.equals(strip(a.name()), strip(b.name())) && Objects.equals(strip(a.bio()), strip(b.bio()))
                && Objects.equals(strip(a.location()), strip(b.location())) && a.skills().equals(b.skills())
                && a.offers().equals(b.offers()) && a.needs().equals(b.needs()) && a.values().equals(b.values())
                && a.links().equals(b.links()) && Arrays.equals(a.avatar(), b.avatar());
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---- for tests ---------------------------------------------------------------------------

    MeModel model() {
        return model;
    }
}
