package org.kith.ui.shell;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Navigation bar on the left, the current screen in the middle, a status line at the bottom. */
final class ShellView {

    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();

    ShellView(ShellModel model, ShellController controller) {
        root.getStyleClass().add("kith-shell");
        VBox nav = new VBox(4);
        nav.getStyleClass().add("kith-nav");
        nav.setPadding(new Insets(12, 8, 12, 8));
        nav.setPrefWidth(220);
        Label brand = new Label("Kith");
        brand.getStyleClass().addAll("title-3", "kith-brand");
        Label who = new Label();
        who.textProperty().bind(model.userName);
        who.getStyleClass().add("text-muted");
        nav.getChildren().addAll(brand, who, spacer(8));
        for (Section s : Section.values()) {
            Button b = new Button(s.title(), new FontIcon(s.icon()));
            b.setId("nav-" + s.name().toLowerCase(java.util.Locale.ROOT));
            b.getStyleClass().addAll("flat", "kith-nav-button");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.setMnemonicParsing(false);
            String shortcut = "Ctrl+" + s.key().getName();
            b.setTooltip(new Tooltip(s.title() + " (" + shortcut + ")"));
            b.setAccessibleText(s.title());
            b.setOnAction(e -> controller.show(s));
            model.section.addListener((o, was, now) -> b.pseudoClassStateChanged(
                    javafx.css.PseudoClass.getPseudoClass("selected"), now == s));
            b.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("selected"), model.section.get() == s);
            if (s == Section.INBOX) {
                Label badge = new Label();
                badge.setId("inbox-badge");
                badge.getStyleClass().add("kith-badge");
                badge.textProperty().bind(model.inboxCount.asString());
                badge.visibleProperty().bind(model.inboxCount.greaterThan(0));
                b.setGraphic(new HBox(6, new FontIcon(s.icon())));
                HBox row = new HBox(b, badge);
                row.setAlignment(Pos.CENTER_LEFT);
                HBox.setHgrow(b, Priority.ALWAYS);
                nav.getChildren().add(row);
                model.inboxCount.addListener((o, was, now) -> b.setAccessibleText(
                        s.title() + ", " + now + " waiting"));
            } else {
                nav.getChildren().add(b);
            }
        }
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().addAll("flat", "kith-nav-button");
        theme.setMaxWidth(Double.MAX_VALUE);
        theme.setAlignment(Pos.CENTER_LEFT);
        theme.setMnemonicParsing(false);
        Runnable label = () -> {
            boolean dark = model.dark.get();
            theme.setText(dark ? "Light theme" : "Dark theme");
            theme.setGraphic(new FontIcon(dark ? org.kordamp.ikonli.feather.Feather.SUN
                    : org.kordamp.ikonli.feather.Feather.MOON));
            theme.setAccessibleText(dark ? "Switch to the light theme" : "Switch to the dark theme");
            theme.setTooltip(new Tooltip(theme.getAccessibleText() + " (kept for next time)"));
        };
        label.run();
        model.dark.addListener((o, was, now) -> label.run());
        theme.setOnAction(e -> controller.toggleTheme());
        nav.getChildren().addAll(grow, theme);
        Label status = new Label();
        status.setId("status-line");
        status.textProperty().bind(model.status);
        status.getStyleClass().add("text-muted");
        HBox statusBar = new HBox(status);
        statusBar.getStyleClass().add("kith-status");
        statusBar.setPadding(new Insets(4, 12, 4, 12));
        root.setLeft(nav);
        root.setCenter(content);
        root.setBottom(statusBar);
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                for (Section s : Section.values()) {
                    scene.getAccelerators().put(new KeyCodeCombination(s.key(), KeyCombination.SHORTCUT_DOWN),
                            () -> controller.show(s));
                }
            }
        });
    }

    Parent root() {
        return root;
    }

    void setContent(Node node) {
        content.getChildren().setAll(node);
    }

    private static Region spacer(double h) {
        Region r = new Region();
        r.setMinHeight(h);
        return r;
    }
}
