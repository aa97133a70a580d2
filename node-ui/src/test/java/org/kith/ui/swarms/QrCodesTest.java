package org.kith.ui.swarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invite QR codes decode back to the invite; error correction follows the length; too long gives none. */
class QrCodesTest {

    /** A string shaped like an invite (base64url after the prefix) of {@code n} characters. */
    static String inviteLike(int n, long seed) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("kith-invite:v1:");
        while (b.length() < n) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String decode(BitMatrix m, int scale) throws Exception {
        int w = m.getWidth() * scale;
        int h = m.getHeight() * scale;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = m.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, px))))
                .getText();
    }

    @Test
    void aTypicalInviteDecodesBackWithStrongErrorCorrection() throws Exception {
        String invite = inviteLike(650, 1);
        QrCodes.Qr qr = QrCodes.encode(invite).orElseThrow();
        assertEquals(invite, decode(qr.matrix(), 3));
        assertTrue(qr.modules() <= QrCodes.MAX_MODULES, "small enough to scan: " + qr.modules());
        assertTrue(qr.level() == ErrorCorrectionLevel.Q || qr.level() == ErrorCorrectionLevel.H, qr.level()
                .toString());
    }

    @Test
    void errorCorrectionDropsAsTheTextGrowsAndEveryCodeDecodes() throws Exception {
        ErrorCorrectionLevel shortLevel = QrCodes.encode(inviteLike(200, 2)).orElseThrow().level();
        QrCodes.Qr longQr = QrCodes.encode(inviteLike(1800, 3)).orElseThrow();
        assertEquals(ErrorCorrectionLevel.H, shortLevel);
        assertTrue(longQr.level().ordinal() != ErrorCorrectionLevel.H.ordinal(), longQr.level().toString());
        assertEquals(inviteLike(1800, 3), decode(longQr.matrix(), 2));
    }

    @Test
    void textNoCodeCanHoldGivesNone() {
        assertTrue(QrCodes.encode(inviteLike(4000, 4)).isEmpty());
    }

    @Test
    void theScaleAimsAtTheTargetSize() {
        BitMatrix m = QrCodes.encode("kith-invite:v1:abc").orElseThrow().matrix();
        assertEquals(260 / m.getWidth(), QrCodes.scaleFor(m, 260));
        assertEquals(2, QrCodes.scaleFor(m, 10), "never below two pixels a module");
    }
}
