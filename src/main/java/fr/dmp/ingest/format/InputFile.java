package fr.dmp.ingest.format;

/**
 * An input's content as the pipeline hands it to a reader: its name (a hint only, never the truth
 * about its format), its bytes and, when it came with one, the bytes of its sidecar.
 */
public record InputFile(String name, byte[] bytes, byte[] companion) {

    public static InputFile embedded(byte[] bytes) {
        return new InputFile("embedded", bytes, null);
    }

    @Override
    public String toString() {
        return "InputFile[" + bytes.length + " bytes" + (companion == null ? "" : ", with sidecar") + "]";
    }
}
