package org.kith.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kith.ui.app.NodeSession;

/** Builds the screen of each section. */
public final class Screens {

    private Screens() {
    }

    /** The screen of {@code section} for {@code session}; {@code shell} for links between screens. */
    public static Screen create(Section section, NodeSession session, ShellController shell) {
        return switch (section) {
            case PROJECTS -> new org.kith.ui.projects.ProjectsController(session, shell);
            case COMMITMENTS -> new org.kith.ui.commitments.CommitmentsController(session, shell);
            case INBOX -> new org.kith.ui.inbox.InboxController(session, shell);
            case ME -> new org.kith.ui.me.MeController(session, org.kith.ui.me.FilePicker.system());
            case PEOPLE -> new org.kith.ui.people.PeopleController(session, (s, id) -> shell.open(s, id));
            case SWARMS -> new org.kith.ui.swarms.SwarmsController(new org.kith.ui.swarms.SessionSwarmService(session));
            case TRUST_MAP -> new org.kith.ui.trustmap.TrustMapController(
                    new org.kith.ui.trustmap.SessionTrustMapSource(session), id -> shell.open(Section.PEOPLE, id));
            default -> titled(section);
        };
    }

    /** A screen showing only its title: for sections whose screen is not built yet. */
    private static Screen titled(Section section) {
        Label title = new Label(section.title());
        title.getStyleClass().add("title-2");
        VBox box = new VBox(title);
        box.setAlignment(Pos.TOP_LEFT);
        box.setStyle("-fx-padding: 24");
        return () -> (Node) box;
    }
}
