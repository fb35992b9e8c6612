package fr.dmp.ingest;

import java.nio.file.Path;

/**
 * The tests' content key file. The suite runs in two JVMs side by side (pom.xml, surefire's forkCount): each has
 * a file of its own ({@code dmp.test.key-file}, set per fork), so that one JVM never seals with a key the other's
 * child processes cannot read, and two never race to create one file.
 */
public final class TestKeys {

    /** The Spring property value of the tests' contexts: the fork's file, or the single-JVM default. */
    public static final String PROPERTY = "dmp.crypto.key-file=${dmp.test.key-file:target/test-keys/content.keys}";

    private TestKeys() {
    }

    public static Path file() {
        return Path.of(System.getProperty("dmp.test.key-file", "target/test-keys/content.keys"));
    }
}
