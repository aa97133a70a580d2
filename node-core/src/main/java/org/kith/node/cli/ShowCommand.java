package org.kith.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.node.KithNode;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.StoredRecord;
import org.kith.node.store.Views;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show one record, with the current state of what it describes.")
final class ShowCommand extends BaseCommand {

    @Parameters(paramLabel = "ID", description = "A record id or any unique prefix.") String id;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        try (KithNode node = openReadOnly()) {
            RecordId rid = node.resolveId(id);
            StoredRecord r = node.store().record(rid).orElseThrow();
            StoreQueries q = node.queries();
            RecordPayload p = r.payload();
            JsonNode body = ctx().json.readTree(new String(r.signed().payload(), StandardCharsets.UTF_8)).get("body");
            boolean retracted = q.isRetracted(rid.toString());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", rid.toString());
            out.put("type", p.type());
            out.put("author", p.author().toBase58());
            out.put("swarm", p.swarm());
            out.put("seq", p.seq());
            out.put("prev", p.prev() == null ? null : p.prev().toString());
            out.put("ts", p.timestampMillis());
            out.put("retracted", retracted);
            out.put("forkEvidence", r.forkEvidence());
            out.put("body", retracted ? null : body);
            switch (p.type()) {
                case "proposal" -> {
                    q.proposal(rid.toString()).ifPresent(v -> out.put("current", v));
                    out.put("commitments", q.commitments(rid.toString(), null, null));
                    out.put("comments", q.comments(rid.toString()));
                }
                case "commitment" -> {
                    q.commitment(rid.toString()).ifPresent(v -> out.put("current", v));
                    out.put("attestations", q.attestations(rid.toString(), null, null));
                    out.put("comments", q.comments(rid.toString()));
                }
                default -> { }
            }
            if (json.json) {
                ctx().printJson(out);
                return;
            }
            ListCommand.Names names = new ListCommand.Names(q);
            var w = ctx().out;
            w.printf("%s %s%n", p.type(), rid);
            w.printf("  author:  %s (%s)%n", names.of(p.author().toBase58()), p.author());
            w.printf("  feed:    %s #%d%s%n", p.swarm(), p.seq(), r.forkEvidence() ? "  (FORK EVIDENCE)" : "");
            w.printf("  signed:  %s%n", Instant.ofEpochMilli(p.timestampMillis()));
            if (retracted) {
                w.println("  (retracted by its author)");
                return;
            }
            w.println(ctx().json.writeValueAsString(body).replaceAll("(?m)^", "  "));
            if (out.get("current") instanceof Views.Proposal v) {
                w.printf("  status now: %s (updated %s)%n", v.status(), Instant.ofEpochMilli(v.updatedMillis()));
                for (Views.Commitment c : q.commitments(rid.toString(), null, null)) {
                    w.printf("  commitment %s by %s: %s, due %s [%s]%n", c.id().substring(0, 12), names.of(c.author()),
                            c.what(), c.due(), c.status());
                }
            }
            if (out.get("current") instanceof Views.Commitment c) {
                w.printf("  status now: %s, due %s%n", c.status(), c.due());
                for (Views.Attestation a : q.attestations(rid.toString(), null, null)) {
                    w.printf("  attested %s by %s%s%n", a.outcome(), names.of(a.author()),
                            a.note() == null ? "" : ": " + a.note());
                }
            }
        }
    }
}
