package org.kith.ui.testing;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Robot helpers shared by the UI tests: waiting (never sleeping), typing, reading and screenshots. */
public final class Robots {

    private Robots() {
    }

    /** Waits up to 10 s until {@code condition} holds, then for pending FX events. */
    public static void waitFor(Callable<Boolean> condition) throws Exception {
        waitFor(10, condition);
    }

    /** Waits up to {@code seconds} until {@code condition} holds, then for pending FX events. */
    public static void waitFor(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Like {@link #waitFor(long, Callable)}, failing with "timed out waiting until {@code what}". */
    public static void await(String what, long seconds, BooleanSupplier ok) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> ok.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Saves a screenshot of {@code scene} (on the FX thread, after pending FX events) as {@code name}.png. */
    public static Path shot(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> Screenshots.save(scene, name)).get(10, TimeUnit.SECONDS);
    }

    /** Replaces the text of the field {@code query} with {@code text}, typed. */
    public static void type(FxRobot robot, String query, String text) {
        TextInputControl field = robot.lookup(query).queryAs(TextInputControl.class);
        robot.interact(() -> {
            field.clear();
            field.requestFocus();
        });
        robot.clickOn(field).write(text);
    }

    /** Replaces the text of the date picker {@code query} with {@code text}, typed. */
    public static void typeDate(FxRobot robot, String query, String text) {
        DatePicker picker = robot.lookup(query).queryAs(DatePicker.class);
        robot.interact(() -> {
            picker.getEditor().clear();
            picker.getEditor().requestFocus();
        });
        robot.clickOn(picker.getEditor()).write(text);
    }

    /** The text of the label {@code query}. */
    public static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    /** Whether {@code query} finds a node that is visible and in a scene. */
    public static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false);
    }
}
