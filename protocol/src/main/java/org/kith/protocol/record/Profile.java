package org.kith.protocol.record;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A person's self-description. The newest profile in a feed wins.
 *
 * @param avatar base64 of a PNG, JPEG or WebP image of at most {@link Limits#MAX_AVATAR_BYTES}
 */
public record Profile(String name, String bio, List<String> skills, List<String> offers, List<String> needs,
        List<String> values, List<String> links, String location, String avatar) implements RecordBody {

    private static final Set<String> FIELDS =
            Set.of("name", "bio", "skills", "offers", "needs", "values", "links", "location", "avatar");

    public Profile {
        skills = List.copyOf(skills);
        offers = List.copyOf(offers);
        needs = List.copyOf(needs);
        values = List.copyOf(values);
        links = List.copyOf(links);
    }

    public static Profile named(String name) {
        return new Profile(name, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null);
    }

    @Override
    public String typeName() {
        return RecordType.PROFILE.wire();
    }

    static Profile read(Fields f) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        List<String> links = f.textList("links", Limits.MAX_LINKS, Limits.MAX_LINK_CHARS, Text.SINGLE_LINE);
        for (int i = 0; i < links.size(); i++) {
            checkLink(links.get(i), f.path("links") + "[" + i + "]");
        }
        String avatar = f.optText("avatar", (Limits.MAX_AVATAR_BYTES + 2) / 3 * 4, Text.SINGLE_LINE);
        if (avatar != null) {
            checkAvatar(avatar, f.path("avatar"));
        }
        return new Profile(
                f.text("name", Limits.MAX_NAME_CHARS, Text.SINGLE_LINE),
                f.optText("bio", Limits.MAX_BIO_CHARS, Text.MULTI_LINE),
                f.textList("skills", Limits.MAX_SKILLS, Limits.MAX_SKILL_CHARS, Text.SINGLE_LINE),
                f.textList("offers", Limits.MAX_PROFILE_LIST_ITEMS, Limits.MAX_PROFILE_ITEM_CHARS, Text.SINGLE_LINE),
                f.textList("needs", Limits.MAX_PROFILE_LIST_ITEMS, Limits.MAX_PROFILE_ITEM_CHARS, Text.SINGLE_LINE),
                f.textList("values", Limits.MAX_PROFILE_LIST_ITEMS, Limits.MAX_PROFILE_ITEM_CHARS, Text.SINGLE_LINE),
                links,
                f.optText("location", Limits.MAX_LOCATION_CHARS, Text.SINGLE_LINE),
                avatar);
    }

    private static void checkLink(String link, String where) throws InvalidRecordException {
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme();
            if (("https".equals(scheme) || "http".equals(scheme)) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidRecordException(RejectReason.BAD_VALUE, where + " must be an http or https URL");
    }

    private static void checkAvatar(String base64, String where) throws InvalidRecordException {
        byte[] image;
        try {
            image = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(RejectReason.BAD_VALUE, where + " must be base64");
        }
        if (image.length > Limits.MAX_AVATAR_BYTES) {
            throw new InvalidRecordException(RejectReason.TOO_LONG,
                    where + " is " + image.length + " bytes, limit " + Limits.MAX_AVATAR_BYTES);
        }
        if (!isPng(image) && !isJpeg(image) && !isWebp(image)) {
            throw new InvalidRecordException(RejectReason.BAD_VALUE, where + " must be a PNG, JPEG or WebP image");
        }
    }

    private static boolean isPng(byte[] b) {
        return b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A;
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    private static boolean isWebp(byte[] b) {
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("name", name).text("bio", bio).list("skills", skills).list("offers", offers)
                .list("needs", needs).list("values", values).list("links", links)
                .text("location", location).text("avatar", avatar);
    }
}
