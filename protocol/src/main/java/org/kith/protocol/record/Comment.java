package org.kith.protocol.record;

import java.io.IOException;
import java.util.Set;

/** Discussion under a proposal or commitment (or any record) named by {@code target}. */
public record Comment(RecordId target, String text) implements RecordBody {

    private static final Set<String> FIELDS = Set.of("target", "text");

    @Override
    public String typeName() {
        return RecordType.COMMENT.wire();
    }

    static Comment read(Fields f) throws InvalidRecordException {
        f.allowOnly(FIELDS);
        return new Comment(f.recordId("target"), f.text("text", Limits.MAX_COMMENT_CHARS, Text.MULTI_LINE));
    }

    @Override
    public void write(JsonOut out) throws IOException {
        out.text("target", target).text("text", text);
    }
}
