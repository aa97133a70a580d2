package org.kith.ui.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.kith.node.KithHome;

/**
 * How the app was started: {@code kith app [--home DIR] [--theme light|dark|system] [--no-network]
 * [--listen-ip IP] [--no-mdns]}. The data directory resolves like the CLI's ({@code --home},
 * {@code KITH_HOME}, the XDG data directory).
 */
public record AppOptions(KithHome home, Theme theme, boolean network, String listenIp, boolean mdns,
        Map<String, String> env) {

    /** Light, dark, or following the desktop (GTK_THEME / the colour scheme hint; light when unknown). */
    public enum Theme {
        LIGHT, DARK, SYSTEM
    }

    /** @throws IllegalArgumentException with a message for the user on a bad option */
    public static AppOptions parse(List<String> args, Map<String, String> env) {
        Path home = null;
        Theme theme = Theme.SYSTEM;
        boolean network = true;
        boolean mdns = true;
        String listenIp = "0.0.0.0";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--home" -> home = Path.of(value(args, ++i, a));
                case "--theme" -> theme = switch (value(args, ++i, a)) {
                    case "light" -> Theme.LIGHT;
                    case "dark" -> Theme.DARK;
                    case "system" -> Theme.SYSTEM;
                    default -> throw new IllegalArgumentException("--theme is light, dark or system");
                };
                case "--no-network" -> network = false;
                case "--no-mdns" -> mdns = false;
                case "--listen-ip" -> listenIp = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + "; kith app [--home DIR] [--theme light|dark|system] [--no-network] [--listen-ip IP]"
                        + " [--no-mdns]");
            }
        }
        return new AppOptions(KithHome.resolve(home, env), theme, network, listenIp, mdns, Map.copyOf(env));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** Whether the dark theme applies: {@code --theme}, else the theme chosen in the app, else the desktop's. */
    public boolean dark() {
        if (theme == Theme.SYSTEM) {
            Theme saved = UiSettings.of(home, env).theme().orElse(Theme.SYSTEM);
            if (saved != Theme.SYSTEM) {
                return saved == Theme.DARK;
            }
            String gtk = env.getOrDefault("GTK_THEME", "");
            String scheme = env.getOrDefault("KITH_COLOR_SCHEME", "");
            return gtk.toLowerCase(java.util.Locale.ROOT).contains("dark") || scheme.equals("dark");
        }
        return theme == Theme.DARK;
    }
}
