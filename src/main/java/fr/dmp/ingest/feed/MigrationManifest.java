package fr.dmp.ingest.feed;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.intake.FileNames;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The manifest of a legacy export (issue 14): one line per file of the export, read strictly. A manifest
 * that breaks any rule is refused whole, before anything is claimed, with one line naming the line and
 * the field — never the value (a manifest may hold an INS).
 *
 * <pre>
 * legacy_record_id,file_name,sha256,ins,expected_documents
 * HPR-1998-0001,hprim-01.hpr,3f5c…(64 hex),279035121518989,2
 * </pre>
 * {@code ins} and {@code expected_documents} may be empty. A PDF is listed by its own name; its sidecar
 * travels with it and is not a line of its own.
 */
public record MigrationManifest(List<Line> lines) {

    public static final List<String> HEADER = List.of("legacy_record_id", "file_name", "sha256", "ins", "expected_documents");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RECORD_ID = Pattern.compile("[\\p{L}\\p{N}._:/#^-]{1,200}");
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    public MigrationManifest {
        lines = List.copyOf(lines);
    }

    /** One line of the manifest; {@code lineNumber} counts the header as line 1. */
    public record Line(int lineNumber, String legacyRecordId, String fileName, String sha256, String ins,
                       Integer expectedDocuments) {
        @Override
        public String toString() {
            return "Line[" + lineNumber + ", " + legacyRecordId + ", INS " + (ins == null ? "-" : Ins.mask(ins)) + "]";
        }
    }

    /**
     * The lines, each file name as the drop folder spells it when the folder holds the file only under the other Unicode
     * normal form (round 13, a migration tester: a manifest in NFC, the file in NFD, was "missing" plus "unexpected").
     * A name another line already gives, or a file not yet delivered, is left as written.
     */
    public MigrationManifest asDeliveredIn(Path drop) {
        Set<String> listed = new HashSet<>();
        lines.forEach(l -> listed.add(l.fileName()));
        List<Line> out = new ArrayList<>(lines.size());
        for (Line l : lines) {
            Path found = fr.dmp.ingest.intake.DropFolder.existingSpelling(drop.resolve(l.fileName()));
            String onDisk = found == null ? l.fileName() : found.getFileName().toString();
            String name = !onDisk.equals(l.fileName()) && !listed.contains(onDisk) ? onDisk : l.fileName();
            out.add(new Line(l.lineNumber(), l.legacyRecordId(), name, l.sha256(), l.ins(), l.expectedDocuments()));
        }
        return new MigrationManifest(out);
    }

