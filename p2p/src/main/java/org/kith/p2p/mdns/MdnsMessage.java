package org.kith.p2p.mdns;

import java.util.List;

/**
 * What {@link MdnsMessages#decode} keeps of a packet: the questions, and the PTR and TXT records
 * of the answer and additional sections (authority records are skipped, RFC 6762 §8.2 uses them
 * only for probing). Names are lower-case without the trailing dot; DNS names compare
 * case-insensitively (RFC 1035 §2.3.3).
 */
record MdnsMessage(boolean response, List<Question> questions, List<Ptr> ptrs, List<Txt> txts) {

    MdnsMessage {
        questions = List.copyOf(questions);
        ptrs = List.copyOf(ptrs);
        txts = List.copyOf(txts);
    }

    record Question(String name, int type) {
    }

    record Ptr(String owner, String target) {
    }

    /** One TXT record: its character-strings, each 0–255 bytes, as received. */
    record Txt(String owner, List<byte[]> strings) {

        Txt {
            strings = List.copyOf(strings);
        }
    }
}
