package org.kith.ui.people;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.kith.protocol.record.TrustLevel;

/** What People shows: the directory (filtered by the controller), the chosen person, the vouch form. */
final class PeopleModel {

    /** One row of the directory. */
    record Row(String peerId, String name, List<String> skills, boolean self, double trust, double reliability,
            double confidence, double evidence) {
    }

    /** One hop-by-hop reason for trust: {@code from} vouched {@code level}, carrying {@code share} of it. */
    record PathLine(String from, String fromName, String level, double share, String path) {
    }

    /** An attestation about the person: counted with a weight, or ignored with a reason. */
    record AttestationLine(String attester, String attesterName, String outcome, double weight, String commitment,
            String reason) {
    }

    record CommitmentLine(String id, String proposalId, String proposal, String role, String status, String due) {
    }

    record HistoryLine(String type, String swarm, long seq, String time, boolean retracted) {
    }

    /** Everything the detail pane shows about one person. */
    record Detail(String peerId, String name, boolean self, boolean known, String bio, String location,
            List<String> skills, List<String> offers, List<String> needs, List<String> values, List<String> links,
            String avatar, double trust, String yourVouch, boolean distrusted, boolean forked, double reliability,
            double confidence, double evidence, int kept, int partlyKept, int notKept, List<PathLine> paths,
            List<AttestationLine> counted, List<AttestationLine> ignored, List<CommitmentLine> commitments,
            List<HistoryLine> history) {
    }

    final ObservableList<Row> rows = FXCollections.observableArrayList();
    final FilteredList<Row> visible = new FilteredList<>(rows);
    final ObservableList<String> skills = FXCollections.observableArrayList();
    final StringProperty search = new SimpleStringProperty("");
    /** The skill filter; null for any. */
    final ObjectProperty<String> skill = new SimpleObjectProperty<>();
    final BooleanProperty loading = new SimpleBooleanProperty(true);
    final StringProperty error = new SimpleStringProperty("");

    final StringProperty selected = new SimpleStringProperty();
    final ObjectProperty<Detail> detail = new SimpleObjectProperty<>();
    final BooleanProperty detailLoading = new SimpleBooleanProperty();

    final ObjectProperty<TrustLevel> level = new SimpleObjectProperty<>(TrustLevel.SOME);
    final StringProperty domain = new SimpleStringProperty("");
    final StringProperty note = new SimpleStringProperty("");
    final BooleanProperty confirmDistrust = new SimpleBooleanProperty();
    final BooleanProperty vouching = new SimpleBooleanProperty();
    final StringProperty vouchError = new SimpleStringProperty("");
    final StringProperty vouchStatus = new SimpleStringProperty("");
}
