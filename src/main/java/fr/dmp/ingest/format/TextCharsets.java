package fr.dmp.ingest.format;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decoding of text inputs without mojibake (formats.md): the declared character set when there is
 * one, else UTF-8 when the bytes are valid UTF-8, else the feed's default. Control characters other
 * than CR, LF and TAB are never valid in a text message.
 */
public final class TextCharsets {

    private TextCharsets() {
    }

    /**
     * Windows-1252 instead of ISO-8859-1 when the bytes hold 0x80–0x9F: control characters in ISO-8859-1, but the
     * {@code ’ – œ €} of text written on Windows and labelled ISO-8859-1 all the same (the WHATWG Encoding standard
     * reads every ISO-8859-1 label so). Only when every such byte is punctuation French text typed on Windows has
     * ({@link #windowsPunctuation}): Mac Roman text mislabelled ISO-8859-1 puts its letters there (é 0x8E, è 0x8F,
     * ô 0x99 in "H?pital"), which Windows-1252 would turn into other letters in a name (found by review); that text
     * keeps ISO-8859-1 and so is refused for its control characters, as before. Any other set is kept.
     */
    public static Charset latin1OrWindows1252(byte[] bytes, int offset, int length, Charset charset) {
        if (!charset.equals(StandardCharsets.ISO_8859_1) || !Charset.isSupported("windows-1252")) {
            return charset;
        }
        boolean any = false;
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x80 && b <= 0x9F) {
                if (!windowsPunctuation(bytes, i, offset, offset + length)) {
                    return charset;
                }
                any = true;
            }
        }
        return any && decodeStrict(bytes, offset, length, Charset.forName("windows-1252")).isPresent()
                ? Charset.forName("windows-1252") : charset;
    }

    /**
     * Windows-1252's € … Œ ‘ ’ “ ” • – — ™ œ Ÿ; inside a word (between two ASCII letters) only ’, œ Œ and Ÿ, which French
     * writes there ("l’acte", "cœur", the capital of ÿ in "L’HAŸ", which ISO-8859-1 lacks: round 16 refused it as a
     * control character); another byte there is a letter of some other set (0x8A is è in DOS code page 850, 0x9F is ƒ).
     */
    private static boolean windowsPunctuation(byte[] bytes, int i, int from, int to) {
        int b = bytes[i] & 0xFF;
        if (b == 0x92 || b == 0x9C || b == 0x8C || b == 0x9F) {
            return true;
        }
        if (b != 0x80 && b != 0x85 && !(b >= 0x91 && b <= 0x97) && b != 0x99) {
            return false;
        }
        boolean letterBefore = i > from && isAsciiLetter(bytes[i - 1]);
        boolean letterAfter = i + 1 < to && isAsciiLetter(bytes[i + 1]);
        return !(letterBefore && letterAfter);
    }

    private static boolean isAsciiLetter(byte b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z';
    }

    /**
     * The DOS code page 850 that old laboratory systems wrote, instead of the ISO-8859-1 or Windows-1252 {@code chosen},
     * when only it reads as French: read in {@code chosen} the text holds a C1 control or a letter French never writes
     * ({@code æ ø ý þ}: the {@code µ ² ³ °} of {@code µmol/l}, {@code m²}, {@code 10³/mm³}, {@code °C} in code page 850),
     * while read in code page 850 it holds none of these and at least one French letter or sign. Units were stored as
     * {@code æmol/l} and {@code 10ü/mmü} (round 33, a tester). Text that reads as French in {@code chosen} keeps it.
     */
    public static Charset latinOrDosCodePage850(byte[] bytes, int offset, int length, Charset chosen) {
        if (!(chosen.equals(StandardCharsets.ISO_8859_1) || chosen.name().equals("windows-1252"))
                || !Charset.isSupported("IBM850")) {
            return chosen;
        }
        boolean high = false;
        for (int i = offset; i < offset + length && !high; i++) {
            high = bytes[i] < 0;
        }
        if (!high) {
            return chosen;
        }
        String asChosen = new String(bytes, offset, length, chosen);
        if (unlikelyInFrench(asChosen, false) == 0) {
            return chosen;
        }
        Charset dos = Charset.forName("IBM850");
        Optional<String> asDos = decodeStrict(bytes, offset, length, dos);
        return asDos.isPresent() && unlikelyInFrench(asDos.get(), true) == 0 && frenchSigns(asDos.get()) > 0 ? dos : chosen;
    }

    /**
     * Letters and signs no French text writes: C1 controls, box drawing, letters of other alphabets French names rarely
     * carry ({@code æ ý þ ð}, which are code page 850's {@code µ ² ³} read in ISO-8859-1; {@code ø}, its {@code °}), a capital
     * inside a word in lower case (ISO-8859-1's {@code é} read in code page 850 is {@code Ú}: "CholestÚrol" beside a code
     * page 850 {@code è} is a text of two sets, never guessed). Read in code page 850, also Mac Roman's letters
     * ({@code Ä Å Ö å}) and a unit sign between two letters ("S°ren" is a Danish name in ISO-8859-1). Not {@code Ø}, {@code
     * ×}, {@code Ö}, {@code Ä} in ISO-8859-1: a diameter, "×10^9/l" and German names are French reports' (a review).
     */
    private static int unlikelyInFrench(String text, boolean asDos) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean between = i > 0 && i + 1 < text.length() && Character.isLetter(text.charAt(i - 1))
                    && Character.isLetter(text.charAt(i + 1));
            if (c >= 0x80 && c <= 0x9F || c >= 0x2500 && c <= 0x259F || UNLIKELY.indexOf(c) >= 0
                    || asDos && (DOS_UNLIKELY.indexOf(c) >= 0 || between && "µ°²³".indexOf(c) >= 0)) {
                n++;
            } else if (c > 0x7F && Character.isUpperCase(c) && i > 0 && i + 1 < text.length()
                    && isLowerAscii(text.charAt(i - 1)) && isLowerAscii(text.charAt(i + 1))) {
                n++;
            }
        }
        return n;
    }

    private static boolean isLowerAscii(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static final String UNLIKELY = "\u00E6\u00F8\u00FD\u00FE\u00F0\u00C6\u00DD\u00DE\u00D0\u00A4\u00A6\u00A8\u00B8"
            + "\u0192\u0131\u2017\u00A5\u00AC\u00AF";
    // Mac Roman's letters; and ISO-8859-1's ô î û read in code page 850 (¶ ¯ ¹ ´): "contr¶le" beside a code page 850 name is
    // a text of two sets (round 33, an attacker)
    private static final String DOS_UNLIKELY = "\u00C4\u00C5\u00D6\u00E5\u00B6\u00B4\u00B9";

    private static int frenchSigns(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if ("éèàçêôîûùâëïüœÉÈÀÇÊÔÎÛÙÂµ°²³«»".indexOf(text.charAt(i)) >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Strict decoding: empty when the bytes are not valid in {@code charset}. */
    public static Optional<String> decodeStrict(byte[] bytes, int offset, int length, Charset charset) {
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Bytes that are UTF-8 with at least one multi-byte character: what a single-byte declaration (8859/1) over them
     * turns into mojibake ({@code LECŒUR} read as {@code LECÅ’UR}). French text in a single-byte set is almost never
     * valid UTF-8 with such a sequence (it would need {@code Ã} followed by a C1 control or a symbol such as {@code ©}).
     */
    public static boolean isMultiByteUtf8(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return decodeStrict(bytes, offset, length, StandardCharsets.UTF_8).isPresent();
            }
        }
        return false; // pure ASCII reads the same in every set
    }

    public static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return decodeStrict(bytes, offset, length, StandardCharsets.UTF_8).isPresent();
            }
        }
        return true; // pure ASCII
    }

    /**
     * The index of the first control character that has no place in text, or -1. The C1 controls (U+0080–U+009F)
     * are among them: in a text they are bytes of another character set read as ISO-8859-1 (Mac Roman's letters;
     * Windows-1252's punctuation is read as such before, {@link #latin1OrWindows1252}).
     */
    public static int firstForbiddenControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What an operator reads for the character {@link #firstForbiddenControl} found: its code, and for a C1 control
     * (0x80-0x9F) what it is in Windows-1252, the usual cause (round 25: a curly apostrophe typed on Windows in a
     * message declared ISO 8859-15, as the ANS profile's own header example declares it). Never the text around it.
     */
    public static String forbiddenControl(CharSequence text, int at, java.nio.charset.Charset declared) {
        char c = text.charAt(at);
        String code = String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
        if (c >= 0x80 && c <= 0x9F) {
            String windows = new String(new byte[] {(byte) c}, java.nio.charset.Charset.forName("windows-1252"));
            return "control character " + code + " inside the message (read as " + declared.name() + ")"
                    + (windows.charAt(0) == '\uFFFD' ? "" : "; as a Windows-1252 byte it is \"" + windows
                    + "\": was the text typed on Windows? Declare the character set it was written in");
        }
        return "control character " + code + " (NUL or similar) inside the message";
    }

    /** Said of text in UTF-16, which the line formats are not read in (round 29: "detected text/plain" told nothing). */
    public static final String UTF16_DETAIL = "UTF-16 text: HL7 v2, HPRIM and the events CSV are read in ASCII-based"
            + " charsets only (UTF-8, ISO-8859-1...): save the file as UTF-8";

    /** Said of a CDA in UTF-16 that detection could not read: its XML declaration names another encoding. */
    public static final String UTF16_XML_DETAIL = "a CDA in UTF-16 whose XML declaration names another encoding (or none"
            + " a reader can follow): declare encoding=\"UTF-16\" or save it as UTF-8";

    /** Whether UTF-16 bytes read as an XML document holding a ClinicalDocument (round 30, a tester: told of HL7 and HPRIM). */
    public static boolean utf16ClinicalDocument(byte[] bytes) {
        if (!looksUtf16(bytes)) {
            return false;
        }
        boolean bigEndian = bytes[0] == (byte) 0xFE || (bytes[0] == 0 && bytes.length > 1 && bytes[1] != 0);
        String text = new String(bytes, bigEndian ? java.nio.charset.StandardCharsets.UTF_16BE
                : java.nio.charset.StandardCharsets.UTF_16LE);
        return text.contains("<ClinicalDocument") || text.contains(":ClinicalDocument");
    }

    /** Whether the bytes are UTF-16 text: a byte-order mark, or ASCII with every other byte zero at the start. */
    public static boolean looksUtf16(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            return true;
        }
        int n = Math.min(bytes.length, 64) & ~1;
        if (n < 8) {
            return false;
        }
        boolean evenZero = true;
        boolean oddZero = true;
        for (int i = 0; i < n; i += 2) {
            evenZero &= bytes[i] == 0 && bytes[i + 1] != 0;
            oddZero &= bytes[i + 1] == 0 && bytes[i] != 0;
        }
        return evenZero || oddZero;
    }

    public static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }
}
