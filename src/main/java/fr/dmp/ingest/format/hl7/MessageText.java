package fr.dmp.ingest.format.hl7;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.format.TextCharsets;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One HL7 v2 message's bytes as text, in the character set its MSH-18 declares (HL7 table 0211), else UTF-8 when
 * they are valid UTF-8, else the feed's (formats.md): the same for documents and for the dossier events of ADT
 * messages. The events feed took an unknown MSH-18 for UTF-8 and changed a dossier's names with what it read
 * (round 34, a tester on cosyte's vendor quirks), where the documents feed refuses it.
 */
public final class MessageText {

    private MessageText() {
    }

    /** The text, or why it cannot be read ({@code ENCODING_INVALID}). */
    public sealed interface Decoded permits Read, Refused {
    }

    public record Read(String text, Charset charset) implements Decoded {
    }

    public record Refused(Rejection rejection) implements Decoded {
    }

    public static Decoded decode(byte[] bytes, Hl7Messages.Slice slice, Charset defaultCharset) {
        String declared = Hl7Messages.mshField(bytes, slice, 18);
        Charset charset;
        String text;
        if (declared != null) {
            String first = Hl7Fields.firstRepetition(declared, (char) bytes[slice.start() + 3]);
            Optional<Charset> cs = Hl7Charsets.forName(first);
            if (cs.isEmpty()) {
                return refused("unknown or unsupported character set in MSH-18: " + Hl7Fields.charsetNameOrLength(first));
            }
            if (!cs.get().equals(StandardCharsets.UTF_8) && TextCharsets.isMultiByteUtf8(bytes, slice.start(), slice.length())) {
                // round 17, an independent tester: UTF-8 declared 8859/1 stored LECŒUR as LECÅ’UR and opened a dossier
                // with it (formats.md: never store mojibake); the sender's MSH-18 is wrong, not its text
                return refused("MSH-18 declares " + Hl7Fields.charsetNameOrLength(first)
                        + " but the bytes are UTF-8 (multi-byte characters): a wrongly declared character set");
            }
            charset = TextCharsets.latin1OrWindows1252(bytes, slice.start(), slice.length(), cs.get());
            Optional<String> decoded = TextCharsets.decodeStrict(bytes, slice.start(), slice.length(), charset);
            if (decoded.isEmpty()) {
                return refused("bytes not valid in the declared character set " + charset.name());
            }
            text = decoded.get();
        } else if (TextCharsets.isValidUtf8(bytes, slice.start(), slice.length())) {
            charset = StandardCharsets.UTF_8;
            text = new String(bytes, slice.start(), slice.length(), charset);
        } else {
            charset = TextCharsets.latin1OrWindows1252(bytes, slice.start(), slice.length(), defaultCharset);
            Optional<String> decoded = TextCharsets.decodeStrict(bytes, slice.start(), slice.length(), charset);
            if (decoded.isEmpty()) {
                return refused("no MSH-18 and bytes valid neither in UTF-8 nor in " + charset.name());
            }
            text = decoded.get();
        }
        int control = TextCharsets.firstForbiddenControl(text);
        if (control >= 0) {
            return refused(TextCharsets.forbiddenControl(text, control, charset));
        }
        return new Read(text, charset);
    }

    private static Refused refused(String detail) {
        return new Refused(Rejection.of(ReasonCode.ENCODING_INVALID, detail));
    }
}
