package org.kith.ui.me;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithException;
import org.kith.node.keys.IdentitySetup;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.Profile;

/** The form's checks agree with the protocol's limits; pictures are scaled into the avatar limit. */
class ProfileRulesTest {

    @TempDir
    Path tmp;

    private static ProfileRules rules(String name, List<String> skills, List<String> links) {
        return new ProfileRules(name, " bio ", "", skills, List.of(), List.of(" ", "x"), List.of(), links, null);
    }

    private static List<String> fields(ProfileRules r) {
        return r.problems().stream().map(ProfileRules.Problem::field).toList();
    }

    @Test
    void problemsNameTheFieldAndTheLimit() {
        assertEquals(List.of(), rules("Ada", List.of("carpentry"), List.of("https://ada.example")).problems());
        assertEquals(List.of("name"), fields(rules("  ", List.of(), List.of())));
        assertEquals(List.of("name"), fields(rules("N".repeat(Limits.MAX_NAME_CHARS + 1), List.of(), List.of())));
        ProfileRules longSkill = rules("Ada", List.of("s".repeat(Limits.MAX_SKILL_CHARS + 1)), List.of());
        assertEquals(List.of("skills"), fields(longSkill));
        assertTrue(longSkill.problems().get(0).message().contains(String.valueOf(Limits.MAX_SKILL_CHARS)));
        assertEquals(List.of("skills"), fields(rules("Ada",
                Collections.nCopies(Limits.MAX_SKILLS + 1, "s"), List.of())));
        assertEquals(List.of("links"), fields(rules("Ada", List.of(), List.of("ftp://x.example"))));
        assertEquals(List.of("links", "links"), fields(rules("Ada", List.of(),
                List.of("not a link", "mailto:ada@example.org"))));
    }

    @Test
    void whatPassesIsWhatTheProtocolTakes() throws KithException {
        ProfileRules ok = new ProfileRules(" Ada ", "", " Leeds ", List.of("carpentry", " "), List.of("tea"),
                List.of(), List.of("care"), List.of("https://ada.example"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D,
                    0x0A, 0x1A, 0x0A});
        Profile p = ok.toProfile();
        assertEquals("Ada", p.name());
        assertEquals(null, p.bio(), "blank is left out");
        assertEquals("Leeds", p.location());
        assertEquals(List.of("carpentry"), p.skills());
        IdentitySetup.checkProfile(IdentitySetup.generate(new SecureRandom()), p, Clock.systemUTC());
    }

    @Test
    void sameComparesWhatWouldBePublished() {
        ProfileRules a = rules("Ada", List.of("carpentry"), List.of());
        ProfileRules b = new ProfileRules("Ada ", "bio", null, List.of("carpentry"), List.of(), List.of("x"), List.of(),
                List.of(), null);
        assertTrue(MeController.same(a, b));
        assertFalse(MeController.same(a, rules("Ada", List.of("carpentry", "welding"), List.of())));
    }

    @Test
    void largePicturesAreScaledIntoTheLimit() throws Exception {
        BufferedImage noise = new BufferedImage(900, 500, BufferedImage.TYPE_INT_ARGB);
        Random r = new Random(1);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, r.nextInt());
            }
        }
        Path file = tmp.resolve("noise.png");
        ImageIO.write(noise, "png", file.toFile());
        byte[] avatar = Avatars.fromFile(file);
        assertTrue(avatar.length <= Limits.MAX_AVATAR_BYTES, avatar.length + " bytes");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(avatar));
        assertTrue(Math.max(back.getWidth(), back.getHeight()) <= Avatars.MAX_SIDE);
        // and the protocol takes it
        ProfileRules withPicture = new ProfileRules("Ada", null, null, List.of(), List.of(), List.of(), List.of(), List.of(), avatar);
        assertEquals(List.of(), withPicture.problems());
        assertArrayEquals(avatar, java.util.Base64.getDecoder().decode(withPicture.toProfile().avatar()));

        Path text = Files.writeString(tmp.resolve("not-a-picture.png"), "hello");
        assertEquals("choose a PNG or JPEG picture",
                org.junit.jupiter.api.Assertions.assertThrows(KithException.class, () -> Avatars.fromFile(text))
                        .getMessage());
    }
}
