package org.kith.ui.projects;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.kith.protocol.record.ProposalStatus;

/** What the Projects screen shows: the board, its filters, the detail or a form. FX thread only. */
final class ProjectsModel {

    /** What the right-hand pane shows. */
    enum Pane {
        EMPTY, DETAIL, CREATE, EDIT
    }

    /** A joined swarm: its local name and ID. */
    record SwarmChoice(String name, String id) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ---- board
    /** Every proposal held, newest first (the controller filters it into {@link #visible}). */
    final List<ProposalRow> all = new ArrayList<>();
    /** Ids of proposals the user committed to (for "mine"). */
    final Set<String> committed = new HashSet<>();
    /** How many proposals are held (all.size()). */
    final IntegerProperty held = new SimpleIntegerProperty();
    final ObservableList<ProposalRow> visible = FXCollections.observableArrayList();
    final BooleanProperty loading = new SimpleBooleanProperty(true);
    final StringProperty boardError = new SimpleStringProperty();

    final StringProperty search = new SimpleStringProperty("");
    /** null: every status. */
    final ObjectProperty<ProposalStatus> status = new SimpleObjectProperty<>();
    /** null: any; else "project" or "gathering". */
    final ObjectProperty<String> kind = new SimpleObjectProperty<>();
    final ObjectProperty<String> skill = new SimpleObjectProperty<>();
    final ObjectProperty<String> tag = new SimpleObjectProperty<>();
    /** A swarm ID, or null. */
    final ObjectProperty<String> swarm = new SimpleObjectProperty<>();
    final BooleanProperty mine = new SimpleBooleanProperty();

    /** Proposals per status under the other filters; {@link #total} for all statuses. */
    final Map<ProposalStatus, IntegerProperty> counts = new EnumMap<>(ProposalStatus.class);
    final IntegerProperty total = new SimpleIntegerProperty();
    final ObservableList<String> skills = FXCollections.observableArrayList();
    final ObservableList<String> tags = FXCollections.observableArrayList();
    final ObservableList<SwarmChoice> swarms = FXCollections.observableArrayList();

    // ---- right-hand pane
    final ObjectProperty<Pane> pane = new SimpleObjectProperty<>(Pane.EMPTY);
    final StringProperty selectedId = new SimpleStringProperty();
    final ObjectProperty<ProposalDetail> detail = new SimpleObjectProperty<>();
    final BooleanProperty detailLoading = new SimpleBooleanProperty();
    /** An action on the detail failed (commit, RSVP, comment, status): the node's message. */
    final StringProperty detailError = new SimpleStringProperty();
    /** The chain check asked for from the detail, when done. */
    final StringProperty chainCheck = new SimpleStringProperty();
    /** Errors of the commit form, by field (what, due, effort). */
    final ObservableMap<String, String> commitErrors = FXCollections.observableHashMap();
    /** The role whose commit form is open ("" for a commitment without a role), or null. */
    final ObjectProperty<String> committingTo = new SimpleObjectProperty<>();

    // ---- create / edit form
    final ObservableMap<String, String> formErrors = FXCollections.observableHashMap();
    /** The node refused the proposal: its message. */
    final StringProperty formError = new SimpleStringProperty();
    final BooleanProperty busy = new SimpleBooleanProperty();

    ProjectsModel() {
        for (ProposalStatus s : ProposalStatus.values()) {
            counts.put(s, new SimpleIntegerProperty());
        }
    }
}
