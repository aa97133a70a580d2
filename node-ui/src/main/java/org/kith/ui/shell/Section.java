package org.kith.ui.shell;

import javafx.scene.input.KeyCode;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** The places of the app, in the order of the navigation bar; Ctrl+1…7 reach them. */
public enum Section {
    INBOX("Inbox", Feather.INBOX, KeyCode.DIGIT1),
    PROJECTS("Projects & gatherings", Feather.LAYERS, KeyCode.DIGIT2),
    COMMITMENTS("Commitments", Feather.CHECK_SQUARE, KeyCode.DIGIT3),
    PEOPLE("People", Feather.USERS, KeyCode.DIGIT4),
    TRUST_MAP("Trust map", Feather.SHARE_2, KeyCode.DIGIT5),
    SWARMS("Swarms", Feather.WIFI, KeyCode.DIGIT6),
    ME("Me", Feather.USER, KeyCode.DIGIT7);

    private final String title;
    private final Ikon icon;
    private final KeyCode key;

    Section(String title, Ikon icon, KeyCode key) {
        this.title = title;
        this.icon = icon;
        this.key = key;
    }

    public String title() {
        return title;
    }

    public Ikon icon() {
        return icon;
    }

    /** With Ctrl (Cmd on macOS): the shortcut that opens this section. */
    public KeyCode key() {
        return key;
    }
}
