package org.kith.ui.swarms;

import atlantafx.base.controls.Card;
import atlantafx.base.theme.Styles;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kith.ui.fx.Fx;
import org.kith.ui.swarms.SwarmService.PeerInfo;
import org.kith.ui.swarms.SwarmService.SwarmInfo;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Swarms screen's nodes: on the left the joined swarms and the forms to create one and to join
 * by invite; on the right the selected swarm (addresses, mesh, sync, peers, invite, leave).
 */
final class SwarmsView {

    private final SwarmsModel model;
    private final SwarmsController controller;
    private final BorderPane root = new BorderPane();
    private final TextField createName = new TextField();
    private final TextArea joinText = new TextArea();
    private final TextField joinAs = new TextField();
    private final ListView<SwarmInfo> list = new ListView<>();
    private final ListView<PeerInfo> peers = new ListView<>();

    SwarmsView(SwarmsModel model, SwarmsController controller) {
        this.model = model;
        this.controller = controller;
        root.getStyleClass().add("kith-swarms");
        root.setLeft(left());
        root.setCenter(detail());
    }

    Parent root() {
        return root;
    }

    boolean isShowing() {
        return Fx.isShowing(root);
    }

    void createSucceeded() {
        createName.clear();
    }

    void joinSucceeded() {
        joinText.clear();
        joinAs.clear();
    }

    // ---- left: the list, create, join -------------------------------------------------------

