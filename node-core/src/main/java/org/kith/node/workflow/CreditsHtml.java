package org.kith.node.workflow;

import java.time.Instant;
import java.util.function.Function;

/**
 * The credits of a proposal as one self-contained HTML page: no scripts, no external assets,
 * every text from records or names HTML-escaped, every record id shown so a reader can check it
 * against the signed bundle.
 */
public final class CreditsHtml {

    private CreditsHtml() {
    }

    /**
     * @param names display name for a peer ID, or null if unknown
     * @param signer the exporter's peer ID, or null if the page has no signed bundle beside it
     */
    public static String render(Credits credits, Function<String, String> names, Instant generated, String signer) {
        Credits.ProposalState p = credits.proposal();
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>Credits: ").append(esc(p.title())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\n")
                .append("code{font-size:.85em;word-break:break-all;color:#555}\n")
                .append("section.c{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}\n")
                .append(".retracted{color:#888}.status{font-weight:bold}\n")
                .append("table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .6rem .2rem 0;vertical-align:top}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Credits: ").append(esc(p.title())).append("</h1>\n<table>\n");
        row(h, "Proposal", "<code>" + esc(p.id()) + "</code>");
        row(h, "Author", person(p.author(), names));
        row(h, "Status", "<span class=\"status\">" + esc(p.status()) + "</span>");
        row(h, "Kind", esc(p.kind()));
        row(h, "Swarm", "<code>" + esc(p.swarm()) + "</code>");
        row(h, "Current state", "<code>" + esc(p.latestId()) + "</code> (" + p.updates().size() + " update(s))");
        h.append("</table>\n");
        h.append("<h2>Commitments (").append(credits.commitments().size()).append(")</h2>\n");
        if (credits.commitments().isEmpty()) {
            h.append("<p>No commitments.</p>\n");
        }
        for (Credits.CommitmentEntry c : credits.commitments()) {
            if (c.retractedBy() != null) {
                h.append("<section class=\"c retracted\">\n<p>Retracted commitment by ").append(person(c.author(), names))
                        .append("<br>commitment <code>").append(esc(c.id())).append("</code>, retracted by <code>")
                        .append(esc(c.retractedBy())).append("</code></p>\n");
            } else {
                h.append("<section class=\"c\">\n<h3>").append(esc(c.what())).append("</h3>\n<table>\n");
                row(h, "Who", person(c.author(), names));
                if (c.role() != null) {
                    row(h, "Role", esc(c.role()));
                }
                row(h, "Due", esc(c.due()));
                if (c.effort() != null) {
                    row(h, "Effort", esc(c.effort()));
                }
                row(h, "Status", "<span class=\"status\">" + esc(c.status()) + "</span>"
                        + (c.delivered() ? " (delivered)" : " (not delivered)"));
                if (c.note() != null) {
                    row(h, "Note", esc(c.note()));
                }
                row(h, "Record", "<code>" + esc(c.id()) + "</code>");
                h.append("</table>\n");
            }
            if (!c.updates().isEmpty()) {
                h.append("<p>Updates:</p>\n<ul>\n");
                for (Credits.Update u : c.updates()) {
                    h.append("<li").append(u.retractedBy() != null ? " class=\"retracted\">retracted" : ">")
                            .append(u.retractedBy() != null ? "" : esc(u.status()))
                            .append(u.due() != null ? ", due " + esc(u.due()) : "")
                            .append(u.note() != null ? ": " + esc(u.note()) : "")
                            .append(" <code>").append(esc(u.id())).append("</code></li>\n");
                }
                h.append("</ul>\n");
            }
            h.append("<p>Attestations (").append(c.attestations().size()).append("):</p>\n");
            if (!c.attestations().isEmpty()) {
                h.append("<ul>\n");
                for (Credits.AttestationEntry a : c.attestations()) {
                    if (a.retractedBy() != null) {
                        h.append("<li class=\"retracted\">retracted attestation by ").append(person(a.author(), names));
                    } else {
                        h.append("<li><span class=\"status\">").append(esc(a.outcome())).append("</span> by ")
                                .append(person(a.author(), names));
                        if (a.note() != null) {
                            h.append(": ").append(esc(a.note()));
                        }
                    }
                    h.append(" <code>").append(esc(a.id())).append("</code></li>\n");
                }
                h.append("</ul>\n");
            }
            h.append("</section>\n");
        }
        h.append("<h2>Records</h2>\n<p>The ").append(credits.records().size())
                .append(" signed records these credits are derived from:</p>\n<ol>\n");
        for (var r : credits.records()) {
            h.append("<li>").append(esc(r.type())).append(" by ").append(person(r.author().toBase58(), names))
                    .append(" <code>").append(esc(r.id().toString())).append("</code></li>\n");
        }
        h.append("</ol>\n<p><small>Generated ").append(esc(generated.toString()))
                .append(signer != null ? " and signed by <code>" + esc(signer) + "</code>" : "")
                .append(". Names are as this node knows them; they are not part of the signed records."
                        + " Check the records with <code>kith verify</code> on the credits bundle.</small></p>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String html) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static String person(String peerId, Function<String, String> names) {
        String name = names.apply(peerId);
        return (name == null ? "" : esc(name) + " ") + "<code>" + esc(peerId) + "</code>";
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
