package org.kith.ui.me;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import javafx.scene.image.Image;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.Views;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.Limits;

/**
 * Profile pictures: a PNG or JPEG the user picks, scaled to at most {@value #MAX_SIDE} pixels a side
 * and encoded within the protocol's {@link Limits#MAX_AVATAR_BYTES} (PNG if it fits, else JPEG at
 * falling quality and size). Runs off the FX thread (decoding and encoding take a moment).
 */
public final class Avatars {

    /** The largest side of a stored avatar, in pixels. */
    public static final int MAX_SIDE = 128;
    /** Files larger than this are not even read. */
    public static final long MAX_INPUT_BYTES = 20L * 1024 * 1024;

    private Avatars() {
    }

    /**
     * The avatar bytes for the picture at {@code file}.
     *
     * @throws KithException if it is not a readable PNG or JPEG, or too large to read
     */
    public static byte[] fromFile(Path file) throws KithException {
        try {
            long size = Files.size(file);
            if (size > MAX_INPUT_BYTES) {
                throw new KithException("the picture is " + (size / (1024 * 1024)) + " MB; choose one under 20 MB");
            }
            byte[] bytes = Files.readAllBytes(file);
            if (!isPng(bytes) && !isJpeg(bytes)) {
                throw new KithException("choose a PNG or JPEG picture");
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw new KithException("this picture cannot be read");
            }
            return encode(image);
        } catch (IOException e) {
            throw new KithException("cannot read the picture: " + e.getMessage(), e);
        }
    }

    /** Scales {@code image} and encodes it within the protocol limit. */
    static byte[] encode(BufferedImage image) throws IOException {
        for (int side = MAX_SIDE; side >= 32; side -= 32) {
            BufferedImage scaled = scale(image, side, true);
            byte[] png = write(scaled);
            if (png.length <= Limits.MAX_AVATAR_BYTES) {
                return png;
            }
            BufferedImage rgb = scale(image, side, false);
            for (float quality = 0.9f; quality >= 0.4f; quality -= 0.15f) {
                byte[] jpeg = jpeg(rgb, quality);
                if (jpeg.length <= Limits.MAX_AVATAR_BYTES) {
                    return jpeg;
                }
            }
        }
        throw new IOException("the picture does not fit in " + Limits.MAX_AVATAR_BYTES + " bytes");
    }

    private static BufferedImage scale(BufferedImage src, int side, boolean alpha) {
        double f = Math.min(1.0, (double) side / Math.max(src.getWidth(), src.getHeight()));
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            if (!alpha) {
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, w, h);
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] write(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The image of stored avatar bytes (base64 in the record), or null if there is none or it cannot be shown. */
    public static Image image(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return image(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The image of avatar bytes, or null if they cannot be shown. */
    public static Image image(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Image image = new Image(in);
            return image.isError() ? null : image;
        } catch (IOException e) {
            return null;
        }
    }

    /** Shows {@code image} in {@code view} cropped to a centred square (a round avatar is filled, not letterboxed). */
    public static void cover(javafx.scene.image.ImageView view, Image image) {
        view.setImage(image);
        if (image == null) {
            view.setViewport(null);
            return;
        }
        double side = Math.min(image.getWidth(), image.getHeight());
        view.setViewport(new javafx.geometry.Rectangle2D((image.getWidth() - side) / 2, (image.getHeight() - side) / 2,
                side, side));
    }

    /** The avatar (base64) of {@code person}'s current profile, or null; call on the node thread. */
    public static String stored(KithNode node, Views.Person person) {
        if (person == null || !person.hasAvatar() || person.profileId() == null) {
            return null;
        }
        return node.store().record(RecordId.parse(person.profileId()))
                .map(r -> r.payload().body() instanceof Profile p ? p.avatar() : null)
                .orElse(null);
    }

    static boolean isPng(byte[] b) {
        return b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }
}
