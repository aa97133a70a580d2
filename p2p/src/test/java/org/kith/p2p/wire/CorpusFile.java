package org.kith.p2p.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the test corpora kept under {@code src/test/resources/<protocol>/}: UTF-8 lines of the
 * form {@code why :: field :: field…}; blank lines and lines starting with {@code #} are skipped.
 * In text fields {@code \\uXXXX} escapes a character and {@code \\\\} a backslash.
 */
public final class CorpusFile {

    /** One data line. */
    public record Case(String file, int line, String why, List<String> fields) {

        public String field(int i) {
            return fields.get(i);
        }

        /** Field {@code i} with escapes resolved. */
        public String text(int i) {
            return unescape(fields.get(i));
        }

        /** Field {@code i} as hex, spaces ignored. */
        public byte[] hex(int i) {
            return HexFormat.of().parseHex(fields.get(i).replace(" ", ""));
        }

        @Override
        public String toString() {
            return file.substring(file.lastIndexOf('/') + 1) + ":" + line + " " + why;
        }
    }

    private CorpusFile() {
    }

    /** A content line of a corpus file: not blank, not a comment. */
    public record Line(int number, String text) {
    }

    /** The content lines of a UTF-8 test resource, with their line numbers. */
    public static List<Line> lines(String resource) {
        InputStream in = CorpusFile.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(new Line(number, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    public static List<Case> load(String resource) {
        List<Case> cases = new ArrayList<>();
        for (Line l : lines(resource)) {
            String line = l.text();
            int sep = line.indexOf(" ::");
            if (sep < 0) {
                throw new IllegalStateException(resource + ":" + l.number() + " has no ' ::'");
            }
            String why = line.substring(0, sep);
            List<String> fields = new ArrayList<>();
            String rest = line.substring(sep + 3);
            while (true) {
                if (rest.startsWith(" ")) {
                    rest = rest.substring(1);
                }
                int next = rest.indexOf(" ::");
                if (next < 0) {
                    fields.add(rest);
                    break;
                }
                fields.add(rest.substring(0, next));
                rest = rest.substring(next + 3);
            }
            cases.add(new Case(resource, l.number(), why, List.copyOf(fields)));
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException(resource + " has no cases");
        }
        return cases;
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                sb.append('\\');
                i++;
            } else if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
