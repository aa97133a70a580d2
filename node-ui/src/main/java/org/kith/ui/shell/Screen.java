package org.kith.ui.shell;

import javafx.scene.Node;

/** One screen of the app, built once and shown in the shell's content area. */
public interface Screen {

    /** The screen's root node (built once). */
    Node root();

    /** Called on the FX thread each time the screen is shown: refresh what may have changed. */
    default void onShow() {
    }
}
