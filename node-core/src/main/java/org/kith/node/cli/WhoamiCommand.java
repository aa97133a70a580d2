package org.kith.node.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.node.KithNode;
import org.kith.node.store.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "whoami", description = "Show your peer ID, name and data directory.")
final class WhoamiCommand extends BaseCommand {

    @Mixin
    JsonOption json;

    @Override
    void run() throws Exception {
        try (KithNode node = openReadOnly()) {
            String name = node.profile().map(Views.Person::name).orElse(null);
            if (json.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("peerId", node.self().toBase58());
                out.put("name", name);
                out.put("home", kithHome().dir().toString());
                ctx().printJson(out);
            } else {
                ctx().out.println("peer ID: " + node.self());
                ctx().out.println("name:    " + (name == null ? "(no profile yet: kith profile set --name …)" : name));
                ctx().out.println("data:    " + kithHome().dir());
            }
        }
    }
}
