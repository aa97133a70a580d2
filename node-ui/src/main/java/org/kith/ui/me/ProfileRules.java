package org.kith.ui.me;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.Profile;

/**
 * A profile as the user typed it, checked against the protocol's limits before anything is
 * published, so the form can say what is wrong next to the field instead of after a refusal.
 */
public record ProfileRules(String name, String bio, String location, List<String> skills, List<String> offers,
        List<String> needs, List<String> values, List<String> links, byte[] avatar) {

    public ProfileRules {
        skills = clean(skills);
        offers = clean(offers);
        needs = clean(needs);
        values = clean(values);
        links = clean(links);
    }

    /** One problem: the field it belongs to and the message. */
    public record Problem(String field, String message) {
    }

    /** Everything that the protocol would refuse, field by field; empty when the profile can be published. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        String n = strip(name);
        if (n == null) {
            out.add(new Problem("name", "Enter a name"));
        } else if (n.length() > Limits.MAX_NAME_CHARS) {
            out.add(new Problem("name", "The name is " + n.length() + " characters; at most " + Limits.MAX_NAME_CHARS));
        }
        String b = strip(bio);
        if (b != null && b.length() > Limits.MAX_BIO_CHARS) {
            out.add(new Problem("bio", "The bio is " + b.length() + " characters; at most " + Limits.MAX_BIO_CHARS));
        }
        String l = strip(location);
        if (l != null && l.length() > Limits.MAX_LOCATION_CHARS) {
            out.add(new Problem("location", "The location is " + l.length() + " characters; at most "
                    + Limits.MAX_LOCATION_CHARS));
        }
        list(out, "skills", "skill", skills, Limits.MAX_SKILLS, Limits.MAX_SKILL_CHARS);
        list(out, "offers", "offer", offers, Limits.MAX_PROFILE_LIST_ITEMS, Limits.MAX_PROFILE_ITEM_CHARS);
        list(out, "needs", "need", needs, Limits.MAX_PROFILE_LIST_ITEMS, Limits.MAX_PROFILE_ITEM_CHARS);
        list(out, "values", "value", values, Limits.MAX_PROFILE_LIST_ITEMS, Limits.MAX_PROFILE_ITEM_CHARS);
        list(out, "links", "link", links, Limits.MAX_LINKS, Limits.MAX_LINK_CHARS);
        for (String link : links) {
            if (!isWebLink(link)) {
                out.add(new Problem("links", "\"" + shorten(link) + "\" is not an http or https address"));
            }
        }
        if (avatar != null && avatar.length > Limits.MAX_AVATAR_BYTES) {
            out.add(new Problem("avatar", "The picture is " + avatar.length + " bytes; at most " + Limits.MAX_AVATAR_BYTES));
        }
        return out;
    }

    /** The record to publish (blank texts left out). */
    public Profile toProfile() {
        return new Profile(strip(name), strip(bio), skills, offers, needs, values, links, strip(location),
                avatar == null ? null : Base64.getEncoder().encodeToString(avatar));
    }

    private static void list(List<Problem> out, String field, String what, List<String> items, int max, int maxChars) {
        if (items.size() > max) {
            out.add(new Problem(field, items.size() + " " + what + "s; at most " + max));
        }
        for (String item : items) {
            if (item.length() > maxChars) {
                out.add(new Problem(field, "\"" + shorten(item) + "\" is " + item.length() + " characters; a " + what
                        + " has at most " + maxChars));
            }
        }
    }

    private static boolean isWebLink(String link) {
        try {
            URI uri = new URI(link);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 24 ? s : s.substring(0, 21) + "…";
    }

    private static String strip(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static List<String> clean(List<String> items) {
        return items == null ? List.of()
                : items.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
