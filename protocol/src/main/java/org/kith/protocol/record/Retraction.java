package org.kith.protocol.record;

import java.io.IOException;
import java.util.Set;

/**
 * The author withdraws one of their own earlier records in the same feed. The target stays in
 * the chain for integrity; its content is hidden.
 */
public record Retraction(RecordId target, String reason) implements RecordBody {

    private static final Set<String> FIELDS = Set.of("target", "reason");

    @Override
    public String typeName() {
        return RecordType.RETRACTION.wire();
    }

    static Retraction read(Fields f) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        return new Retraction(f.recordId("target"), f.optText("reason", Limits.MAX_REASON_CHARS, Text.MULTI_LINE));
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("target", target).text("reason", reason);
    }
}
