package org.kith.node.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithNode;
import org.kith.node.workflow.Inbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "inbox", description = "What needs you: attestations to give, commitments due or overdue, new"
        + " proposals matching your skills.")
final class InboxCommand extends BaseCommand {

    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        List<Inbox.Item> items;
        try (KithNode node = openReadOnly()) {
            LocalDate today = LocalDate.now(ctx().clock);
            items = new Inbox(node.queries(), node.self().toBase58(), today, ctx().clock.getZone()).items();
        }
        if (json.json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Inbox.Item i : items) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", i.kind().wire());
                m.put("id", i.id());
                m.put("proposalId", i.proposalId());
                m.put("title", i.title());
                m.put("person", i.person());
                m.put("date", i.date());
                m.put("detail", i.detail());
                out.add(m);
            }
            ctx().printJson(out);
            return;
        }
        if (items.isEmpty()) {
            ctx().out.println("Nothing needs you right now.");
            return;
        }
        Inbox.Kind section = null;
        for (Inbox.Item i : items) {
            if (i.kind() != section) {
                section = i.kind();
                long n = items.stream().filter(x -> x.kind() == i.kind()).count();
                ctx().out.printf("%s (%d)%n", heading(section), n);
            }
            ctx().out.printf("  %s  %s — %s%n", i.id().substring(0, 12), i.title(), i.detail());
            String hint = hint(i);
            if (hint != null) {
                ctx().out.printf("                %s%n", hint);
            }
        }
    }

    private static String heading(Inbox.Kind kind) {
        return switch (kind) {
            case ATTEST -> "To attest";
            case OVERDUE -> "Overdue";
            case DUE_SOON -> "Due soon";
            case MATCH -> "New proposals for your skills";
        };
    }

    private static String hint(Inbox.Item i) {
        String id = i.id().substring(0, 12);
        return switch (i.kind()) {
            case ATTEST -> "kith attest " + id + " --outcome kept|partly-kept|not-kept [--note N]";
            case OVERDUE, DUE_SOON -> "kith commitment update " + id + " --status delivered|withdrawn|renegotiated";
            case MATCH -> "kith show " + id;
        };
    }
}
