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

    public static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return decodeStrict(bytes, offset, length, StandardCharsets.UTF_8).isPresent();
            }
        }
        return true; // pure ASCII
    }

    /** The index of the first control character that has no place in text, or -1. */
    public static int firstForbiddenControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    public static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }
}
