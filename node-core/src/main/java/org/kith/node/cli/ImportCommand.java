package org.kith.node.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kith.node.KithNode;
import org.kith.node.bundle.Bundle;
import org.kith.node.bundle.BundleEntry;
import org.kith.node.store.IngestResult;
import org.kith.node.store.RecordSources;
import org.kith.protocol.record.InvalidRecordException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Take in a bundle: every record goes through the same checks as records"
        + " from peers. Prints accepted and rejected counts with reasons.")
final class ImportCommand extends BaseCommand {

    /** Records ingested per transaction. */
    static final int BATCH_RECORDS = 256;

    @Parameters(paramLabel = "FILE") Path file;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        // Pass 1: the whole file must be a readable bundle before anything is written.
        Bundle.read(file, entry -> { });
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        RecordSources.Origin origin = RecordSources.Origin.imported(String.valueOf(file.getFileName()));
        try (KithNode node = openReadOnly()) {
            // Accepted and fork counts come from the store's notices, so records held at first and
            // released by a later record of the bundle count as what became of them.
            node.store().addListener((record, status) -> counts.merge(
                    status.name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum));
            List<byte[]> batch = new ArrayList<>(BATCH_RECORDS);
            List<Integer> indexes = new ArrayList<>(BATCH_RECORDS);
            Bundle.read(file, entry -> {
                try {
                    batch.add(entry.toSignedRecord().encode());
                    indexes.add(entry.index());
                } catch (InvalidRecordException e) {
                    tally(counts, reasons, examples, entry, e.reason().code(), e.detail());
                }
                if (batch.size() == BATCH_RECORDS) {
                    flush(node, origin, batch, indexes, counts, reasons, examples);
                }
            });
            flush(node, origin, batch, indexes, counts, reasons, examples);
            counts.merge("held", node.store().heldCount(), Integer::sum);
        }
        if (json.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("counts", counts);
            out.put("rejectedByReason", reasons);
            out.put("examples", examples);
            ctx().printJson(out);
            return;
        }
        ctx().out.printf("accepted %d, already known %d, held %d, fork evidence %d, rejected %d%n",
                counts.getOrDefault("accepted", 0), counts.getOrDefault("duplicate", 0),
                counts.getOrDefault("held", 0), counts.getOrDefault("fork", 0), counts.getOrDefault("rejected", 0));
        reasons.forEach((reason, n) -> ctx().out.printf("  rejected %d: %s%n", n, reason));
        if (counts.getOrDefault("held", 0) > 0) {
            ctx().out.println("  held records wait for a missing predecessor, or for a proposal or commitment"
                    + " they name, that the bundle lacks; they are not stored (import a bundle with those first)");
        }
        examples.forEach(e -> ctx().out.println("  " + e));
    }

    private static void flush(KithNode node, RecordSources.Origin origin, List<byte[]> batch, List<Integer> indexes, Map<String, Integer> counts,
            Map<String, Integer> reasons, List<String> examples) {
        if (batch.isEmpty()) {
            return;
        }
        List<IngestResult> results = node.store().network().sources().ingestAll(origin,
                () -> node.store().ingestBatch(batch));
        for (int i = 0; i < results.size(); i++) {
            IngestResult r = results.get(i);
            switch (r.status()) {
                case DUPLICATE -> counts.merge("duplicate", 1, Integer::sum);
                case DEFERRED -> counts.merge("held", 1, Integer::sum); // waiting, with no room to hold it
                case REJECTED -> counts.merge("rejected", 1, Integer::sum);
                case ACCEPTED, FORK, HELD -> { } // counted by the listener, or by what is still held at the end
            }
            if (r.isRejected()) {
                reasons.merge(r.reason().code(), 1, Integer::sum);
                if (examples.size() < 10) {
                    examples.add("record " + indexes.get(i) + ": " + r.reason().code() + ": " + r.detail());
                }
            }
        }
        batch.clear();
        indexes.clear();
    }

    private static void tally(Map<String, Integer> counts, Map<String, Integer> reasons, List<String> examples,
            BundleEntry entry, String code, String detail) {
        counts.merge("rejected", 1, Integer::sum);
        reasons.merge(code, 1, Integer::sum);
        if (examples.size() < 10) {
            examples.add("record " + entry.index() + ": " + code + ": " + detail);
        }
    }
}
