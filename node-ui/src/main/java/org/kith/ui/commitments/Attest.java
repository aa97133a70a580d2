package org.kith.ui.commitments;

import java.util.Locale;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.RecordId;

/** Attesting a commitment with an optional note: shared by the Commitments and Inbox screens. */
public final class Attest {

    private Attest() {
    }

    /** What is wrong with {@code note} (optional, at most 2,000 characters, no control characters), or null. */
    public static String problem(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        String n = note.strip();
        if (n.codePointCount(0, n.length()) > Limits.MAX_NOTE_CHARS) {
            return "The note is too long (at most " + Limits.MAX_NOTE_CHARS + " characters)";
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c != '\n' && c != '\t' && (c < 0x20 || c >= 0x7F && c <= 0x9F)) {
                return "The note contains a control character";
            }
        }
        return null;
    }

    /** Publishes the user's attestation of {@code commitmentId}; on the node thread. */
    public static RecordId publish(KithNode node, String commitmentId, Outcome outcome, String note)
            throws KithException {
        String n = note == null || note.isBlank() ? null : note.strip();
        String problem = problem(n);
        if (problem != null) {
            throw new KithException(problem);
        }
        return node.attest(RecordId.parse(commitmentId), outcome, n);
    }

    /** "kept", "partly kept", "not kept". */
    public static String label(Outcome o) {
        return o.wire().replace('-', ' ').toLowerCase(Locale.ROOT);
    }
}
