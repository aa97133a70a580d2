package org.kith.ui.swarms;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * QR codes of invite strings (ZXing). The error correction is sized for the text: the highest
 * level whose code stays at a size a phone camera reads from a screen (at most {@link #MAX_MODULES}
 * modules a side), falling back to lower levels for longer text; text no level fits gives no code.
 * Pure computation: callable from any thread; {@link #toImage} makes a JavaFX image (any thread,
 * the image is not yet in a scene).
 */
public final class QrCodes {

    /** Quiet zone around the code, in modules (the standard asks for 4). */
    public static final int MARGIN = 4;
    /** Largest code (modules a side, quiet zone excluded) we prefer: version 25. */
    public static final int MAX_MODULES = 117;
    /** Largest code there is: version 40. */
    public static final int MAX_VERSION_MODULES = 177;

    /** An encoded code and the error correction it uses. */
    public record Qr(BitMatrix matrix, ErrorCorrectionLevel level) {
        /** Modules a side, the quiet zone excluded. */
        public int modules() {
            return matrix.getWidth() - 2 * MARGIN;
        }
    }

    private QrCodes() {
    }

    /**
     * The code of {@code text}: H, Q, M, then L error correction, the first whose code has at most
     * {@link #MAX_MODULES} modules a side; if none does, the lowest level that fits at all.
     * Empty when the text does not fit in any QR code (more than about 2,900 bytes).
     */
    public static Optional<Qr> encode(String text) {
        Qr fallback = null;
        for (ErrorCorrectionLevel level : List.of(ErrorCorrectionLevel.H, ErrorCorrectionLevel.Q,
                ErrorCorrectionLevel.M, ErrorCorrectionLevel.L)) {
            Optional<Qr> qr = encode(text, level);
            if (qr.isEmpty()) {
                continue;
            }
            if (qr.get().modules() <= MAX_MODULES) {
                return qr;
            }
            if (fallback == null || qr.get().modules() < fallback.modules()) {
                fallback = qr.get();
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** The code of {@code text} at {@code level}; empty when it does not fit. */
    public static Optional<Qr> encode(String text, ErrorCorrectionLevel level) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, level);
        hints.put(EncodeHintType.MARGIN, MARGIN);
        hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        try {
            // Size 0: one pixel per module; scaling is ours (toImage), so modules stay square and crisp.
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
            return Optional.of(new Qr(m, level));
        } catch (WriterException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The code as an image, {@code scale} pixels per module, black on white (also in the dark theme). */
    public static WritableImage toImage(BitMatrix m, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1: " + scale);
        }
        int w = m.getWidth();
        int h = m.getHeight();
        WritableImage image = new WritableImage(w * scale, h * scale);
        PixelWriter px = image.getPixelWriter();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Color c = m.get(x, y) ? Color.BLACK : Color.WHITE;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        px.setColor(x * scale + dx, y * scale + dy, c);
                    }
                }
            }
        }
        return image;
    }

    /** Pixels per module so the image is close to {@code target} pixels a side (at least 2). */
    public static int scaleFor(BitMatrix m, int target) {
        return Math.max(2, target / m.getWidth());
    }
}
