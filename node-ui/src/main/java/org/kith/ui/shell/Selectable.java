package org.kith.ui.shell;

/** A screen that can open one item by id (a person's peer ID, a proposal's or commitment's record id). */
public interface Selectable {

    /** Shows the item {@code id} (called on the FX thread, after the screen is shown). */
    void select(String id);
}
