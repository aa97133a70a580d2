package org.kith.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.css.CssParser;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

/** kith.css parses without an error (one missing brace silently drops every rule after it). */
class StylesheetTest {

    @Test
    void kithCssParsesCleanly() throws Exception {
        CssParser.errorsProperty().clear();
        Stylesheet sheet = new CssParser().parse(KithApp.class.getResource("kith.css"));
        List<String> errors = CssParser.errorsProperty().stream().map(Object::toString).toList();
        assertEquals(List.of(), errors);
        assertTrue(sheet.getRules().size() > 40, "every screen's rules are there: " + sheet.getRules().size());
    }
}