    private Node left() {
        Label title = new Label("Swarms");
        title.getStyleClass().add(Styles.TITLE_2);
        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(20, 20);
        loading.visibleProperty().bind(model.loading);
        loading.managedProperty().bind(model.loading);
        HBox head = new HBox(8, title, loading);
        head.setAlignment(Pos.CENTER_LEFT);

        list.setId("swarms-list");
        list.setItems(model.swarms);
        list.setCellFactory(v -> new SwarmCell());
        list.setPrefHeight(200);
        list.setMinHeight(120);
        list.setAccessibleText("Joined swarms");
        list.setPlaceholder(new Label("No swarms"));
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                controller.onSelect(now);
            }
        });
        model.selected.addListener((o, was, now) -> {
            if (now != null && list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);

        Label loadError = errorLabel("swarms-load-error", model.loadError.getValueSafe());
        loadError.textProperty().bind(model.loadError);
        Label notice = new Label();
        notice.setId("swarm-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add(Styles.SUCCESS);
        notice.textProperty().bind(model.notice);
        collapseWhenEmpty(notice);

        VBox box = new VBox(10, head, list, loadError, notice, createCard(), joinCard());
        box.setPadding(new Insets(20, 12, 16, 20));
        box.setPrefWidth(360);
        box.setMinWidth(300);
        return box;
    }

    private Node createCard() {
        createName.setId("swarm-create-name");
        createName.setPromptText("Name, e.g. garden");
        createName.setAccessibleText("Name of the new swarm");
        createName.setOnAction(e -> controller.onCreate(createName.getText()));
        createName.disableProperty().bind(model.creating);
        Button create = new Button("_Create", new FontIcon(Feather.PLUS));
        create.setId("swarm-create");
        create.setMnemonicParsing(true);
        create.getStyleClass().add(Styles.ACCENT);
        create.setTooltip(new Tooltip("Create a private swarm with a new key (Enter)"));
        create.disableProperty().bind(model.creating.or(createName.textProperty().isEmpty()));
        create.setOnAction(e -> controller.onCreate(createName.getText()));
        HBox.setHgrow(createName, Priority.ALWAYS);
        HBox row = new HBox(8, createName, create);
        row.setAlignment(Pos.CENTER_LEFT);
        Label error = errorLabel("swarm-create-error", "");
        error.textProperty().bind(model.createError);
        return card("New private swarm", "Only people you invite can connect to it.", new VBox(6, row, error));
    }

    private Node joinCard() {
        joinText.setId("swarm-join-text");
        joinText.setPromptText("Paste an invite: kith-invite:v1:…");
        joinText.setAccessibleText("Invite to join");
        joinText.setWrapText(true);
        joinText.setPrefRowCount(3);
        joinText.disableProperty().bind(model.joining);
        joinText.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                e.consume();
                controller.onJoin(joinText.getText(), joinAs.getText());
            }
        });
        joinAs.setId("swarm-join-as");
        joinAs.setPromptText("Name here (optional)");
        joinAs.setAccessibleText("Local name for the swarm (optional)");
        joinAs.setTooltip(new Tooltip("A name for the swarm on this computer, when you already have one of the"
                + " invite's name"));
        joinAs.disableProperty().bind(model.joining);
        Button join = new Button("_Join", new FontIcon(Feather.LOG_IN));
        join.setId("swarm-join");
        join.setMnemonicParsing(true);
        join.getStyleClass().add(Styles.ACCENT);
        join.setTooltip(new Tooltip("Join the swarm of this invite (Ctrl+Enter)"));
        join.disableProperty().bind(model.joining.or(joinText.textProperty().isEmpty()));
        join.setOnAction(e -> controller.onJoin(joinText.getText(), joinAs.getText()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.joining);
        HBox.setHgrow(joinAs, Priority.ALWAYS);
        HBox row = new HBox(8, joinAs, busy, join);
        row.setAlignment(Pos.CENTER_LEFT);
        Label error = errorLabel("swarm-join-error", "");
        error.textProperty().bind(model.joinError);
        return card("Join by invite", "Someone in the swarm gives you an invite.", new VBox(6, joinText, row, error));
    }

    // ---- right: the selected swarm ----------------------------------------------------------

    private Node detail() {
        Label none = new Label("Select a swarm, or create one.");
        none.getStyleClass().add(Styles.TEXT_MUTED);
        StackPane empty = new StackPane(none);

        Label title = new Label();
        title.setId("swarm-title");
        title.getStyleClass().add(Styles.TITLE_2);
        Label kind = new Label();
        kind.getStyleClass().addAll("kith-swarm-kind");
        Button leave = new Button("_Leave…", new FontIcon(Feather.LOG_OUT));
        leave.setId("swarm-leave");
        leave.setMnemonicParsing(true);
        leave.getStyleClass().addAll(Styles.DANGER, Styles.FLAT);
        leave.setTooltip(new Tooltip("Leave this swarm"));
        leave.setOnAction(e -> controller.onAskLeave());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(10, title, kind, grow, leave);
        header.setAlignment(Pos.CENTER_LEFT);

        Label swarmId = new Label();
        swarmId.getStyleClass().addAll(Styles.TEXT_MUTED, "kith-mono");

        VBox detail = new VBox(14, header, swarmId, leaveConfirm(), facts(), inviteSection(), peersSection());
        detail.setPadding(new Insets(20, 24, 24, 16));
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");

        Runnable update = () -> {
            SwarmInfo s = model.selected.get();
            if (s == null) {
                root.setCenter(empty);
                return;
            }
            root.setCenter(scroll);
            title.setText(s.name());
            kind.setText(s.isPublic() ? "public" : "private");
            kind.getStyleClass().setAll("kith-swarm-kind", s.isPublic() ? "kith-swarm-public" : "kith-swarm-private");
            swarmId.setText("Swarm " + s.swarmId() + (s.invitedBy() == null ? "" : " · invited by "
                    + shortId(s.invitedBy())));
            leave.setVisible(!s.isPublic());
            if (!peers.getItems().equals(s.peers())) {
                peers.getItems().setAll(s.peers());
            }
        };
        model.selected.addListener((o, was, now) -> update.run());
        update.run();
        return root.getCenter();
    }

    private Node leaveConfirm() {
        Label q = new Label();
        q.setWrapText(true);
        q.textProperty().bind(Bindings.createStringBinding(() -> model.selected.get() == null ? ""
                : "Leave " + model.selected.get().name() + "? This computer forgets its key and peers and stops"
                        + " connecting; the records you received stay.", model.selected));
        Button yes = new Button("Leave");
        yes.setId("swarm-leave-confirm");
        yes.getStyleClass().add(Styles.DANGER);
        yes.disableProperty().bind(model.leaving);
        yes.setOnAction(e -> controller.onLeave());
        Button no = new Button("Cancel");
        no.setId("swarm-leave-cancel");
        no.setCancelButton(true);
        no.setOnAction(e -> controller.onCancelLeave());
        HBox.setHgrow(q, Priority.ALWAYS);
        HBox bar = new HBox(10, new FontIcon(Feather.ALERT_TRIANGLE), q, yes, no);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setId("swarm-leave-bar");
        bar.getStyleClass().add("kith-confirm");
        bar.visibleProperty().bind(model.confirmLeave);
        bar.managedProperty().bind(model.confirmLeave);
        model.confirmLeave.addListener((o, was, now) -> {
            if (now) {
                no.requestFocus();
            }
        });
        Label error = errorLabel("swarm-leave-error", "");
        error.textProperty().bind(model.leaveError);
        return new VBox(6, bar, error);
    }

    private Node facts() {
        Label listen = new Label();
        listen.setId("swarm-listen");
        listen.setWrapText(true);
        listen.getStyleClass().add("kith-mono");
        Label mesh = new Label();
        mesh.setId("swarm-mesh");
        ProgressIndicator syncing = new ProgressIndicator();
        syncing.setId("swarm-sync-progress");
        syncing.setPrefSize(18, 18);
        Label sync = new Label();
        sync.setId("swarm-sync");
        HBox syncRow = new HBox(8, syncing, sync);
        syncRow.setAlignment(Pos.CENTER_LEFT);
        Runnable update = () -> {
            SwarmInfo s = model.selected.get();
            if (s == null) {
                return;
            }
            listen.setText(!s.running() ? "Not running (offline)" : s.listenAddrs().isEmpty() ? "Starting…"
                    : String.join("\n", s.listenAddrs()));
            long connected = s.connectedPeers();
            mesh.setText(connected + (connected == 1 ? " peer" : " peers") + " connected · gossip mesh of "
                    + s.meshSize());
            syncing.setVisible(s.sync().inProgress());
            syncing.setManaged(s.sync().inProgress());
            sync.setText(syncText(s.sync()));
        };
        model.selected.addListener((o, was, now) -> update.run());
        update.run();
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        grid.addRow(0, muted("Listening on"), listen);
        grid.addRow(1, muted("Connections"), mesh);
        grid.addRow(2, muted("Sync"), syncRow);
        return grid;
    }

    static String syncText(SwarmService.SyncInfo s) {
        if (s.inProgress()) {
            return "Catching up with " + s.running() + (s.running() == 1 ? " peer" : " peers") + " — "
                    + s.receivedSoFar() + " records received so far";
        }
        if (s.finished() == 0) {
            return "No catch-up yet";
        }
        return "Up to date · the last catch-up brought " + s.acceptedLast() + (s.acceptedLast() == 1 ? " new record"
                : " new records");
    }

    private Node peersSection() {
        Label title = new Label("Peers");
        title.getStyleClass().add(Styles.TITLE_4);
        peers.setId("swarm-peers");
        peers.setCellFactory(v -> new PeerCell());
        peers.setPrefHeight(150);
        peers.setAccessibleText("Peers of this swarm");
        Label empty = new Label("No peers yet. Invite someone, or wait for peers on your network.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        empty.setWrapText(true);
        peers.setPlaceholder(empty);
        return new VBox(6, title, peers);
    }

    private Node inviteSection() {
        ComboBox<InviteExpiry> expiry = new ComboBox<>();
        expiry.setId("invite-expiry");
        expiry.getItems().setAll(InviteExpiry.values());
        expiry.valueProperty().bindBidirectional(model.inviteExpiry);
        expiry.setAccessibleText("Invite valid for");
        Button make = new Button("Create _invite", new FontIcon(Feather.SEND));
        make.setId("invite-create");
        make.setMnemonicParsing(true);
        make.getStyleClass().add(Styles.ACCENT);
        make.disableProperty().bind(model.inviting);
        make.setOnAction(e -> controller.onInvite());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.inviting);
        HBox row = new HBox(10, muted("Valid for"), expiry, make, busy);
        row.setAlignment(Pos.CENTER_LEFT);

        TextArea text = new TextArea();
        text.setId("invite-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(5);
        text.getStyleClass().add("kith-mono");
        text.setAccessibleText("Invite text");
        text.textProperty().bind(model.invite);
        Button copy = new Button("_Copy", new FontIcon(Feather.COPY));
        copy.setId("invite-copy");
        copy.setMnemonicParsing(true);
        copy.setTooltip(new Tooltip("Copy the invite to the clipboard"));
        copy.setAccessibleText("Copy the invite");
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setOnAction(e -> controller.onCopyInvite());
        Label copied = new Label();
        copied.setId("invite-copied");
        copied.setWrapText(true);
        copied.getStyleClass().add(Styles.TEXT_MUTED);
        copied.textProperty().bind(model.copied);
        VBox textBox = new VBox(8, text, new HBox(10, copy, copied));
        HBox.setHgrow(textBox, Priority.ALWAYS);
        ImageView qr = new ImageView();
        qr.setId("invite-qr");
        qr.imageProperty().bind(model.qr);
        qr.setAccessibleText("QR code of the invite");
        qr.setSmooth(false);
        Label qrNote = new Label();
        qrNote.setWrapText(true);
        qrNote.setMaxWidth(270);
        qrNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        qrNote.textProperty().bind(model.qrNote);
        VBox qrBox = new VBox(6, qr, qrNote);
        HBox result = new HBox(16, textBox, qrBox);
        result.visibleProperty().bind(model.invite.isNotEmpty());
        result.managedProperty().bind(model.invite.isNotEmpty());
        Label error = errorLabel("invite-error", "");
        error.textProperty().bind(model.inviteError);

        VBox privateBody = new VBox(10, row, error, result);
        Label publicNote = new Label("The public swarm needs no invite: every Kith node can connect to it.");
        publicNote.getStyleClass().add(Styles.TEXT_MUTED);
        publicNote.setWrapText(true);
        StackPane body = new StackPane();
        Runnable update = () -> {
            SwarmInfo s = model.selected.get();
            body.getChildren().setAll(s != null && s.isPublic() ? publicNote : privateBody);
        };
        model.selected.addListener((o, was, now) -> update.run());
        update.run();
        return card("Invite", "An invite carries the swarm's key and your addresses; it expires.", body);
    }

    // ---- cells and helpers ------------------------------------------------------------------

    private final class SwarmCell extends ListCell<SwarmInfo> {
        @Override
        protected void updateItem(SwarmInfo s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            Label name = new Label(s.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            long connected = s.connectedPeers();
            String state = (s.isPublic() ? "public" : "private") + " · " + (!s.running() ? "offline"
                    : connected + " connected of " + s.peers().size());
            Label sub = new Label(state);
            sub.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            Circle dot = new Circle(5);
            dot.getStyleClass().add(connected > 0 ? "kith-dot-on" : "kith-dot-off");
            ProgressIndicator sync = new ProgressIndicator();
            sync.setPrefSize(14, 14);
            sync.setVisible(s.sync().inProgress());
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            HBox row = new HBox(8, dot, new VBox(2, name, sub), grow, sync);
            row.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
            setAccessibleText(s.name() + ", " + state);
        }
    }

    private static final class PeerCell extends ListCell<PeerInfo> {
        @Override
        protected void updateItem(PeerInfo p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setText(null);
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            Circle dot = new Circle(5);
            dot.getStyleClass().add(p.connected() ? "kith-dot-on" : "kith-dot-off");
            Label name = new Label(p.name() == null ? shortId(p.peerId()) : p.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label id = new Label(p.peerId());
            id.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL, "kith-mono");
            Label state = new Label(peerState(p, Instant.now()));
            state.getStyleClass().add(p.connected() ? Styles.SUCCESS : Styles.TEXT_MUTED);
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            VBox who = new VBox(2, name, id);
            HBox row = new HBox(10, dot, who, grow, state);
            row.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
            setAccessibleText(name.getText() + ", " + state.getText());
        }
    }

    /** "connected", "remembered · last connected 3 h ago", "not reached yet · 2 failed dials". */
    static String peerState(PeerInfo p, Instant now) {
        if (p.connected()) {
            return "connected";
        }
        String s = p.lastConnectedMillis() == null ? "not reached yet"
                : "remembered · last connected " + ago(Duration.between(Instant.ofEpochMilli(p.lastConnectedMillis()),
                        now));
        return p.dialFailures() > 0 ? s + " · " + p.dialFailures() + (p.dialFailures() == 1 ? " failed dial"
                : " failed dials") : s;
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86400) {
            return s / 3600 + " h ago";
        }
        return s / 86400 + " d ago";
    }

    static String shortId(String peerId) {
        return peerId.length() <= 14 ? peerId : peerId.substring(0, 6) + "…" + peerId.substring(peerId.length() - 6);
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label errorLabel(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add(Styles.DANGER);
        collapseWhenEmpty(l);
        return l;
    }

    private static void collapseWhenEmpty(Label l) {
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
    }

    private static Node card(String title, String subtitle, Node body) {
        Card card = new Card();
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        Label sub = new Label(subtitle);
        sub.setWrapText(true);
        sub.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        card.setHeader(new VBox(2, t, sub));
        card.setBody(body);
        return card;
    }
}
