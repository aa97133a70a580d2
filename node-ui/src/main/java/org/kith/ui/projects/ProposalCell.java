package org.kith.ui.projects;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.WireEnum;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** One proposal on the board: kind icon, title, status pill; summary; author, trust, roles, skills, tags, when. */
final class ProposalCell extends ListCell<ProposalRow> {

    /** Every cell has this height (a fixed cell size keeps scrolling 10,000 rows cheap). */
    static final double HEIGHT = 84;

    private final FontIcon icon = new FontIcon(Feather.LAYERS);
    private final Label title = new Label();
    private final Label status = new Label();
    private final Label summary = new Label();
    private final Label meta = new Label();
    private final VBox box;

    ProposalCell(ProjectsController controller) {
        title.getStyleClass().addAll("kith-row-title");
        title.setTextOverrun(OverrunStyle.ELLIPSIS);
        title.setMinWidth(0);
        status.getStyleClass().add("kith-status-pill");
        status.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.setMinWidth(0);
        meta.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        meta.setMinWidth(0);
        HBox top = new HBox(6, icon, title, ProjectsView.grow(), status);
        top.setAlignment(Pos.CENTER_LEFT);
        box = new VBox(2, top, summary, meta);
        box.setMinWidth(0);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ProposalRow row, boolean empty) {
        super.updateItem(row, empty);
        setText(null);
        if (empty || row == null) {
            setGraphic(null);
            setAccessibleText(null);
            return;
        }
        boolean gathering = "gathering".equals(row.kind());
        icon.setIconCode(gathering ? Feather.CALENDAR : Feather.LAYERS);
        title.setText(row.title());
        ProposalStatus s = WireEnum.fromWire(ProposalStatus.class, row.status());
        status.setText(s == null ? row.status() : Lifecycle.label(s));
        status.getStyleClass().removeIf(c -> c.startsWith("kith-status-") && !c.equals("kith-status-pill"));
        status.getStyleClass().add("kith-status-" + row.status());
        summary.setText(firstLine(row.summary()));
        meta.setText(meta(row));
        setGraphic(box);
        setAccessibleText(row.title() + ", " + (gathering ? "gathering" : "project") + ", " + row.status() + ", by "
                + row.authorName());
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }

    private static String meta(ProposalRow r) {
        StringBuilder sb = new StringBuilder(r.byMe() ? "you" : r.authorName());
        if (!r.byMe()) {
            sb.append(r.authorTrust() > 0 ? " · trust " + TrustText.percent(r.authorTrust()) : " · no trust path");
        }
        if ("gathering".equals(r.kind()) && r.whenStart() != null) {
            sb.append(" · ").append(r.whenStart(), 0, Math.min(10, r.whenStart().length()));
        }
        if (r.place() != null) {
            sb.append(" · ").append(r.place());
        }
        if (r.roles() > 0) {
            sb.append(" · ").append(r.roles()).append(r.roles() == 1 ? " role" : " roles");
        }
        if (!r.skills().isEmpty()) {
            sb.append(": ").append(String.join(", ", r.skills()));
        }
        List<String> tags = r.tags();
        for (String t : tags) {
            sb.append("  #").append(t);
        }
        return sb.toString();
    }
}