    public static MigrationManifest read(Path file) {
        try {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw refused("the manifest is missing or unreadable");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw refused("the manifest is over 256 MB");
            }
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (Reader in = new java.io.InputStreamReader(Files.newInputStream(file), decoder)) {
                return parse(in);
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(file);
            }
            throw refused("the manifest cannot be read (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        } catch (IOException e) {
            throw refused("the manifest cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The line of the first byte that is not UTF-8 (round 13, a migration tester: a spreadsheet's Windows-1252 export
     * was "line 1: malformed CSV", its bad byte being on line 15).
     */
    private static FeedConfigException notUtf8(Path file) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        boolean cr = false; // a CR alone ends a line too (a "CSV (Macintosh)" export), a CR LF once
        try (var in = Files.newInputStream(file)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(1 << 16);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(1 << 16);
            boolean end = false;
            while (true) {
                int n = end ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    end = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                java.nio.charset.CoderResult r = decoder.decode(bytes, chars, end);
                chars.flip();
                while (chars.hasRemaining()) {
                    char c = chars.get();
                    if (c == '\n' || cr) {
                        line++;
                    }
                    cr = c == '\r';
                }
                chars.clear();
                if (r.isError()) {
                    if (cr) {
                        line++;
                    }
                    break;
                }
                bytes.compact();
                if (end && !r.isOverflow()) {
                    return refused("the manifest is not UTF-8");
                }
            }
        } catch (IOException e) {
            return refused("the manifest is not UTF-8");
        }
        return refused("manifest line " + line + ": not UTF-8 (a spreadsheet's export in Windows-1252 or Latin-1?"
                + " save it as CSV UTF-8)");
    }

    static MigrationManifest parse(Reader source) throws IOException {
        // a byte-order mark before a quoted header ("\uFEFF\"legacy_record_id\"") made the quote part of the field: the
        // header refused although exact (round 29, a tester); the mark is dropped before the CSV is read
        java.io.PushbackReader in = new java.io.PushbackReader(source, 1);
        int first = in.read();
        if (first >= 0 && first != '\uFEFF') {
            in.unread(first);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setTrim(false).get();
        List<Line> lines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            var records = parser.iterator();
            long lineNo = 1;
            try {
                if (!records.hasNext()) {
                    throw refused("the manifest is empty (line 1 must be the header " + String.join(",", HEADER) + ")");
                }
                CSVRecord header = records.next();
                List<String> got = header.toList().stream().map(s -> s.strip().replace("\uFEFF", "")).toList();
                if (!got.equals(HEADER)) {
                    // say what is wrong: French spreadsheets export with semicolons; a column added or missing is named
                    String why = got.size() == 1 && got.get(0).contains(";") ? " (this one is separated by semicolons: export"
                            + " it as CSV with commas)" : got.size() > HEADER.size() && got.subList(0, HEADER.size()).equals(HEADER)
                            ? " (a column more than these: " + fr.dmp.ingest.domain.Printable.of(String.join(",",
                            got.subList(HEADER.size(), got.size()))) + ")" : got.size() < HEADER.size()
                            ? " (" + got.size() + " columns, " + HEADER.size() + " expected)" : "";
                    throw refused("manifest line 1: the header must be " + String.join(",", HEADER) + why);
                }
                while (records.hasNext()) {
                    CSVRecord r = records.next();
                    lineNo = r.getRecordNumber();
                    lines.add(line((int) lineNo, r, ids, names));
                }
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    throw e; // not UTF-8: read() says on which line
                }
                throw refused("manifest line " + (parser.getRecordNumber() + 1) + ": malformed CSV");
            } catch (IllegalStateException e) {
                // commons-csv: an unclosed quote, text after a closing quote...
                throw refused("manifest line " + (parser.getRecordNumber() + 1) + ": malformed CSV");
            }
        }
        if (lines.isEmpty()) {
            throw refused("the manifest lists no file");
        }
        return new MigrationManifest(lines);
    }

    private static Line line(int n, CSVRecord r, Set<String> ids, Set<String> names) {
        if (r.size() == 1 && r.get(0).isEmpty()) {
            throw refused("manifest line " + n + ": empty line");
        }
        if (r.size() != HEADER.size()) {
            throw refused("manifest line " + n + ": " + r.size() + " fields, " + HEADER.size() + " expected");
        }
        String id = r.get(0);
        if (!RECORD_ID.matcher(id).matches()) {
            throw field(n, "legacy_record_id", "1 to 200 letters, digits or . _ : / # ^ -");
        }
        if (!ids.add(id)) {
            throw field(n, "legacy_record_id", "given on an earlier line");
        }
        String name = r.get(1);
        Optional<String> nameProblem = FileNames.problem(name);
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".") || nameProblem.isPresent()) {
            throw field(n, "file_name", nameProblem.orElse("a plain file name of the drop folder"));
        }
        if (!names.add(name)) {
            throw field(n, "file_name", "given on an earlier line");
        }
        String sha = r.get(2).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw field(n, "sha256", "64 hexadecimal digits");
        }
        String ins = r.get(3).isEmpty() ? null : r.get(3);
        if (ins != null && !Ins.isValid(ins)) {
            throw field(n, "ins", Ins.problem(ins).orElse("not a valid INS matricule"));
        }
        Integer expected = null;
        if (!r.get(4).isEmpty()) {
            try {
                expected = Integer.parseInt(r.get(4));
            } catch (NumberFormatException e) {
                expected = -1;
            }
            if (expected < 0) {
                throw field(n, "expected_documents", "a whole number, 0 or more");
            }
        }
        return new Line(n, id, name, sha, ins, expected);
    }

    private static FeedConfigException field(int line, String field, String rule) {
        return refused("manifest line " + line + ", field " + field + ": " + rule);
    }

    private static FeedConfigException refused(String message) {
        return new FeedConfigException(message);
    }
}
