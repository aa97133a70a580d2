package org.kith.ui.shell;

import org.kith.ui.app.NodeSession;
import org.kith.ui.commitments.CommitmentsController;
import org.kith.ui.inbox.InboxController;
import org.kith.ui.me.FilePicker;
import org.kith.ui.me.MeController;
import org.kith.ui.people.PeopleController;
import org.kith.ui.projects.ProjectsController;
import org.kith.ui.swarms.SessionSwarmService;
import org.kith.ui.swarms.SwarmsController;
import org.kith.ui.trustmap.SessionTrustMapSource;
import org.kith.ui.trustmap.TrustMapController;

/** Builds the screen of each section. */
public final class Screens {

    private Screens() {
    }

    /** The screen of {@code section} for {@code session}; {@code shell} for links between screens. */
    public static Screen create(Section section, NodeSession session, ShellController shell) {
        return switch (section) {
            case INBOX -> new InboxController(session, shell);
            case PROJECTS -> new ProjectsController(session, shell);
            case COMMITMENTS -> new CommitmentsController(session, shell);
            case PEOPLE -> new PeopleController(session, (s, id) -> shell.open(s, id));
            case TRUST_MAP -> new TrustMapController(new SessionTrustMapSource(session),
                    id -> shell.open(Section.PEOPLE, id));
            case SWARMS -> new SwarmsController(new SessionSwarmService(session));
            case ME -> new MeController(session, FilePicker.system());
        };
    }
}
