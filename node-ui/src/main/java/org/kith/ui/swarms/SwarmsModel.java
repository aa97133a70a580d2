package org.kith.ui.swarms;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import org.kith.ui.swarms.SwarmService.SwarmInfo;

/** What the Swarms screen shows; written by the controller on the FX thread only. */
final class SwarmsModel {
    final ObservableList<SwarmInfo> swarms = FXCollections.observableArrayList();
    /** The swarm shown in the detail pane (the current row of the selected swarm ID). */
    final ObjectProperty<SwarmInfo> selected = new SimpleObjectProperty<>();
    /** Until the first list arrives. */
    final BooleanProperty loading = new SimpleBooleanProperty(true);
    final StringProperty loadError = new SimpleStringProperty("");

    final BooleanProperty creating = new SimpleBooleanProperty();
    final StringProperty createError = new SimpleStringProperty("");

    final BooleanProperty joining = new SimpleBooleanProperty();
    final StringProperty joinError = new SimpleStringProperty("");
    /** A success line after a join or create (e.g. "Joined garden; connecting…"). */
    final StringProperty notice = new SimpleStringProperty("");

    final ObjectProperty<InviteExpiry> inviteExpiry = new SimpleObjectProperty<>(InviteExpiry.ONE_WEEK);
    final BooleanProperty inviting = new SimpleBooleanProperty();
    /** The invite for the selected swarm, or empty. */
    final StringProperty invite = new SimpleStringProperty("");
    final ObjectProperty<Image> qr = new SimpleObjectProperty<>();
    /** Under the QR code: its error correction, or why there is none. */
    final StringProperty qrNote = new SimpleStringProperty("");
    final StringProperty inviteError = new SimpleStringProperty("");
    final StringProperty copied = new SimpleStringProperty("");

    /** The leave confirmation is showing. */
    final BooleanProperty confirmLeave = new SimpleBooleanProperty();
    final BooleanProperty leaving = new SimpleBooleanProperty();
    final StringProperty leaveError = new SimpleStringProperty("");
}
