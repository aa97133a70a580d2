package org.kith.protocol.record;

import java.io.IOException;
import java.util.Set;
import org.kith.protocol.identity.PeerId;

/**
 * Direct trust from the author to {@code subject}, optionally within one skill. The newest
 * vouch from A about B (per domain) replaces older ones.
 */
public record Vouch(PeerId subject, TrustLevel level, String domain, String note) implements RecordBody {

    private static final Set<String> FIELDS = Set.of("subject", "level", "domain", "note");

    @Override
    public String typeName() {
        return RecordType.VOUCH.wire();
    }

    static Vouch read(Fields f, PeerId author) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        Vouch v = new Vouch(f.peerId("subject"), f.enumValue("level", TrustLevel.class),
                f.optText("domain", Limits.MAX_SKILL_CHARS, Text.SINGLE_LINE),
                f.optText("note", Limits.MAX_NOTE_CHARS, Text.MULTI_LINE));
        if (v.subject.equals(author)) {
            throw new InvalidRecordException(RejectReason.SELF_VOUCH, "a person cannot vouch for themselves");
        }
        return v;
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("subject", subject).text("level", level).text("domain", domain).text("note", note);
    }
}
